package tui

import (
	"time"

	"ftplab/sim"
)

// model is what the lab shows: a scenario run in a mode, its timeline so
// far, and the step on screen. It holds no widgets and starts no
// goroutines; the App changes it on the UI goroutine.
type model struct {
	run     sim.Run      // what runs: scenario id, mode, overrides, script
	sc      sim.Scenario // run resolved
	mode    sim.Mode
	size    int64 // the downloaded file's size, from the session
	tl      *sim.Timeline
	step    int  // the event on screen, 0 = before the first
	seen    int  // the furthest step shown so far
	pending bool // one live operation released, its event not yet seen
	done    bool
	outcome string
	blocked string
	playing bool
	speed   int // index in speeds; len(speeds) is full speed
}

func newModel(run sim.Run, sc sim.Scenario, tl *sim.Timeline) *model {
	return &model{run: run, sc: sc, mode: run.Mode, tl: tl, speed: 2}
}

// forward moves one event on. It reports whether the live run must
// release an operation: the step on screen is the last known one.
func (m *model) forward() (release bool) {
	if m.step < m.tl.Len() {
		m.step++
		m.seen = max(m.seen, m.step)
		return false
	}
	if m.done || m.pending {
		return false
	}
	m.pending = true
	return true
}

// back moves one event back; the live run is not affected.
func (m *model) back() {
	if m.step > 0 {
		m.step--
	}
}

// jump shows step k (clamped to the timeline).
func (m *model) jump(k int) {
	m.step = max(0, min(k, m.tl.Len()))
	m.seen = max(m.seen, m.step)
}

// update takes a newer snapshot of the timeline. A released operation's
// first event comes on screen.
func (m *model) update(tl *sim.Timeline) {
	if tl == nil || tl.Len() < m.tl.Len() {
		return
	}
	m.tl = tl
	if m.pending && tl.Len() > m.step {
		m.step++
		m.seen = max(m.seen, m.step)
		m.pending = false
	}
}

// atEnd reports whether nothing more will come: the run is over and the
// last event is on screen.
func (m *model) atEnd() bool { return m.done && m.step >= m.tl.Len() }

// interval is the pause between steps when playing; 0 at full speed.
func (m *model) interval() time.Duration {
	if m.full() {
		return 0
	}
	return speeds[m.speed]
}

// full reports whether playing runs at full speed: the live lab holds
// no operation and the screen follows the newest event.
func (m *model) full() bool { return m.speed >= len(speeds) }

// faster and slower move along speeds; beyond the fastest is full speed.
func (m *model) faster() { m.speed = min(m.speed+1, len(speeds)) }
func (m *model) slower() { m.speed = max(m.speed-1, 0) }

// state returns the state after the step on screen, and the one before.
func (m *model) state() (cur, prev sim.State) {
	cur, _ = m.tl.At(m.step)
	if m.step > 0 {
		prev, _ = m.tl.At(m.step - 1)
	}
	return cur, prev
}

// event returns the event on screen, if any.
func (m *model) event() (sim.Event, bool) {
	e, err := m.tl.Event(m.step)
	return e, err == nil
}
