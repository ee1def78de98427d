package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// TestTextPaneWindowLessons: drawn from a cut, the pane shows every
// shipped lesson's text (all its sections and a step's line) as a
// TextView given the whole text does, at every scroll row, in two
// themes and two sizes; and most draws do start from a cut.
func TestTextPaneWindowLessons(t *testing.T) {
	course := shipped(t)
	for _, th := range []Theme{newTheme("dark", false), newTheme("", true)} {
		th.apply()
		cuts, draws := 0, 0
		for _, size := range [][2]int{{40, 12}, {90, 30}} {
			rs, ps := tcell.NewSimulationScreen(""), tcell.NewSimulationScreen("")
			for _, s := range []tcell.SimulationScreen{rs, ps} {
				s.Init()
				s.SetSize(size[0], size[1])
			}
			texts := map[string]string{"spans": spanning()}
			for _, l := range course {
				var b strings.Builder
				for _, s := range l.Sections {
					b.WriteString(th.markdown(s.Markdown))
					b.WriteString("\n")
				}
				fmt.Fprintf(&b, "\n%sstep 7:[-:-:-] %s\n", th.tag("title"), tview.Escape("[client] sends PORT"))
				texts[l.ID] = b.String()
			}
			for id, text := range texts {
				ref := tview.NewTextView().SetDynamicColors(true).SetWordWrap(true).SetText(text)
				ref.SetBorder(true).SetTitle(" lesson ").SetTitleAlign(tview.AlignLeft)
				pane := newTextPane(" lesson ")
				pane.setText(text)
				total := wrappedRows(text, size[0]-4)
				for row := 0; row < total+3; row += 5 {
					for _, p := range []interface{ SetRect(x, y, w, h int) }{ref, pane} {
						p.SetRect(1, 1, size[0]-2, size[1]-2)
					}
					ref.ScrollTo(row, 0)
					pane.ScrollTo(row, 0)
					rs.Clear()
					ps.Clear()
					ref.Draw(rs)
					pane.Draw(ps)
					rs.Show()
					ps.Show()
					if got, want := fullCells(ps), fullCells(rs); got != want {
						t.Fatalf("%s at %v, row %d: the pane differs from a TextView:\n%s\nwant:\n%s", id, size, row, got, want)
					}
					if r, _ := ref.GetScrollOffset(); pane.key.row != r {
						t.Fatalf("%s at %v, row %d: the pane scrolled to %d, the TextView to %d", id, size, row, pane.key.row, r)
					}
					draws++
					if off, _, _ := pane.cut(row, size[0]-4); off > 0 {
						cuts++
					}
				}
			}
		}
		if cuts < draws/2 {
			t.Errorf("%d of %d draws from a cut, want most", cuts, draws)
		}
	}
}

// fullCells is the screen's content with every field of the styles (an
// underline style too, which cells leaves out).
func fullCells(s tcell.SimulationScreen) string {
	cs, w, _ := s.GetContents()
	var b strings.Builder
	for i, c := range cs {
		fmt.Fprintf(&b, "%q%#v ", string(c.Runes), c.Style)
		if i%w == w-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// spanning is a text whose styles span lines: a cut must not start
// inside them; after its heading, underlined.
func spanning() string {
	var b strings.Builder
	b.WriteString("[yellow::bu]An underlined heading[-:-:-]\n\n") // the reset leaves the underline
	for i := range 12 {
		fmt.Fprintf(&b, "[yellow]a span opens on line %d\n", 3*i)
		fmt.Fprintf(&b, "and goes on [::b]bold, over a line long enough to wrap\n")
		fmt.Fprintf(&b, "to close[-:-:-] here\n")
	}
	return b.String()
}

// TestLineStyle: a line starts in the text's first style after the
// reset with no tag after it, or after a line without tags that starts
// so, but for the underline the reset leaves on; a URL tag, or an
// underline set or ended by what is no tag, ends the cuts.
func TestLineStyle(t *testing.T) {
	for _, c := range []struct {
		lines                  []string
		colored, underline, ok bool
	}{
		{lines: []string{"plain"}, ok: true},
		{lines: []string{"[yellow]x", "plain"}, colored: true, ok: true},
		{lines: []string{"[yellow]x[-:-:-]"}, ok: true},
		{lines: []string{"[yellow]x[-:-:-] and more"}, ok: true},
		{lines: []string{"[-:-:-][yellow]x"}, colored: true, ok: true},
		{lines: []string{"[yellow]x[-]"}, colored: true, ok: true},  // fg only
		{lines: []string{"x[-:-:-] [y[]"}, colored: true, ok: true}, // an escaped tag after
		{lines: []string{"[::u]x[-:-:-]", "plain"}, underline: true, ok: true},
		{lines: []string{"[yellow::bu]x[-:-:-]"}, underline: true, ok: true},
		{lines: []string{"[::u]x[-:-:-]", "[::U][-:-:-]y"}, ok: true},
		{lines: []string{"[::bu]x[::U]", "[-:-:-]"}, ok: true},
		{lines: []string{"[::u]x[-:-:-]", "[a b:c:U[]"}},   // no tag ends it
		{lines: []string{"literal [::u[] text"}},           // no tag sets it
		{lines: []string{"[red::b:https://x]link[-:-:-]"}}, // a URL
	} {
		var st lineStyle
		ok := true
		for _, l := range c.lines {
			if ok = st.after(l); !ok {
				break
			}
		}
		if ok != c.ok || (ok && (st.colored != c.colored || st.underline != c.underline)) {
			t.Errorf("after %q: %+v, ok %v, want colored %v, underline %v, ok %v", c.lines, st, ok, c.colored, c.underline, c.ok)
		}
	}
}
