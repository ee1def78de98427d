package tui

import (
	"strings"

	"github.com/rivo/tview"
)

// paneFollow keeps a text pane on its newest text: the lesson pane on
// the newest section, the state pane on the rows the step changed. When
// a step reveals a section, the lesson pane scrolls to show all of it,
// with the text before it above; a section taller than the pane shows
// from its start, but while a checkpoint is asked (and answered) its end:
// the question is about the newest text, and it shows below the
// checkpoint's box if one covers the pane's top. Where that is
// depends on the pane's width (the text wraps) and height, known only
// when it is drawn: refresh sets the target, and the pane's next draw
// scrolls to it once, so that the student can still scroll by hand
// until the text or the layout changes.
type paneFollow struct {
	// lines of the text (unwrapped): the newest section's first, the
	// one after its last, and the one after what may show below it
	// (the lesson pane: the step's line, a hint; not the console)
	from, to, stop int
	// cover is the screen row under the checkpoint's box (0: no box)
	cover int
	// end shows the end of rows taller than the pane (else their start)
	end     bool
	applied followKey
	seen    changedMemo // the state pane: the rows its texts changed
}

// followKey is what a scroll was computed from.
type followKey struct {
	gen, w, h, cover, from, to, stop int
	end                              bool
}

// set makes the pane follow lines from to to (exclusive) of its text,
// showing at most the lines before stop below them.
func (f *paneFollow) set(from, to, stop int) { f.from, f.to, f.stop = from, to, stop }

// scroll scrolls p (the lesson pane, about to be drawn) to the target,
// unless it already did for this text, target and size.
func (f *paneFollow) scroll(p *textPane) {
	_, y, w, h := p.GetInnerRect()
	k := followKey{gen: p.gen, w: w, h: h, cover: max(0, min(f.cover-y, h)), from: f.from, to: f.to, stop: f.stop, end: f.end}
	if k == f.applied || w <= 0 || h <= 0 {
		return
	}
	f.applied = k
	from := p.rows.wrappedRow(p.text, f.from, w)
	to := max(from, p.rows.wrappedRow(p.text, f.to, w))
	stop := max(to, p.rows.wrappedRow(p.text, f.stop, w))
	p.ScrollTo(followRow(from, to, stop, h, k.cover, f.end), 0)
	p.typed = false // scrolled, and no longer at the end if a key asked
}

// newestSection is the lines of a lesson pane's text where its newest
// section starts (row: where the section begins, blank lines skipped)
// and ends: the text's end, since the pane shows the sections up to the
// current one. A scenario's setup (not a lesson, row 0) is followed from
// its start only.
func newestSection(text string, row int, lesson bool) (from, to int) {
	to = strings.Count(strings.TrimRight(text, "\n"), "\n") + 1
	if !lesson && row == 0 {
		return 0, 0
	}
	lines := strings.Split(text, "\n")
	for row < to-1 && strings.TrimSpace(lines[row]) == "" {
		row++
	}
	return row, to
}

// followRow is the first row to show in a pane of h rows whose top cover
// rows are hidden, for the rows from to to (exclusive) to show: all of
// them if they fit, with what comes before them above and, if it fits,
// rows up to stop below; else their end if end, their start if not.
func followRow(from, to, stop, h, cover int, end bool) int {
	if cover >= h {
		return max(0, to-h) // nothing shows below the box: the end, for after it
	}
	vis := h - cover
	switch {
	case to-from > vis && end:
		return max(0, to-vis-cover)
	case to-from > vis:
		return max(0, from-cover)
	}
	return max(0, min(from-cover, stop-h))
}

// wrappedRows is how many rows tagged text takes in a TextView width
// cells wide that wraps at words (the lesson pane, the checkpoint's box).
func wrappedRows(text string, width int) int {
	tv := tview.NewTextView().SetDynamicColors(true).SetWordWrap(true)
	tv.SetSize(0, max(width, 1)).SetText(text)
	return tv.GetWrappedLineCount()
}

// followChanged makes the pane follow the lines of text a step changed
// (changedRows).
func (f *paneFollow) followChanged(text string) { f.set(f.seen.of(text)) }

// changedMemo remembers changedRows of the last two texts: a step back
// and on again shows them again, and changedRows strips the tags of the
// whole text.
type changedMemo struct {
	texts [2]string
	rows  [2][3]int
	n     int // how many are remembered
}

func (m *changedMemo) of(text string) (from, to, stop int) {
	for i := range m.n {
		if m.texts[i] == text {
			return m.rows[i][0], m.rows[i][1], m.rows[i][2]
		}
	}
	from, to, stop = changedRows(text)
	m.texts[1], m.rows[1] = m.texts[0], m.rows[0]
	m.texts[0], m.rows[0] = text, [3]int{from, to, stop}
	m.n = min(m.n+1, 2)
	return from, to, stop
}

// changedRows is the lines of the state pane's text to follow: from the
// line before the first row the step changed (marked "+ ", see
// renderState: its table's heading, or the row above) to the last (and
// its continued lines); none
// when nothing changed.
func changedRows(text string) (from, to, stop int) {
	plain := tview.NewTextView().SetDynamicColors(true).SetText(text).GetText(true)
	lines := strings.Split(strings.TrimRight(plain, "\n"), "\n")
	from = -1
	for i, l := range lines {
		if strings.HasPrefix(l, "+ ") {
			if from < 0 {
				from = max(0, i-1)
			}
			to = i + 1
		} else if i == to && to > 0 && strings.HasPrefix(l, "    ") {
			to = i + 1 // the changed row, continued
		}
	}
	if from < 0 {
		return 0, 0, 0
	}
	return from, to, len(lines)
}
