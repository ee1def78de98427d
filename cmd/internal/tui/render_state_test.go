package tui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/rivo/tview"

	"ftplab/sim"
)

// addrToken is a word that holds an address: it must be a whole one.
var (
	addrToken = regexp.MustCompile(`[0-9]+\.[0-9.:*]*`)
	wholeAddr = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+(:([0-9]+|\*))?$`)
)

// stateRowProblem says what is wrong with one row of the state pane: a
// row is a table's heading, a row of a table ("  " or "+ "), or a row
// continued ("    "); it never ends inside an arrow, and each address
// in it is whole.
func stateRowProblem(row string) string {
	row = strings.TrimRight(row, " ")
	switch {
	case row == "":
		return ""
	case strings.HasSuffix(row, "-"), strings.HasPrefix(strings.TrimSpace(row), ">"):
		return "an arrow cut"
	case !strings.HasPrefix(row, "  ") && !strings.HasPrefix(row, "+ ") &&
		!strings.HasPrefix(row, "conntrack ") && !strings.HasPrefix(row, "expectations ") && !strings.HasPrefix(row, "NAT table"):
		return "a continued row not indented"
	}
	for _, tok := range addrToken.FindAllString(row, -1) {
		if !wholeAddr.MatchString(strings.TrimSuffix(tok, ":")) {
			return "address cut: " + tok
		}
	}
	return ""
}

// TestStateRowsNarrow: every step of the NAT and FTPS scenarios' state,
// made for the state pane at 80x24 (30 cells; 38 in a lesson) and
// 120x40, fits its width with every address and arrow whole, rows
// continued indented; made for no width, each entry is one row.
func TestStateRowsNarrow(t *testing.T) {
	for _, sc := range catalogue.All() {
		if !hasNAT(sc) && !strings.HasPrefix(sc.ID, "j") {
			continue
		}
		for _, mode := range []sim.Mode{sim.ModePASV, sim.ModePORT} {
			_, r := scripted(t, sc.ID, mode)
			var prev sim.State
			for step := 0; step <= r.TL.Len(); step++ {
				cur, _ := r.TL.At(step)
				for _, w := range []int{30, 38, 46} {
					text := tview.NewTextView().SetDynamicColors(true).SetText(renderState(sc, cur, prev, Theme{}, w)).GetText(true)
					for _, row := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
						if n := len([]rune(row)); n > w {
							t.Fatalf("%s/%s step %d at %d: row %q is %d wide", sc.ID, mode, step, w, row, n)
						}
						if bad := stateRowProblem(row); bad != "" {
							t.Fatalf("%s/%s step %d at %d: row %q: %s", sc.ID, mode, step, w, row, bad)
						}
					}
				}
				wide := renderState(sc, cur, prev, Theme{}, 0)
				if strings.Contains(wide, "]    ") {
					t.Fatalf("%s/%s step %d: a row continued with no width:\n%s", sc.ID, mode, step, wide)
				}
				prev = cur
			}
		}
	}
}

// TestStatePaneNarrowScreen: at 80x24 the state pane of i1 shows its
// conntrack entry continued on indented rows, addresses and arrows
// whole (tview's own wrapping cut rows at "->" and did not indent).
func TestStatePaneNarrowScreen(t *testing.T) {
	for _, id := range []string{"i1", "i3", "h2", "j1"} {
		h := startApp(t, id, sim.ModePASV, 80, 24, false)
		h.steps(12)
		h.waitFor("step 12/")
		var x, y, w, ht int
		h.onUI(func(a *App) { x, y, w, ht = a.ui.state.GetInnerRect() })
		cells := h.cells()
		sw, _ := h.s.Size()
		var rows []string
		for r := y; r < y+ht; r++ {
			var b strings.Builder
			for c := x; c < x+w; c++ {
				b.WriteString(string(cells[r*sw+c].Runes))
			}
			rows = append(rows, b.String())
		}
		cont := false
		for _, row := range rows {
			if bad := stateRowProblem(row); bad != "" {
				t.Fatalf("%s: state row %q: %s:\n%s", id, row, bad, strings.Join(rows, "\n"))
			}
			cont = cont || strings.HasPrefix(row, "    ")
		}
		if !cont {
			t.Errorf("%s: no row continued at 80x24:\n%s", id, strings.Join(rows, "\n"))
		}
		h.quit()
	}
}
