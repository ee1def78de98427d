package tui

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/sim"
)

// TestAnimateBusy: while Options.Busy says the machine is behind, a
// forward step to a reply starts no animation and shows the step at rest
// (as without Animate); an animation under way when it turns busy ends at
// its next tick, with the step at rest; once not busy, steps animate again.
func TestAnimateBusy(t *testing.T) {
	reply, _ := stepIndex(t, "a", sim.ModePASV, func(e sim.Event) bool { return e.Kind == sim.KindReply })
	static := startWith(t, Options{Run: sim.Run{Scenario: "a", Mode: sim.ModePASV}}, 100, 30)
	static.steps(reply)
	static.waitFor(fmt.Sprintf("step %d/", reply))
	rest := static.cells()
	static.quit()

	var busy atomic.Bool
	busy.Store(true)
	clock := newTestClock()
	h := startWith(t, Options{Run: sim.Run{Scenario: "a", Mode: sim.ModePASV}, Animate: true,
		Tick: clock.tick, Busy: busy.Load}, 100, 30)
	h.steps(reply)
	h.waitFor(fmt.Sprintf("step %d/", reply))
	if !sameCells(h.cells(), rest) {
		t.Errorf("busy: the step is not at rest:\n%s", h.waitFor())
	}
	if n := len(clock.started); n != 0 {
		t.Fatalf("busy: %d animations started, want none", n)
	}

	// back, then on again while not busy: it animates; busy at its
	// second tick, it ends there
	busy.Store(false)
	h.key(tcell.KeyLeft)
	h.waitFor(fmt.Sprintf("step %d/", reply-1))
	h.steps(1)
	ticks := clock.next(t)
	h.frame(0)
	ticks <- time.Time{}
	if s := h.frame(1); markerX(s) < 0 {
		t.Fatalf("no marker at frame 1:\n%s", s)
	}
	busy.Store(true)
	ticks <- time.Time{}
	h.frame(-1)
	if !sameCells(h.cells(), rest) {
		t.Errorf("busy at a tick: the screen is not the step at rest:\n%s", h.waitFor())
	}
	waitStops(t, clock, 1)
}
