package tui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/sim"
)

// shownScreen is a simulation screen that keeps the status bar (the last
// row) of every frame shown.
type shownScreen struct {
	tcell.SimulationScreen
	mu     sync.Mutex
	frames []string
}

func (s *shownScreen) Show() {
	s.SimulationScreen.Show()
	cells, w, h := s.GetContents()
	var b strings.Builder
	for _, c := range cells[(h-1)*w:] {
		if len(c.Runes) > 0 && c.Runes[0] != 0 {
			b.WriteRune(c.Runes[0])
		}
	}
	s.mu.Lock()
	s.frames = append(s.frames, b.String())
	s.mu.Unlock()
}

// since is the status bars of the frames shown after the first n.
func (s *shownScreen) since(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.frames[n:]...)
}

func (s *shownScreen) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.frames)
}

// heldLab is a live run of burstSession whose operations wait, after
// Step, until the test lets them go (a slow lab) when slow is set.
type heldLab struct {
	*burstSession
	slow bool
	let  chan struct{} // closed (go): held operations go
	once sync.Once
}

func (s *heldLab) letGo() { s.once.Do(func() { close(s.let) }) }

func (s *heldLab) Step() {
	if !s.slow {
		s.burstSession.Step()
		return
	}
	go func() {
		select {
		case <-s.let:
			s.burstSession.Step()
		case <-s.ctx.Done():
		}
	}()
}

// waitClock is an injected Options.Tick for labWait: the test fires its
// tick, and hears when the lab's wait stops it.
type waitClock struct {
	tick    chan time.Time
	stopped chan struct{}
}

func (c *waitClock) ticker(d time.Duration) (<-chan time.Time, func()) {
	if d != labWait {
		panic("only the wait for the lab ticks here: " + d.String())
	}
	c.tick, c.stopped = make(chan time.Time, 1), make(chan struct{})
	return c.tick, func() { close(c.stopped) }
}

// labAt starts the lab on a held burst run, steps once to its first
// event (the listener: already known), and returns when that step is
// on screen and the lab waits for the next key.
func labAt(t *testing.T, slow bool) (*harness, *shownScreen, *heldLab, *waitClock) {
	t.Helper()
	s := &shownScreen{SimulationScreen: tcell.NewSimulationScreen("")}
	var lab *heldLab
	start := func(_ context.Context, run sim.Run) (Session, error) {
		lab = &heldLab{burstSession: newBurst(t, mustLookup(t, run.Scenario), 100, nil), slow: slow, let: make(chan struct{})}
		t.Cleanup(lab.letGo)
		return lab, nil
	}
	clock := &waitClock{}
	app := New(Options{Run: sim.Run{Scenario: "a", Mode: sim.ModePASV}, Start: start, Screen: s, Tick: clock.ticker})
	s.SetSize(120, 40)
	h := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
	go func() { h.end <- app.Run() }()
	t.Cleanup(h.quit)
	h.attached()
	h.steps(1)
	h.waitFor("step 1/")
	return h, s, lab, clock
}

// untilUI polls cond on the UI goroutine until it holds (keys injected
// before have been handled, and their frames drawn, when it returns).
func (h *harness) untilUI(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		ok := false
		h.onUI(func(*App) { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("%s: not within %v", what, waitLimit)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestLabStepOneFrame: a → past what the lab has made draws one frame,
// the step, when the lab answers before labWait; nothing says "waiting
// for the lab", and the wait's clock stops.
func TestLabStepOneFrame(t *testing.T) {
	h, s, _, clock := labAt(t, false)
	n := s.count()
	h.key(tcell.KeyRight)
	h.untilUI("step 2 on screen", func() bool { return strings.Contains(h.text(), "step 2/") })
	frames := s.since(n)
	if len(frames) != 1 || !strings.Contains(frames[0], "step 2/") {
		t.Errorf("→ to a step the lab makes drew %d frames, want 1 (the step): %q", len(frames), frames)
	}
	for _, f := range frames {
		if strings.Contains(f, "waiting for the lab") {
			t.Errorf("a frame said the lab was awaited, though it answered at once: %q", f)
		}
	}
	if clock.stopped == nil {
		t.Fatal("the key started no clock for labWait")
	}
	select {
	case <-clock.stopped:
	case <-time.After(waitLimit):
		t.Fatal("the wait's clock did not stop when the lab answered")
	}
	// the ← path is unchanged: one frame, the step before
	n = s.count()
	h.key(tcell.KeyLeft)
	h.untilUI("step 1 on screen", func() bool { return s.count() > n })
	if f := s.since(n); len(f) != 1 || !strings.Contains(f[0], "step 1/") {
		t.Errorf("← drew %q, want one frame of step 1", f)
	}
}

// TestLabStepSlowSaysWaiting: when the lab has not answered after
// labWait, the status bar says it is awaited (one frame); the step comes
// in the next frame. Before labWait the key drew nothing.
func TestLabStepSlowSaysWaiting(t *testing.T) {
	h, s, lab, clock := labAt(t, true)
	n := s.count()
	h.key(tcell.KeyRight)
	h.untilUI("the step released", func() bool { return h.app.p.Pending() })
	if f := s.since(n); len(f) != 0 {
		t.Fatalf("the key drew %q before the lab answered or labWait passed", f)
	}
	h.key(tcell.KeyRight) // pressed again while waiting: nothing more
	h.onUI(func(*App) {})
	clock.tick <- time.Now()
	h.untilUI("the wait shown", func() bool { return s.count() > n })
	frames := s.since(n)
	if len(frames) != 1 || !strings.Contains(frames[0], "step 1/") || !strings.Contains(frames[0], "waiting for the lab") {
		t.Fatalf("after labWait: frames %q, want one at step 1 saying the lab is awaited", frames)
	}
	lab.letGo()
	h.untilUI("step 2 on screen", func() bool { return s.count() > n+1 })
	frames = s.since(n + 1)
	if len(frames) != 1 || !strings.Contains(frames[0], "step 2/") || strings.Contains(frames[0], "waiting") {
		t.Errorf("when the lab answered: frames %q, want one of step 2, no longer waiting", frames)
	}
}
