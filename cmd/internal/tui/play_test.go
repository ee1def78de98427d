package tui

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/sim"
)

// burstSession is a live run that makes hundreds of events: a login, then
// NOOP after NOOP. Like the lab it holds each operation until Step, or
// holds none at full speed, and signals Changed after each event.
type burstSession struct {
	*Replay // Outcome, Command
	noops   int

	mu      sync.Mutex
	n       *sim.Net
	tl      *sim.Timeline
	full    bool
	credits int
	fulls   []bool        // the FullSpeed calls, in order
	gate    chan struct{} // if set, full speed waits for it to close

	wake    chan struct{} // a credit or full speed
	changed chan struct{}
	done    chan struct{}
	ctx     context.Context
	cancel  context.CancelFunc
}

func newBurst(t testing.TB, sc sim.Scenario, noops int, gate chan struct{}) *burstSession {
	n := sim.New(sc, 1)
	if _, err := n.Listen(sc.ServerHost, netip.AddrPortFrom(sc.ServerAddr, sim.ControlPort)); err != nil {
		t.Fatal(err)
	}
	b := &burstSession{
		Replay: NewReplay(n.Timeline().Snapshot(), "ok", "-"), noops: noops,
		n: n, tl: n.Timeline().Snapshot(),
		wake: make(chan struct{}, 1), changed: make(chan struct{}, 1), done: make(chan struct{}),
		gate: gate,
	}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	go b.run(t, sc)
	return b
}

func (b *burstSession) run(t testing.TB, sc sim.Scenario) {
	defer close(b.done)
	var ctl sim.ConnID
	op := func(f func() error) bool {
		for {
			b.mu.Lock()
			ok := b.full || b.credits > 0
			if ok && !b.full {
				b.credits--
			}
			var gate chan struct{}
			if ok && b.full {
				gate, b.gate = b.gate, nil
			}
			b.mu.Unlock()
			if gate != nil {
				<-gate
			}
			if ok {
				break
			}
			select {
			case <-b.wake:
			case <-b.ctx.Done():
				return false
			}
		}
		b.mu.Lock()
		err := f()
		b.tl = b.n.Timeline().Snapshot()
		b.mu.Unlock()
		if err != nil {
			t.Error(err)
			return false
		}
		select {
		case b.changed <- struct{}{}:
		default:
		}
		// let the watcher see the events one by one
		time.Sleep(10 * time.Microsecond)
		return true
	}
	if !op(func() error {
		a, err := b.n.Connect(sc.ClientHost, netip.AddrPort{}, sc.ServerTarget)
		ctl = a.Conn
		return err
	}) {
		return
	}
	for i := range 2 * b.noops {
		line := "NOOP"
		if i%2 == 1 {
			line = "200 NOOP ok."
		}
		if !op(func() error { _, err := b.n.Line(ctl, i%2 == 0, line); return err }) {
			return
		}
	}
}

func (b *burstSession) Timeline() *sim.Timeline {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tl
}
func (b *burstSession) Changed() <-chan struct{} { return b.changed }
func (b *burstSession) Done() <-chan struct{}    { return b.done }
func (b *burstSession) Close() error             { b.cancel(); return nil }

func (b *burstSession) Step() {
	b.mu.Lock()
	b.credits++
	b.mu.Unlock()
	b.poke()
}

func (b *burstSession) FullSpeed(on bool) {
	b.mu.Lock()
	b.full = on
	b.fulls = append(b.fulls, on)
	b.mu.Unlock()
	b.poke()
}

