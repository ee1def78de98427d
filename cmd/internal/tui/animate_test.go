package tui

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/cmd/internal/tui/player"
	"ftplab/sim"
)

// startWith runs an App with opts (its screen and starter set here) on a
// simulation screen of w×h.
func startWith(t *testing.T, opts Options, w, h int) *harness {
	t.Helper()
	s := tcell.NewSimulationScreen("")
	opts.Screen = s
	if opts.Start == nil {
		opts.Start = replayStarter(t)
	}
	app := New(opts)
	s.SetSize(w, h)
	hs := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
	go func() { hs.end <- app.Run() }()
	t.Cleanup(hs.quit)
	hs.attached()
	return hs
}

// stepIndex is the step (1-based) of the first event of scenario id in
// mode that matches.
func stepIndex(t *testing.T, id string, mode sim.Mode, match func(sim.Event) bool) (int, sim.Event) {
	t.Helper()
	_, r := scripted(t, id, mode)
	for i, e := range r.TL.Events() {
		if match(e) {
			return i + 1, e
		}
	}
	t.Fatalf("%s/%s: no such event", id, mode)
	return 0, sim.Event{}
}

// lineWith returns the screen's first line holding every want.
func lineWith(s string, want ...string) (string, bool) {
	for _, line := range strings.Split(s, "\n") {
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(line, w)
		}
		if ok {
			return line, true
		}
	}
	return "", false
}

// TestStealMallory: scenario steal draws mallory in its own box at
// 80x24, its port and its line to the server when it connects, and the
// connection cut when the server closes it.
func TestStealMallory(t *testing.T) {
	step, connect := stepIndex(t, "steal", sim.ModePASV, func(e sim.Event) bool {
		return e.Host == sim.HostAttacker && e.Label == sim.LabelDataConnect
	})
	closeStep, _ := stepIndex(t, "steal", sim.ModePASV, func(e sim.Event) bool {
		return e.Host == sim.HostServer && e.Label == sim.LabelDataClose && e.Conn == connect.Conn
	})
	h := startApp(t, "steal", sim.ModePASV, 80, 24, false)
	h.steps(step)
	port := connect.From.Port()
	s := h.waitFor(fmt.Sprintf("step %d/", step), "─ mallory ─", "(attacker)", "198.51.100.66", fmt.Sprintf("● :%d data", port))
	// mallory's row: the server's end (not accepted yet), the dashed line
	// with its arrow at the server, mallory's port in its box
	row, ok := lineWith(s, fmt.Sprintf("● :%d data", port))
	if !ok || !strings.Contains(row, fmt.Sprintf("○ :%d", connect.To.Port())) || !strings.Contains(row, "├◀╌") || !strings.Contains(row, fmt.Sprintf("╌┤ ● :%d data", port)) {
		t.Errorf("mallory's connection at step %d:\n%s", step, s)
	}
	// the boxes are in a row: client, router, server, mallory
	top, _ := lineWith(s, "─ client ", "─ router ", "─ server ", "─ mallory ")
	if top == "" || strings.Index(top, "server") > strings.Index(top, "mallory") {
		t.Errorf("no row of four boxes, mallory right of the server:\n%s", s)
	}

	h.steps(1) // the server accepts: a solid line
	s = h.waitFor(fmt.Sprintf("step %d/", step+1))
	if _, ok := lineWith(s, fmt.Sprintf("● :%d data├◀───┤ ● :%d data", connect.To.Port(), port)); !ok {
		t.Errorf("mallory's connection once accepted:\n%s", s)
	}

	h.steps(closeStep - step - 1)
	s = h.waitFor(fmt.Sprintf("step %d/", closeStep), "server closes")
	row, ok = lineWith(s, "├✘╌")
	if !ok || strings.Count(row, "✘ closed") != 2 {
		t.Errorf("at step %d the server's close of mallory's connection is not shown:\n%s", closeStep, s)
	}
	// the client's data connection is still open below
	if _, ok := lineWith(s, "data├", "▶┤ ● :"); !ok {
		t.Errorf("the client's data connection is not on screen:\n%s", s)
	}
	t.Logf("steal/PASV step %d at 80x24:\n%s", closeStep, s)

	// wider, the title says attacker and the closed ends keep their ports
	n := sceneAt(t, "steal", sim.ModePASV, closeStep)
	wide := renderNetwork(n, 118).String()
	if !strings.Contains(wide, "─ mallory (attacker) ─") || !strings.Contains(wide, fmt.Sprintf("✘ :%d closed", port)) {
		t.Errorf("steal at 118 columns:\n%s", wide)
	}
}

// testClock is an injected animation clock: each animation gets its own
// channel of ticks, sent by the test.
type testClock struct {
	started chan chan time.Time
	stops   atomic.Int32
}

func newTestClock() *testClock { return &testClock{started: make(chan chan time.Time, 16)} }

func (c *testClock) tick(time.Duration) (<-chan time.Time, func()) {
	ch := make(chan time.Time)
	c.started <- ch
	return ch, func() { c.stops.Add(1) }
}

