package tui

import (
	"fmt"
	"strings"
	"testing"
)

// TestRowMemo: the remembered rows are the rows wrappedRows counts, for
// texts met again, at another width, and past the memo's bound.
func TestRowMemo(t *testing.T) {
	long := strings.Repeat("a [yellow]word[-] wraps here, ", 20)
	texts := []string{"", "one line", long, long + "\n\nsecond\n", "x\ny\nz"}
	var m rowMemo
	for round := range 3 {
		for _, text := range texts {
			for _, w := range []int{1, 10, 37, 80} {
				if got, want := m.wrappedRows(text, w), wrappedRows(text, w); got != want {
					t.Errorf("round %d, %q at %d: %d rows, want %d", round, text, w, got, want)
				}
			}
		}
	}
	for i := range 2 * maxRowMemo {
		text := fmt.Sprintf("text %d %s", i, long)
		if got, want := m.wrappedRows(text, 30), wrappedRows(text, 30); got != want {
			t.Fatalf("text %d: %d rows, want %d", i, got, want)
		}
	}
	if len(m) > maxRowMemo {
		t.Errorf("memo holds %d texts, bound %d", len(m), maxRowMemo)
	}
}
