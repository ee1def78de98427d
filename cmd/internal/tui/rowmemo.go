package tui

import (
	"strings"

	"github.com/rivo/tview"
)

// rowMemo remembers the rows each line of a pane's texts wraps to, by
// line and width. A pane's new text is mostly the lines of the text
// before (the lesson's sections, the state's tables), and wrapping a
// line parses it: wrapping each new text whole, three times, to find
// where a section starts was 5 % of the server's time in a class of
// sixty, even with whole texts remembered (each text is new). A line's
// rows do not depend on the lines around it: the wrap starts over after
// a line break, and style tags take no room (rowmemo_test.go checks it
// on every shipped lesson).
type rowMemo struct {
	rows map[rowKey]int
	tv   *tview.TextView // wraps the lines the memo lacks
}

type rowKey struct {
	line  string
	width int
}

// maxRowMemo bounds a pane's memo, in lines (a lesson has a few
// hundred); past it the memo starts over.
const maxRowMemo = 4096

// wrappedRow is the row, wrapped to width as the lesson pane wraps, where
// line n of tagged text starts; past the last line, the rows of the text.
func (m *rowMemo) wrappedRow(text string, n, width int) int {
	if n <= 0 || text == "" {
		return 0
	}
	row := 0
	for range n {
		j := strings.IndexByte(text, '\n')
		if j < 0 {
			if text == "" {
				return row + 1 // the empty line after the last line break
			}
			return row + m.lineRows(text, width)
		}
		row += m.lineRows(text[:j], width)
		text = text[j+1:]
	}
	return row
}

// lineRows is how many rows line (without its line break) takes at
// width, remembered.
func (m *rowMemo) lineRows(line string, width int) int {
	k := rowKey{line, width}
	if n, ok := m.rows[k]; ok {
		return n
	}
	if m.rows == nil || len(m.rows) >= maxRowMemo {
		m.rows = map[rowKey]int{}
	}
	if m.tv == nil {
		m.tv = tview.NewTextView().SetDynamicColors(true).SetWordWrap(true)
	}
	// with its line break, as in the text: the row after it is the next
	// line's
	m.tv.SetSize(0, max(width, 1)).SetText(line + "\n")
	n := m.tv.GetWrappedLineCount() - 1
	m.rows[rowKey{strings.Clone(line), width}] = n
	return n
}