// next returns the ticks of the animation just started.
func (c *testClock) next(t *testing.T) chan time.Time {
	t.Helper()
	select {
	case ch := <-c.started:
		return ch
	case <-time.After(3 * time.Second):
		t.Fatal("no animation started")
		return nil
	}
}

// frame waits until the app's animation shows frame k (-1: it ended) and
// returns the screen as drawn then. The adapter draws right after a
// tick's frame, in the same queued update.
func (h *harness) frame(k int) string {
	h.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		var s string
		got := -2
		h.app.app.QueueUpdate(func() {
			got = -1
			if an := h.app.anim.cur; an != nil {
				got = an.move.frame
			}
			s = h.text()
		})
		if got == k {
			return s
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("animation at frame %d, want %d:\n%s", got, k, s)
		}
		time.Sleep(time.Millisecond)
	}
}

// cells is the screen's contents, runes and styles.
func (h *harness) cells() []tcell.SimCell {
	var out []tcell.SimCell
	h.app.app.QueueUpdateDraw(func() {})
	h.app.app.QueueUpdate(func() {
		c, _, _ := h.s.GetContents()
		out = append(out, c...)
	})
	return out
}

func sameCells(a, b []tcell.SimCell) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if string(a[i].Runes) != string(b[i].Runes) || a[i].Style != b[i].Style {
			return false
		}
	}
	return true
}

// markerX is the column of the travelling marker on the wire that holds
// one, strictly inside the wire (between ├ and ┤), or -1.
func markerX(s string) int {
	for _, line := range strings.Split(s, "\n") {
		rs := []rune(line)
		l := -1
		for x, r := range rs {
			switch r {
			case '├':
				l = x
			case '┤':
				l = -1
			case '●':
				if l >= 0 && x > l {
					return x
				}
			}
		}
	}
	return -1
}

// TestAnimateStep: with Animate, a forward step to a reply moves a marker
// from the server's port to the client's, one frame per tick of the
// injected clock, and ends with the step at rest exactly as without the
// animation. A key during the animation shows the step at rest at once;
// stepping back and playing at full speed do not animate; the clock is
// stopped after each animation.
func TestAnimateStep(t *testing.T) {
	reply, _ := stepIndex(t, "a", sim.ModePASV, func(e sim.Event) bool { return e.Kind == sim.KindReply })
	// the steps at rest, without the animation (one app at a time: New
	// sets tview's global styles)
	static := startWith(t, Options{Run: sim.Run{Scenario: "a", Mode: sim.ModePASV}}, 100, 30)
	static.steps(reply)
	static.waitFor(fmt.Sprintf("step %d/", reply))
	rest := static.cells()
	static.steps(1)
	static.waitFor(fmt.Sprintf("step %d/", reply+1))
	rest1 := static.cells()
	static.quit()

	clock := newTestClock()
	h := startWith(t, Options{Run: sim.Run{Scenario: "a", Mode: sim.ModePASV}, Animate: true, Tick: clock.tick}, 100, 30)

	h.steps(reply) // the steps before it are not cmd, reply or data.connect
	ticks := clock.next(t)
	s := h.frame(0)
	if !strings.Contains(s, fmt.Sprintf("step %d/", reply)) {
		t.Fatalf("animation before its step is on screen:\n%s", s)
	}
	if strings.Contains(s, "← 220") {
		t.Errorf("frame 0 shows the line at rest:\n%s", s)
	}
	// the marker travels from the server (right) to the client (left)
	prev := markerX(s)
	if prev < 0 {
		t.Fatalf("frame 0 has no marker on the wire:\n%s", s)
	}
	frame1 := ""
	for k := 1; k < animFrames; k++ {
		ticks <- time.Time{}
		s = h.frame(k)
		x := markerX(s)
		if x < 0 || x >= prev {
			t.Fatalf("frame %d: marker at %d after %d, want it moving left between the hosts:\n%s", k, x, prev, s)
		}
		prev = x
		if k == 1 {
			frame1 = s
		}
	}
	t.Logf("a/PASV step %d, frame 1 of %d:\n%s", reply, animFrames, frame1)
	ticks <- time.Time{}
	h.frame(-1)
	if !sameCells(h.cells(), rest) {
		t.Errorf("last frame differs from the step at rest:\n%s", h.waitFor())
	}
	if !strings.Contains(h.waitFor(), "← 220") {
		t.Errorf("the line is not at rest on its wire")
	}
	waitStops(t, clock, 1)

	// a key during the animation: the step is at rest at once
	h.steps(1) // USER, from the client
	ticks = clock.next(t)
	h.frame(0)
	ticks <- time.Time{}
	s = h.frame(1)
	if markerX(s) < 0 {
		t.Fatalf("no marker at frame 1:\n%s", s)
	}
	h.key(tcell.KeyEscape)
	h.frame(-1)
	if !sameCells(h.cells(), rest1) {
		t.Errorf("after a key the screen is not the step at rest:\n%s", h.waitFor())
	}
	waitStops(t, clock, 2)

	// back: no animation
	h.key(tcell.KeyLeft)
	h.waitFor(fmt.Sprintf("step %d/", reply))
	var anim *animation
	h.app.app.QueueUpdate(func() { anim = h.app.anim.cur })
	if anim != nil || len(clock.started) != 0 {
		t.Errorf("stepping back animates")
	}

	// playing at full speed: no animation
	h.app.app.QueueUpdateDraw(func() {
		h.app.p.SetSpeed(len(player.Speeds))
		h.app.p.TogglePlay() // playing at full speed
		h.app.forward()
		anim = h.app.anim.cur
		h.app.p.StopPlay()
		h.app.syncPlay()
	})
	if anim != nil || len(clock.started) != 0 {
		t.Errorf("a step at full speed animates")
	}
}

