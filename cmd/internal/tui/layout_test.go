package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"

	"ftplab/lessons"
	"ftplab/sim"
)

// TestLessonPaneIsMain, at 80x24, 120x40 and 200x60: in a lesson (here
// lessons 9 and 10, NAT scenarios) the lesson's text shows at least 10
// lines, more than any other pane, and the state tables at least 4 (see
// TestCheckpointSeesItsText: they show the rows each step changed).
func TestLessonPaneIsMain(t *testing.T) {
	course := shipped(t)
	for _, c := range []struct {
		size  [2]int
		id    string
		order int
	}{{paneSizes[0], "server-nat", 10}, {paneSizes[1], "server-nat", 10}, {paneSizes[2], "server-nat", 10}, {paneSizes[0], "client-nat", 9}} {
		size := c.size
		t.Run(fmt.Sprint(size, c.id), func(t *testing.T) {
			h := startCourse(t, Options{Course: course, Store: storeAt(t, &lessons.Progress{Current: c.id})}, size[0], size[1])
			h.waitFor(fmt.Sprintf("lesson %d │", c.order))
			var lh, lw, th, sh int
			h.onUI(func(a *App) {
				_, _, lw, lh = a.ui.lesson.GetInnerRect()
				_, _, _, th = a.ui.timeline.GetInnerRect()
				_, _, _, sh = a.ui.state.GetInnerRect()
			})
			if lh < 10 || lh < th || lh < sh || lw < size[0]/2-2 {
				t.Errorf("lesson pane %dx%d, timeline %d lines, state %d: the lesson is not the main pane", lw, lh, th, sh)
			}
			if sh < 4 {
				t.Errorf("state tables %d lines, want at least 4", sh)
			}
			h.quit()
		})
	}
}

// TestCheckpointLeavesText, at 80x24 and 120x40: lesson 7's first
// question covers neither the newest timeline row nor the lesson's
// section that leads to it, from its start to its question (the pane
// follows the newest section: TestCheckpointSeesItsText checks every
// checkpoint of every lesson).
func TestCheckpointLeavesText(t *testing.T) {
	course := shipped(t)
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			h := startCourse(t, Options{Course: course, Store: storeAt(t, &lessons.Progress{Current: "server-firewall"})}, size[0], size[1])
			h.waitFor("lesson 7 │")
			h.key(tcell.KeyEnd)
			h.waitFor("checkpoint 1/3", "What happens", "The server listens on a passive port", "get through?", "▶  16 client data.connect")
			h.quit()
		})
	}
}

// TestDiagramScales, at 80x24, 120x40 and 200x60, in the free lab at the
// end of scenario e in PASV (the server's firewall drops the passive
// SYN): the host boxes are whole at every size and wider at 200x60 than
// at 120x40; the drop is one ✘ on the firewall's bar at 80x24 and
// 120x40, and a box saying ✘ DROPPED, in many more cells, at 200x60.
func TestDiagramScales(t *testing.T) {
	widths := map[int]int{}
	end, _ := nthLabel(t, "e", sim.ModePASV, sim.LabelTimeout, 1)
	for _, size := range paneSizes {
		h := startApp(t, "e", sim.ModePASV, size[0], size[1], false)
		h.key(tcell.KeyEnd)
		scr := h.waitFor(fmt.Sprintf("step %d/%d", end, end))
		var x, y, w, ht int
		h.onUI(func(a *App) { x, y, w, ht = a.ui.network.GetInnerRect() })
		net := strings.Join(region(scr, x, y, y+ht, w), "\n")
		for _, r := range "┌┐└┘" {
			if n := strings.Count(net, string(r)); n != 3 {
				t.Errorf("%v: %d %c in the diagram, want 3 (whole boxes):\n%s", size, n, r, net)
			}
		}
		top := []rune(strings.Split(net, "\n")[1]) // the boxes' top row
		widths[size[0]] = slices.Index(top, '┐') - slices.Index(top, '┌') + 1
		heavy := 0
		for _, r := range net {
			if strings.ContainsRune("┏┓┗┛━", r) {
				heavy++
			}
		}
		big := size[0] >= 200
		if big != strings.Contains(net, "✘ DROPPED") || big != (heavy >= 26) || !big && heavy != 0 {
			t.Errorf("%v: boxed drop marker %v (%d heavy cells), want %v:\n%s", size, strings.Contains(net, "✘ DROPPED"), heavy, big, net)
		}
		if !big && !strings.Contains(net, "╌✘▶") {
			t.Errorf("%v: no ✘ on the firewall's bar:\n%s", size, net)
		}
		h.quit()
	}
	if !(widths[200] > widths[120] && widths[120] >= widths[80]) {
		t.Errorf("client box widths by screen width %v: want it widest at 200", widths)
	}
}
