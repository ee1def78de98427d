package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// cells is the screen's content with styles, for comparing two draws.
func cells(s tcell.SimulationScreen) string {
	cs, w, h := s.GetContents()
	var b strings.Builder
	for y := range h {
		for x := range w {
			c := cs[y*w+x]
			fg, bg, at := c.Style.Decompose()
			fmt.Fprintf(&b, "%q/%d/%d/%d ", string(c.Runes), int64(fg), int64(bg), at)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestTextPaneDrawsLikeTextView: the cached pane draws what a plain
// TextView draws, after text changes, scrolling (j, End) and focus.
func TestTextPaneDrawsLikeTextView(t *testing.T) {
	th := darkTheme()
	th.apply()
	ref := tview.NewTextView().SetDynamicColors(true).SetWordWrap(true)
	ref.SetBorder(true).SetTitle(" lesson ").SetTitleAlign(tview.AlignLeft)
	pane := newTextPane(" lesson ")
	rs, ps := tcell.NewSimulationScreen(""), tcell.NewSimulationScreen("")
	for _, s := range []tcell.SimulationScreen{rs, ps} {
		s.Init()
		s.SetSize(40, 12)
	}
	var long strings.Builder
	for i := range 30 {
		fmt.Fprintf(&long, "%s[yellow]line %d[-:-:-] with «wide» 漢字 and more words to wrap\n", th.tag("title"), i)
	}
	draw := func(step string) {
		t.Helper()
		for i := range 2 { // the second draw comes from the cache
			ref.SetRect(2, 1, 36, 10)
			pane.SetRect(2, 1, 36, 10)
			rs.Clear()
			ps.Clear()
			ref.Draw(rs)
			pane.Draw(ps)
			rs.Show()
			ps.Show()
			if got, want := cells(ps), cells(rs); got != want {
				t.Fatalf("%s (draw %d): the pane differs from a TextView:\n%s\nwant:\n%s", step, i+1, got, want)
			}
		}
	}
	both := func(f func(tview.Primitive)) { f(ref); f(pane) }
	key := func(k tcell.Key, r rune) {
		ev := tcell.NewEventKey(k, r, tcell.ModNone)
		ref.InputHandler()(ev, func(tview.Primitive) {})
		pane.InputHandler()(ev, func(tview.Primitive) {})
	}

	ref.SetText("short [red]text[-]")
	pane.setText("short [red]text[-]")
	draw("short text")
	ref.SetText(long.String())
	pane.setText(long.String())
	draw("long text")
	key(tcell.KeyRune, 'j')
	key(tcell.KeyRune, 'j')
	draw("scrolled down")
	key(tcell.KeyEnd, 0)
	draw("End")
	ref.ScrollTo(3, 0)
	pane.ScrollTo(3, 0)
	draw("ScrollTo")
	both(func(p tview.Primitive) { p.Focus(func(tview.Primitive) {}) })
	draw("focused")
	both(func(p tview.Primitive) { p.Blur() })
	pane.setText(long.String()) // the same text: not parsed again
	draw("same text")
	ref.SetTitle(" other ")
	pane.SetTitle(" other ")
	draw("title")
}

// TestTextPaneStepBack: stepping back and on again shows the drawing
// before without drawing the TextView again, and only when the text and
// the view are the same.
func TestTextPaneStepBack(t *testing.T) {
	th := darkTheme()
	th.apply()
	ref := tview.NewTextView().SetDynamicColors(true).SetWordWrap(true)
	ref.SetBorder(true).SetTitle(" lesson ").SetTitleAlign(tview.AlignLeft)
	pane := newTextPane(" lesson ")
	draws := 0 // the pane's TextView drawn
	pane.TextView.SetDrawFunc(func(_ tcell.Screen, x, y, w, h int) (int, int, int, int) {
		draws++
		return x + 1, y + 1, w - 2, h - 2 // the border's inside, as without the function
	})
	rs, ps := tcell.NewSimulationScreen(""), tcell.NewSimulationScreen("")
	for _, s := range []tcell.SimulationScreen{rs, ps} {
		s.Init()
		s.SetSize(40, 12)
	}
	var long strings.Builder
	for i := range 30 {
		fmt.Fprintf(&long, "[yellow]line %d[-:-:-] of the lesson, long enough to wrap once\n", i)
	}
	a, b := long.String()+"step 5: USER", long.String()+"step 6: 331"
	tests := []struct {
		text string
		row  int
		key  rune // a key pressed instead of setting the text and row
		draw bool // the TextView draws (else a drawing kept is shown)
	}{
		{text: a, row: 3, draw: true}, {text: b, row: 3, draw: true},
		{text: a, row: 3}, {text: b, row: 3},
		{text: b, row: 5, draw: true}, // scrolled: another view of b
		{text: a, row: 3, draw: true}, // a's drawing is gone: only one is kept
		{text: a, row: 3},
		// a row past the end, which the TextView clamps, asked again
		{text: a, row: 99, draw: true}, {text: b, row: 99, draw: true},
		{text: a, row: 99}, {text: a, row: 99},
		{key: 'k', draw: true}, // scrolls up from the clamped row
	}
	for i, tc := range tests {
		if tc.key != 0 {
			ev := tcell.NewEventKey(tcell.KeyRune, tc.key, tcell.ModNone)
			ref.InputHandler()(ev, func(tview.Primitive) {})
			pane.InputHandler()(ev, func(tview.Primitive) {})
		} else {
			ref.SetText(tc.text)
			pane.setText(tc.text)
			ref.ScrollTo(tc.row, 0)
			pane.ScrollTo(tc.row, 0)
		}
		ref.SetRect(0, 0, 40, 12)
		pane.SetRect(0, 0, 40, 12)
		rs.Clear()
		ps.Clear()
		ref.Draw(rs)
		before := draws
		pane.Draw(ps)
		rs.Show()
		ps.Show()
		if got, want := cells(ps), cells(rs); got != want {
			t.Fatalf("#%d: the pane differs from a TextView:\n%s\nwant:\n%s", i, got, want)
		}
		if drew := draws > before; drew != tc.draw {
			t.Errorf("#%d: TextView drawn %v, want %v", i, drew, tc.draw)
		}
	}
}
