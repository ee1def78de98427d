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
