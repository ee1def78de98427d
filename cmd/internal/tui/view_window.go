package tui

import (
	"math"
	"strings"
)

// A TextView parses its text from the start down to the last row it
// shows, at the first draw of each new text: the lesson pane, following
// the newest section at the end of the lesson, parsed the whole lesson
// again at every step (BenchmarkLessonWalk). drawText gives the TextView
// only the text from the last line above the pane's top row that starts
// in the style the text starts with: a line after the style reset
// "[-:-:-]" that ends every styled span of a lesson
// (markdown.textRenderer), with no tag after it. The reset leaves
// underlining on (tview v0.42 on tcell v2.13: Attributes keeps the
// underline style), and then the cut text starts with tags that set it
// the same way. The rows above are counted by the pane's rowMemo, which
// the follow filled already. view_window_test.go checks the drawing
// against the whole text's on every shipped lesson.

// drawText draws the TextView into the grid, its text from a cut when
// there is one above the top row.
func (p *textPane) drawText() {
	row, col := p.GetScrollOffset()
	_, _, w, h := p.GetInnerRect()
	off, at, ul := 0, 0, false
	if !p.typed && row > 0 && w > 0 {
		// the top row once the TextView clamps the scrolling: the cut
		// leaves it as many rows below as the whole text
		total := p.rows.wrappedRow(p.text, math.MaxInt, w)
		off, at, ul = p.cut(min(row, max(0, total-h)), w)
	}
	if off == 0 {
		p.TextView.Draw(&p.grid)
		return
	}
	if ul {
		p.TextView.SetText(underlineLeft + p.text[off:])
	} else {
		p.TextView.SetText(p.text[off:])
	}
	p.TextView.ScrollTo(row-at, col)
	p.TextView.Draw(&p.grid)
	row, col = p.GetScrollOffset() // clamped as the whole text would be
	p.TextView.SetText(p.text)
	p.TextView.ScrollTo(row+at, col)
}

// underlineLeft sets the underline the reset leaves on, and nothing
// else (tview sets no attribute for it).
const underlineLeft = "[::u]"

// cut is the byte offset and the row, wrapped to width, of the last line
// of the pane's text that starts at or above row in the text's first
// style, or in it with the underline left on (ul); 0, 0 when only the
// first line does.
func (p *textPane) cut(row, width int) (off, at int, ul bool) {
	text := p.text
	var st lineStyle
	for pos, r := 0, 0; r <= row; {
		if !st.colored {
			off, at, ul = pos, r, st.underline
		}
		j := strings.IndexByte(text[pos:], '\n')
		if j < 0 {
			break
		}
		line := text[pos : pos+j]
		if !st.after(line) {
			break
		}
		r += p.rows.lineRows(line, width)
		pos += j + 1
	}
	return off, at, ul
}

// lineStyle is what the tags of the text so far may have left set.
type lineStyle struct {
	colored   bool // a tag other than the reset "[-:-:-]" is the last one
	underline bool // the reset leaves underlining on: only [::U] ends it
}

// after moves s past line. Any '[' counts as a tag (one escaped too:
// then no cut). It returns false when it cannot tell: after a tag with a
// URL (the reset keeps it), or an underline set or ended by what may not
// be a tag.
func (s *lineStyle) after(line string) bool {
	last := -1
	for i := strings.IndexByte(line, '['); i >= 0; {
		last += i + 1
		tag := line[last:]
		if e := strings.IndexByte(tag, ']'); e >= 0 {
			f := strings.Split(tag[1:e], ":")
			if len(f) > 3 {
				return false
			}
			if len(f) == 3 && strings.ContainsAny(f[2], "uU") {
				if !isStyleTag(f) {
					return false
				}
				u := strings.LastIndexAny(f[2], "uU")
				s.underline = f[2][u] == 'u'
			}
		}
		i = strings.IndexByte(line[last+1:], '[')
	}
	if last >= 0 {
		s.colored = !strings.HasPrefix(line[last:], "[-:-:-]")
	}
	return true
}

// isStyleTag is whether the fields of "[fg:bg:attrs]" make a style tag.
func isStyleTag(f []string) bool {
	for _, c := range f[:2] {
		if strings.Trim(c, "#-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "" {
			return false
		}
	}
	return f[2] == "-" || strings.Trim(f[2], "buildsrBUILDSR") == ""
}
