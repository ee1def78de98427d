package tui

import (
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/sim"
)

// BenchmarkFirstFrame measures the time from building the lab to its
// first frame on screen (target: under 150 ms).
func BenchmarkFirstFrame(b *testing.B) {
	sc, _ := catalogue.Lookup("d")
	for b.Loop() {
		s := tcell.NewSimulationScreen("")
		app := New(Options{Run: sim.Run{Scenario: sc.ID, Mode: sim.ModePORT}, Start: replayStarter(b), Screen: s})
		s.SetSize(80, 24)
		first := make(chan struct{})
		app.app.SetAfterDrawFunc(func(tcell.Screen) {
			select {
			case <-first:
			default:
				close(first)
			}
		})
		end := make(chan error, 1)
		go func() { end <- app.Run() }()
		<-first
		app.Stop()
		<-end
	}
}

// BenchmarkRedraw200x60 measures one full redraw of a 200x60 screen in
// the middle of scenario h2 (target: under 2 ms).
func BenchmarkRedraw200x60(b *testing.B) {
	sc, _ := catalogue.Lookup("h2")
	s := tcell.NewSimulationScreen("")
	app := New(Options{Run: sim.Run{Scenario: sc.ID, Mode: sim.ModePORT}, Start: replayStarter(b), Screen: s})
	s.SetSize(200, 60)
	app.p.JumpTo(25)
	app.refresh()
	for b.Loop() {
		app.ui.pages.SetRect(0, 0, 200, 60)
		s.Clear()
		app.beforeDraw(s)
		app.ui.pages.Draw(s)
		s.Show()
	}
}

// TestIdleDoesNotRedraw: with nothing happening the lab draws nothing.
func TestIdleDoesNotRedraw(t *testing.T) {
	h := startApp(t, "d", sim.ModePORT, 100, 30, false)
	h.steps(3)
	h.waitFor("step 3/")
	before := h.app.draws.Load()
	time.Sleep(300 * time.Millisecond)
	if n := h.app.draws.Load() - before; n != 0 {
		t.Errorf("%d draws in 300 ms of idle, want 0", n)
	}
}

// TestFirstFrameFast checks the first-frame budget loosely (the race
// detector slows everything down; the benchmark gives the real figure).
func TestFirstFrameFast(t *testing.T) {
	r := testing.Benchmark(BenchmarkFirstFrame)
	if per := time.Duration(r.NsPerOp()); per > 750*time.Millisecond {
		t.Errorf("first frame after %v, want well under 150 ms", per)
	}
}
