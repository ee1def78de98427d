package tui

import (
	"fmt"
	"strings"
	"testing"
)

// wrappedRowWhole is where line n of text starts, wrapped to width,
// found by wrapping the text up to it whole (what the memo replaces).
func wrappedRowWhole(text string, n, width int) int {
	if n <= 0 {
		return 0
	}
	i := 0
	for range n {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			return wrappedRows(text, width)
		}
		i += j + 1
	}
	return wrappedRows(text[:i], width) - 1
}

// checkRows compares the memo's rows of every line of text (and past
// its end) at width with those of the text wrapped whole.
func checkRows(t *testing.T, m *rowMemo, name, text string, width int) {
	t.Helper()
	lines := strings.Count(text, "\n") + 2
	for n := range lines {
		if got, want := m.wrappedRow(text, n, width), wrappedRowWhole(text, n, width); got != want {
			t.Fatalf("%s at %d: line %d starts at row %d, want %d", name, width, n, got, want)
		}
	}
}

// TestRowMemo: the memo's rows are those of the text wrapped whole, for
// texts met again, at another width, and past the memo's bound.
func TestRowMemo(t *testing.T) {
	long := strings.Repeat("a [yellow]word[-] wraps here, ", 20)
	texts := []string{"", "\n", "\n\n", "one line", "one line\n", long, long + "\n\nsecond\n",
		"x\ny\nz", "[red]open\nstill red, wrapping at words[-]\n", "tab\there\n", "wide 漢字漢字漢字 cells\n"}
	var m rowMemo
	for round := range 3 {
		for i, text := range texts {
			for _, w := range []int{1, 5, 10, 37, 80} {
				checkRows(t, &m, fmt.Sprintf("round %d, text %d", round, i), text, w)
			}
		}
	}
	for i := range 5 {
		var b strings.Builder
		for j := range maxRowMemo / 4 {
			fmt.Fprintf(&b, "text %d, line %d: %s\n", i, j, long[:j%len(long)])
		}
		text := b.String()
		if got, want := m.wrappedRow(text, maxRowMemo, 30), wrappedRows(text, 30); got != want {
			t.Fatalf("text %d: %d rows, want %d", i, got, want)
		}
	}
	if len(m.rows) > maxRowMemo {
		t.Errorf("memo holds %d lines, bound %d", len(m.rows), maxRowMemo)
	}
}

// TestRowMemoLessons: on every shipped lesson's text (all its sections,
// in every theme) a line's rows are those it takes in the whole text.
func TestRowMemoLessons(t *testing.T) {
	course := shipped(t)
	for _, th := range []Theme{newTheme("dark", false), newTheme("", true)} {
		var m rowMemo
		for _, l := range course {
			var b strings.Builder
			for _, s := range l.Sections {
				b.WriteString(th.markdown(s.Markdown))
				b.WriteString("\n")
			}
			for _, w := range []int{20, 38, 49, 58, 78, 98, 118} {
				checkRows(t, &m, l.ID, b.String(), w)
			}
		}
	}
}
