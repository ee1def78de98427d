package tui

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"ftplab/sim"
)

// wholeBoxes reports what is wrong with the host boxes of a diagram
// drawn for hosts hosts: each has its four corners.
func wholeBoxes(c *canvas, hosts int) string {
	s := c.String()
	for _, r := range "┌┐└┘" {
		if n := strings.Count(s, string(r)); n != hosts {
			return fmt.Sprintf("%c appears %d times, want %d (one per host)", r, n, hosts)
		}
	}
	return ""
}

// TestFitKeepsBoxesWhole: every step of every scenario in every mode,
// drawn in the rows a lesson leaves the diagram at 80x24 (9) and fewer,
// fits those rows with every host box whole and the step's explanation
// on the last row; with rows to spare nothing is left out.
func TestFitKeepsBoxesWhole(t *testing.T) {
	for _, sc := range catalogue.All() {
		hosts := 3
		if sc.AttackerHost != "" {
			hosts = 4
		}
		for _, mode := range sim.Modes() {
			_, r := scripted(t, sc.ID, mode)
			for step := 0; step <= r.TL.Len(); step++ {
				n := sceneAt(t, sc.ID, mode, step)
				for _, maxH := range []int{9, 8} {
					c := fitNetwork(n, 78, maxH)
					if c.h > maxH {
						t.Fatalf("%s/%s step %d: %d rows, want at most %d:\n%s", sc.ID, mode, step, c.h, maxH, c)
					}
					if bad := wholeBoxes(c, hosts); bad != "" {
						t.Fatalf("%s/%s step %d in %d rows: %s:\n%s", sc.ID, mode, step, maxH, bad, c)
					}
					if want := truncate(stepLine(n), 78); !strings.HasPrefix(c.row(c.h-1), want) {
						t.Fatalf("%s/%s step %d: last row %q, want the step's line %q", sc.ID, mode, step, c.row(c.h-1), want)
					}
				}
				if s := fitNetwork(n, 78, 0).String(); strings.Contains(s, " more ") {
					t.Fatalf("%s/%s step %d: rows left out with no limit:\n%s", sc.ID, mode, step, s)
				}
			}
		}
	}
}

// TestFitStable: a diagram fitted in maxH rows that took h is the fit in
// any rows from h to maxH, so that networkView.render can keep it.
func TestFitStable(t *testing.T) {
	for _, sc := range catalogue.All() {
		for _, mode := range sim.Modes() {
			_, r := scripted(t, sc.ID, mode)
			for step := 0; step <= r.TL.Len(); step++ {
				n := sceneAt(t, sc.ID, mode, step)
				for _, fit := range [][2]int{{78, 8}, {78, 9}, {78, 12}} {
					c := fitNetwork(n, fit[0], fit[1])
					for m := c.h; m < fit[1]; m++ {
						if got := fitNetwork(n, fit[0], m); got.String() != c.String() {
							t.Fatalf("%s/%s step %d at %d: in %d rows:\n%s\nin %d rows:\n%s", sc.ID, mode, step, fit[0], fit[1], c, m, got)
						}
					}
				}
			}
		}
	}
}

// TestFitLeavesOldestRows: short of rows, the NAT table leaves the
// router's box first, then the oldest rows, counted, while the step's
// own connection stays.
func TestFitLeavesOldestRows(t *testing.T) {
	step, ev := nthLabel(t, "i1", sim.ModePASV, sim.LabelFWDrop, 1)
	n := sceneAt(t, "i1", sim.ModePASV, step)
	full := fitNetwork(n, 78, 0).String()
	if !strings.Contains(full, "c1 D→") {
		t.Fatalf("with rows to spare the router's box lacks its NAT table:\n%s", full)
	}
	c := fitNetwork(n, 78, 9).String()
	if strings.Contains(c, "c1 D→") || !strings.Contains(c, "+1 more") || strings.Contains(c, ":21 listen") {
		t.Errorf("in 9 rows: want no NAT table, the oldest row (:21 listening) left out and counted:\n%s", c)
	}
	if cs := n.st.Conns[ev.Conn-1]; !strings.Contains(c, ":"+strconv.Itoa(int(cs.DialerLocal.Port()))+" data") {
		t.Errorf("in 9 rows the step's own connection (c%d) is gone:\n%s", ev.Conn, c)
	}
}

// boxWidth is the width of the client's box in a diagram.
func boxWidth(c *canvas) int {
	for y := range c.h {
		row := []rune(c.row(y))
		for x, r := range row {
			if r == '┌' {
				for x2 := x + 1; x2 < len(row); x2++ {
					if row[x2] == '┐' {
						return x2 - x + 1
					}
				}
			}
		}
	}
	return 0
}

