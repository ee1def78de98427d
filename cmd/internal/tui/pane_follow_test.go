package tui

import "testing"

// TestFollowRow: the section shows whole below the box when it fits,
// with the text before it above and what follows it (up to stop) below;
// a section taller than the room shows its start, or its end (end).
func TestFollowRow(t *testing.T) {
	for i, c := range []struct {
		from, to, stop, h, cover, want int
		end                            bool
	}{
		{from: 20, to: 25, stop: 40, h: 10, cover: 0, want: 20},            // from its start
		{from: 20, to: 25, stop: 27, h: 10, cover: 0, want: 17},            // the text ends: more above
		{from: 20, to: 25, stop: 40, h: 10, cover: 3, want: 17},            // below the box
		{from: 20, to: 35, stop: 40, h: 10, cover: 0, want: 20},            // too tall: its start
		{from: 20, to: 35, stop: 40, h: 10, cover: 0, want: 25, end: true}, // or its end
		{from: 20, to: 35, stop: 40, h: 10, cover: 4, want: 25, end: true}, // its end, below the box
		{from: 2, to: 5, stop: 8, h: 10, cover: 4, want: 0},                // the top: nothing to scroll
		{from: 20, to: 25, stop: 40, h: 10, cover: 12, want: 15},           // all covered: its end, for after
	} {
		if got := followRow(c.from, c.to, c.stop, c.h, c.cover, c.end); got != c.want {
			t.Errorf("#%d: followRow(%d, %d, %d, %d, %d, %v) = %d, want %d", i, c.from, c.to, c.stop, c.h, c.cover, c.end, got, c.want)
		}
	}
}

// TestChangedRows: the state pane follows from the line above the first
// row marked changed to the last; nothing marked, its top.
func TestChangedRows(t *testing.T) {
	for i, c := range []struct {
		text           string
		from, to, stop int
	}{
		{"[yellow]conntrack fw[-:-:-]\n[white]  c1 NEW[-:-:-]\n", 0, 0, 0},
		{"[yellow]conntrack fw[-:-:-]\n[yellow]+ c1 NEW[-:-:-]\nexpectations\n  (none)\n", 0, 2, 4},
		{"a\nb\nc\n[red]+ x[-:-:-]\nd\n+ y\ne\n", 2, 6, 7},
	} {
		from, to, stop := changedRows(c.text)
		if from != c.from || to != c.to || stop != c.stop {
			t.Errorf("#%d: changedRows = %d, %d, %d, want %d, %d, %d", i, from, to, stop, c.from, c.to, c.stop)
		}
	}
}

// TestChangedMemo: the remembered rows are changedRows', for the last two
// texts and for a third that pushes out the first.
func TestChangedMemo(t *testing.T) {
	texts := []string{"", "a\n+ b\n", "a\nb\n+ c\n    c continued\nd\n", "+ x\n"}
	var m changedMemo
	for _, order := range [][]int{{0, 1, 0, 1}, {1, 2, 2, 1}, {3, 0, 1, 3, 2, 3}} {
		for _, i := range order {
			from, to, stop := m.of(texts[i])
			wf, wt, ws := changedRows(texts[i])
			if from != wf || to != wt || stop != ws {
				t.Errorf("text %d: %d, %d, %d, want %d, %d, %d", i, from, to, stop, wf, wt, ws)
			}
		}
	}
}