func (b *burstSession) poke() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// TestPlayFullSpeed plays a run of hundreds of events at full speed: the
// lab is told to hold nothing, the redraws are coalesced, the screen
// follows the run to its last event, and the play stops there, the lab
// holding again. The burst happens while the UI goroutine is busy (the
// worst case: a UI slower than the lab): when it is free again, one
// queued update shows the newest timeline, rather than a queue of stale
// ones each drawn in turn.
func TestPlayFullSpeed(t *testing.T) {
	sc, _ := catalogue.Lookup("a")
	var sess *burstSession
	gate := make(chan struct{})
	start := func(_ context.Context, run sim.Run) (Session, error) {
		sess = newBurst(t, mustLookup(t, run.Scenario), 300, gate)
		return sess, nil
	}
	s := tcell.NewSimulationScreen("")
	app := New(Options{Run: sim.Run{Scenario: sc.ID, Mode: sim.ModePASV}, Start: start, Screen: s})
	s.SetSize(120, 40)
	h := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
	go func() { h.end <- app.Run() }()
	t.Cleanup(h.quit)
	h.attached()

	// two steps at the stepping pace: the run holds the rest
	h.steps(2)
	h.waitFor("step 2/")
	for range 4 { // 500ms → 250ms → 100ms → 40ms → full speed
		h.rune('+')
	}
	h.waitFor("stepping")
	h.rune('p')
	h.waitFor("playing at full speed")

	// the UI is busy while the whole run goes by
	busy, free := make(chan struct{}), make(chan struct{})
	go app.app.QueueUpdate(func() { close(busy); <-free })
	<-busy
	before := app.draws.Load()
	close(gate)
	<-sess.done
	time.Sleep(50 * time.Millisecond) // the watcher takes the last signals
	close(free)

	// poll without drawing (waitFor draws) until the end is on screen
	total := sess.Timeline().Len()
	last := fmt.Sprintf("step %d/%d", total, total)
	var screen string
	var draws int64
	deadline := time.Now().Add(waitLimit)
	for !strings.Contains(screen, last) || !strings.Contains(screen, "run: ok") || strings.Contains(screen, "playing") {
		if time.Now().After(deadline) {
			t.Fatalf("the end of the run is not on screen:\n%s", screen)
		}
		time.Sleep(2 * time.Millisecond)
		app.app.QueueUpdate(func() { screen, draws = h.text(), app.draws.Load()-before })
	}
	t.Logf("%d events, %d draws", total, draws)
	if total < 600 {
		t.Errorf("the run made %d events, want hundreds", total)
	}
	if draws > 4 {
		t.Errorf("%d draws for a burst of %d events: redraws are not coalesced", draws, total)
	}
	// the timeline followed the run: its last row is the current one
	if !strings.Contains(screen, fmt.Sprintf("%c%4d ", markCurrent, total)) {
		t.Errorf("the last event is not the current row of the timeline:\n%s", screen)
	}
	if !strings.Contains(screen, "stepping") {
		t.Errorf("still playing at the end:\n%s", screen)
	}
	sess.mu.Lock()
	fulls := fmt.Sprint(sess.fulls)
	sess.mu.Unlock()
	if fulls != "[true false]" {
		t.Errorf("FullSpeed calls %s, want [true false]: full speed while playing, holding again after", fulls)
	}
}

// TestFullSpeedPauseHolds: pausing a full-speed play holds the lab again,
// and slowing down from full speed goes back to timed steps.
func TestFullSpeedPauseHolds(t *testing.T) {
	sc, _ := catalogue.Lookup("a")
	var sess *burstSession
	start := func(_ context.Context, run sim.Run) (Session, error) {
		sess = newBurst(t, mustLookup(t, run.Scenario), 100000, nil) // too long to finish
		return sess, nil
	}
	s := tcell.NewSimulationScreen("")
	app := New(Options{Run: sim.Run{Scenario: sc.ID, Mode: sim.ModePASV}, Start: start, Screen: s})
	s.SetSize(120, 40)
	h := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
	go func() { h.end <- app.Run() }()
	t.Cleanup(h.quit)
	h.attached()
	for range 4 {
		h.rune('+')
	}
	h.rune('p')
	h.waitFor("playing at full speed")
	h.rune('-')
	h.waitFor("playing 40ms")
	h.rune('p')
	h.waitFor("stepping")
	sess.mu.Lock()
	fulls := fmt.Sprint(sess.fulls)
	sess.mu.Unlock()
	if fulls != "[true false]" {
		t.Errorf("FullSpeed calls %s, want [true false]", fulls)
	}
}