// markerCells counts the cells of the boxed verdicts.
func markerCells(c *canvas) int {
	n := 0
	for _, cl := range c.cells {
		if strings.ContainsRune("┏┓┗┛━", cl.r) {
			n++
		}
	}
	return n
}

// TestDiagramGrows: the diagram 198 cells wide (a 200-column projector)
// has wider boxes than at 118 and 78, a row of detail under each port,
// and the verdicts in boxes: ✘ DROPPED where scenario e drops the
// passive SYN (from the step of the drop), ✔ ACCEPTED at the step a
// firewall accepts; at 118 and 78 the drop is one ✘ on the firewall's
// bar and nothing is boxed.
func TestDiagramGrows(t *testing.T) {
	drop, _ := nthLabel(t, "e", sim.ModePASV, sim.LabelFWDrop, 1)
	acc, _ := nthLabel(t, "e", sim.ModePASV, sim.LabelFWAccept, 1)
	for _, step := range []int{drop, drop + 1} {
		n := sceneAt(t, "e", sim.ModePASV, step)
		small, mid, big := fitNetwork(n, 78, 9), fitNetwork(n, 118, 0), fitNetwork(n, 198, 28)
		if !(boxWidth(big) > boxWidth(mid) && boxWidth(mid) >= boxWidth(small)) {
			t.Errorf("step %d: box widths %d (78), %d (118), %d (198): want the widest at 198", step, boxWidth(small), boxWidth(mid), boxWidth(big))
		}
		if big.h <= mid.h {
			t.Errorf("step %d: the big diagram is %d rows, at 118 %d: want it taller", step, big.h, mid.h)
		}
		if !strings.Contains(big.String(), "┃ ✘ DROPPED ┃") || markerCells(big) < 2*13 {
			t.Errorf("step %d: at 198 no boxed ✘ DROPPED (%d cells):\n%s", step, markerCells(big), big)
		}
		for _, c := range []*canvas{small, mid} {
			if markerCells(c) != 0 || strings.Contains(c.String(), "DROPPED") || !strings.Contains(c.String(), "╌✘╌") && !strings.Contains(c.String(), "✘▶") {
				t.Errorf("step %d: at %d the drop is not one ✘ on the wire:\n%s", step, c.w, c)
			}
		}
	}
	n := sceneAt(t, "e", sim.ModePASV, acc)
	if s := fitNetwork(n, 198, 28).String(); !strings.Contains(s, "✔ ACCEPTED") {
		t.Errorf("step %d (fw.accept): at 198 no ✔ ACCEPTED:\n%s", acc, s)
	}
	if s := fitNetwork(n, 118, 0).String(); strings.Contains(s, "ACCEPTED") {
		t.Errorf("step %d: at 118 the accept is boxed:\n%s", acc, s)
	}
	if s := fitNetwork(n, 198, 8).String(); strings.Contains(s, "ACCEPTED") {
		t.Errorf("step %d: at 198 in 8 rows the big diagram does not fit, yet is drawn:\n%s", acc, s)
	}
}

// TestNarrowDiagramKeepsBoxesApart: half of an 80- or 120-column screen
// (a comparison, the what-if pane beside the diagram) draws every host
// box whole, left to right, none drawn over another.
func TestNarrowDiagramKeepsBoxesApart(t *testing.T) {
	for _, sc := range catalogue.All() {
		hosts := 3
		if sc.AttackerHost != "" {
			hosts = 4
		}
		for _, mode := range sim.Modes() {
			_, r := scripted(t, sc.ID, mode)
			for _, step := range []int{0, r.TL.Len() / 2, r.TL.Len()} {
				n := sceneAt(t, sc.ID, mode, step)
				for _, w := range []int{38, 58} {
					c := fitNetwork(n, w, 0)
					if bad := wholeBoxes(c, hosts); bad != "" {
						t.Fatalf("%s/%s step %d at %d columns: %s:\n%s", sc.ID, mode, step, w, bad, c)
					}
					top := strings.Map(func(r rune) rune {
						if strings.ContainsRune("┌┐", r) {
							return r
						}
						return -1
					}, c.row(1))
					if want := strings.Repeat("┌┐", hosts); top != want {
						t.Fatalf("%s/%s step %d at %d columns: box tops %q, want %q:\n%s", sc.ID, mode, step, w, top, want, c)
					}
				}
			}
		}
	}
}