func waitStops(t *testing.T, c *testClock, n int32) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for c.stops.Load() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d animation clocks stopped, want %d", c.stops.Load(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func mustLookup(t *testing.T, id string) sim.Scenario {
	t.Helper()
	sc, err := catalogue.Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestAnimateThenIdle: with the real clock, an animation ends by itself
// and then the lab draws nothing.
func TestAnimateThenIdle(t *testing.T) {
	h := startWith(t, Options{Run: sim.Run{Scenario: "a", Mode: sim.ModePASV}, Animate: true}, 100, 30)
	reply, _ := stepIndex(t, "a", sim.ModePASV, func(e sim.Event) bool { return e.Kind == sim.KindReply })
	h.steps(reply)
	h.waitFor(fmt.Sprintf("step %d/", reply))
	h.frame(-1) // the animation runs its course
	if !strings.Contains(h.waitFor(), "← 220") {
		t.Errorf("the line is not at rest on its wire")
	}
	before := h.app.draws.Load()
	time.Sleep(300 * time.Millisecond)
	if n := h.app.draws.Load() - before; n != 0 {
		t.Errorf("%d draws in 300 ms after the animation, want 0", n)
	}
}

// TestAnimationFrameDrawsTheDiagram: an animation's frame draws the
// network diagram alone over the screen (a mark left in the status bar
// stays until a whole draw), and the screen is then what a whole draw
// gives.
func TestAnimationFrameDrawsTheDiagram(t *testing.T) {
	reply, _ := stepIndex(t, "a", sim.ModePASV, func(e sim.Event) bool { return e.Kind == sim.KindReply })
	clock := newTestClock()
	h := startWith(t, Options{Run: sim.Run{Scenario: "a", Mode: sim.ModePASV}, Animate: true, Tick: clock.tick}, 100, 30)
	h.steps(reply)
	ticks := clock.next(t)
	h.frame(0)
	shown := func() (out []tcell.SimCell) {
		h.app.app.QueueUpdate(func() {
			c, _, _ := h.s.GetContents()
			out = append(out, c...)
		})
		return out
	}
	const mark = 29 * 100 // the status bar's first cell
	for k := 1; k <= animFrames; k++ {
		h.app.app.QueueUpdate(func() { h.s.SetContent(0, 29, 'X', nil, tcell.StyleDefault) })
		ticks <- time.Time{}
		if k < animFrames {
			h.frame(k)
		} else {
			h.frame(-1) // the step at rest
		}
		partial := shown()
		if r := partial[mark].Runes; string(r) != "X" {
			t.Errorf("frame %d: the status bar was drawn again (%q where the mark was)", k, string(r))
		}
		whole := h.cells()
		partial[mark] = whole[mark]
		if !sameCells(partial, whole) {
			t.Errorf("frame %d differs from a whole draw:\n%s", k, h.waitFor())
		}
	}
}

// TestAnimationBehindDropsFrames: ticks that come while the frame before
// is still on its way to a busy UI join it: the lab then draws the newest
// frame, once. Three ticks behind draw at most twice (once, plus a draw
// the test does not control, seen 1 run in 200 under -race); drawing each
// tick's frame would draw three times.
func TestAnimationBehindDropsFrames(t *testing.T) {
	reply, _ := stepIndex(t, "a", sim.ModePASV, func(e sim.Event) bool { return e.Kind == sim.KindReply })
	clock := newTestClock()
	h := startWith(t, Options{Run: sim.Run{Scenario: "a", Mode: sim.ModePASV}, Animate: true, Tick: clock.tick}, 100, 30)
	h.steps(reply)
	ticks := clock.next(t)
	h.frame(0)
	// what the step itself posted (and its draw) lands before the count
	settled := make(chan struct{})
	h.app.post(func() { close(settled) })
	<-settled
	busy, hold := make(chan struct{}), make(chan struct{})
	go h.app.app.QueueUpdate(func() { close(busy); <-hold }) // the UI is busy
	<-busy
	before := h.app.draws.Load()
	ticks <- time.Time{}
	ticks <- time.Time{} // the second and third ticks join the first's frame
	ticks <- time.Time{}
	close(hold)
	h.frame(3)
	if n := h.app.draws.Load() - before; n > 2 {
		t.Errorf("%d draws for three ticks behind, want 1 (at most 2)", n)
	}
	for k := 4; k <= animFrames; k++ { // the rest, one frame each
		ticks <- time.Time{}
		if k < animFrames {
			h.frame(k)
		}
	}
	h.frame(-1)
	waitStops(t, clock, 1)
}
