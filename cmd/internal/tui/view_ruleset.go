package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// rulesetView is the what-if's pane: each host's ruleset under a heading,
// every line with its file line number. The rule that decided the step
// shown is marked ▶ in its verdict's style (only that step's: nothing
// here tells a verdict the timeline has not shown); the cursor's line is
// in the current step's style while the pane has focus; an edited line
// is marked *; an edit's error is written under its line.
type rulesetView struct {
	*tview.Box
	w       *whatIf
	theme   Theme
	decided int    // the line that decided the step shown; -1: none
	verdict string // its verdict (accept, drop, reject)
	note    string // the step's decision, on the last row
	err     string // the edit's error, under the cursor's line
	top     int    // the first row shown
	keys    func(ev *tcell.EventKey)
}

func newRulesetView(w *whatIf, th Theme, keys func(ev *tcell.EventKey)) *rulesetView {
	v := &rulesetView{Box: tview.NewBox(), w: w, theme: th, decided: -1, keys: keys}
	v.Box.SetBorder(true).SetTitleAlign(tview.AlignLeft)
	return v
}

// rsRow is one row of the pane: a heading (line < 0), a ruleset line
// (its index among all lines), or a row of an error.
type rsRow struct {
	text  string
	line  int
	isErr bool
	more  bool // the cursor's line, continued (it is wider than the pane)
}

// rows are the pane's rows at inner width w.
func (v *rulesetView) rows(w int) []rsRow {
	var out []rsRow
	n := 0
	for _, t := range v.w.texts {
		head := fmt.Sprintf("%s · %s", t.host, t.fw)
		if len(v.w.overridden) > 0 {
			head += " · as " + strings.Join(v.w.overridden, " ") + " made it"
		}
		out = append(out, rsRow{text: head, line: -1})
		for i, l := range t.lines {
			mark := " "
			if l != t.orig[i] {
				mark = "*"
			}
			text := fmt.Sprintf("%4d%s%s", t.first+i, mark, strings.ReplaceAll(l, "\t", "  "))
			if n != v.w.cursor || len([]rune(text)) <= w-1 {
				out = append(out, rsRow{text: text, line: n})
			} else {
				// the cursor's line whole, so that what o and e act on
				// is seen at any width
				head, rest := cutAtSpace(text, w-1)
				out = append(out, rsRow{text: head, line: n})
				for k := 0; rest != "" && k < 3; k++ {
					head, rest = cutAtSpace(rest, max(w-7, 10))
					out = append(out, rsRow{text: "      " + head, line: n, more: true})
				}
			}
			if n == v.w.cursor && v.err != "" {
				for _, e := range wrapText(v.err, max(w-2, 10), 3) {
					out = append(out, rsRow{text: e, line: -1, isErr: true})
				}
			}
			n++
		}
	}
	if len(v.w.texts) == 0 {
		out = append(out, rsRow{text: "no ruleset: no host filters", line: -1})
		// no line to write it under: what o, e or W could not do
		for _, e := range wrapText(v.err, max(w-2, 10), 3) {
			out = append(out, rsRow{text: e, line: -1, isErr: true})
		}
	}
	return out
}

// wantHeight is the rows the pane would like (borders included).
func (v *rulesetView) wantHeight() int { return min(len(v.rows(80))+3, 16) }

func (v *rulesetView) Draw(screen tcell.Screen) {
	th := v.theme
	_, _, bw, _ := v.GetRect()
	title := whatIfKeys
	for _, t := range whatIfKeysShort {
		if len([]rune(title)) <= bw-2 {
			break
		}
		title = t
	}
	v.SetTitle(title)
	drawFrame(screen, v.Box, v.HasFocus(), th.Border)
	x, y, w, h := v.GetInnerRect()
	if w <= 0 || h <= 0 {
		return
	}
	body := h
	if v.note != "" && h > 2 {
		body = h - 1
		v.put(screen, x, y+h-1, w, " "+v.note, th.Title)
	}
	rows := v.rows(w)
	v.scroll(rows, body)
	for r := 0; r < body; r++ {
		i := v.top + r
		if i >= len(rows) {
			v.put(screen, x, y+r, w, "", th.Base)
			continue
		}
		v.drawRow(screen, x, y+r, w, rows[i])
	}
}

// drawRow draws one row: a heading, an error, or a ruleset line with its
// marks.
func (v *rulesetView) drawRow(screen tcell.Screen, x, y, w int, row rsRow) {
	th := v.theme
	switch {
	case row.isErr:
		v.put(screen, x, y, w, "  "+row.text, th.Drop)
		return
	case row.line < 0:
		v.put(screen, x, y, w, row.text, th.Title)
		return
	}
	st, mark := th.Base, " "
	if row.line == v.decided {
		st, mark = th.Accept, "▶"
		if v.verdict != "accept" {
			st = th.Drop
		}
	}
	if row.line == v.w.cursor && v.HasFocus() {
		st = th.Current
	}
	if row.more {
		mark = " "
	}
	putRune(screen, x, y, []rune(mark)[0], st)
	v.put(screen, x+1, y, w-1, row.text, st)
}

// put writes s at x, y in n cells and fills the rest with st.
func (v *rulesetView) put(screen tcell.Screen, x, y, n int, s string, st tcell.Style) {
	s = truncate(s, n)
	i := 0
	for _, r := range s {
		if i >= n {
			break
		}
		if !narrow(r) {
			r = '?'
		}
		putRune(screen, x+i, y, r, st)
		i++
	}
	for ; i < n; i++ {
		putRune(screen, x+i, y, ' ', st)
	}
}

// scroll keeps the cursor's line (with its heading above and its error
// rows below, when they fit) within the body's h rows.
func (v *rulesetView) scroll(rows []rsRow, h int) {
	cur := slices.IndexFunc(rows, func(r rsRow) bool { return r.line == v.w.cursor })
	if cur < 0 {
		v.top = 0
		return
	}
	first, last := cur, cur
	if cur > 0 && rows[cur-1].line < 0 && !rows[cur-1].isErr {
		first = cur - 1
	}
	for last+1 < len(rows) && (rows[last+1].isErr || rows[last+1].more) {
		last++
	}
	v.top = min(v.top, first)
	if last >= v.top+h {
		v.top = last - h + 1
	}
	v.top = max(min(v.top, cur), 0)
}

func (v *rulesetView) InputHandler() func(event *tcell.EventKey, setFocus func(p tview.Primitive)) {
	return v.WrapInputHandler(func(ev *tcell.EventKey, _ func(p tview.Primitive)) {
		v.keys(ev)
	})
}

// wrapText cuts s into rows of at most w cells, n rows at most (the last
// marked … if cut).
func wrapText(s string, w, n int) []string {
	var out []string
	rs := []rune(s)
	for len(rs) > 0 && len(out) < n {
		k := min(w, len(rs))
		out = append(out, string(rs[:k]))
		rs = rs[k:]
	}
	if len(rs) > 0 {
		out[n-1] = truncate(out[n-1]+"…", w)
	}
	return out
}

// cutAtSpace cuts s after at most w cells: at its last space there when
// that keeps more than half the row, else at w. The rest starts at its
// first non-space.
func cutAtSpace(s string, w int) (head, rest string) {
	rs := []rune(s)
	if len(rs) <= w {
		return s, ""
	}
	cut := w
	if i := strings.LastIndex(string(rs[:w+1]), " "); i >= 0 && len([]rune(s[:i])) > w/2 {
		cut = len([]rune(s[:i]))
	}
	return string(rs[:cut]), strings.TrimLeft(string(rs[cut:]), " ")
}
