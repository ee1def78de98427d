package tui

import (
	"fmt"
	"testing"

	"github.com/gdamore/tcell/v2"

	"ftplab/lessons"
)

// TestLessonPaneIsMain, at 80x24 and 120x40: in a lesson (here lesson 10,
// a NAT scenario) the lesson's text shows at least 10 lines, more than
// any other pane, and the state tables at least 4; the free lab keeps the
// timeline as its main pane.
func TestLessonPaneIsMain(t *testing.T) {
	course := shipped(t)
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			h := startCourse(t, Options{Course: course, Store: storeAt(t, &lessons.Progress{Current: "server-nat"})}, size[0], size[1])
			h.waitFor("lesson 10 │")
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
// question covers neither the newest timeline row nor the start of the
// lesson's section that leads to it (a long section's end may still be
// below the pane's fold at 80x24: j scrolls).
func TestCheckpointLeavesText(t *testing.T) {
	course := shipped(t)
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			h := startCourse(t, Options{Course: course, Store: storeAt(t, &lessons.Progress{Current: "server-firewall"})}, size[0], size[1])
			h.waitFor("lesson 7 │")
			h.key(tcell.KeyEnd)
			h.waitFor("checkpoint 1/3", "What happens", "The server listens on a passive port", "▶  16 client data.connect")
			h.quit()
		})
	}
}
