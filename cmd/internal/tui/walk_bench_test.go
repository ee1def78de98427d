package tui

import (
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/cmd/internal/tui/player"
	"ftplab/lessons"
)

// BenchmarkLessonWalk is the lab's work for the moves of a class
// stepping on through new text: every shipped lesson's main run at
// 100x30, stepped from its start to its end, each checkpoint answered
// (wrong) and continued, a frame drawn after each move. The runs are
// replays of the real lab's (run once before the timer starts), so the
// CPU is the UI's: cpu-ns/move (the process's CPU, GC included).
func BenchmarkLessonWalk(b *testing.B) {
	course := shipped(b)
	s := tcell.NewSimulationScreen("")
	app := New(Options{Course: course, Screen: s, Start: (&realRuns{done: map[string]*Replay{}}).starter(b)})
	s.SetSize(100, 30)
	end := make(chan error, 1)
	go func() { end <- app.Run() }()
	b.Cleanup(func() { app.Stop(); <-end })
	walkAll(b, app, course) // the lab's runs, once
	moves := 0
	cpu0 := processCPU()
	for b.Loop() {
		moves += walkAll(b, app, course)
	}
	b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/float64(moves), "cpu-ns/move")
}

// walkAll walks every lesson's main run to its end; it returns the moves.
func walkAll(b *testing.B, app *App, course []*lessons.Lesson) (moves int) {
	for _, l := range course {
		if l.Err() != nil {
			continue
		}
		app.app.QueueUpdateDraw(func() { app.openLesson(l, 0) })
		deadline := time.Now().Add(waitLimit)
		for attached := false; !attached; {
			app.app.QueueUpdate(func() { attached = app.live.sess != nil })
			if time.Now().After(deadline) {
				b.Fatalf("lesson %s: the run did not start", l.ID)
			}
			if !attached {
				time.Sleep(time.Millisecond)
			}
		}
		for i := 0; ; i++ {
			if i == 1000 {
				b.Fatalf("lesson %s: no end in 1000 moves", l.ID)
			}
			done := false
			app.app.QueueUpdateDraw(func() { done = move(app) })
			if done {
				break
			}
			moves++
		}
	}
	return moves
}

// move makes the next move of a walk: an answer (wrong), on after the
// verdict, or a step on; it reports the run's end instead.
func move(a *App) (end bool) {
	p := a.p
	switch p.State() {
	case player.Asking:
		a.answered(answerFor(p, p.Question(), false))
	case player.Answered:
		a.continueCheckpoint()
	default:
		if p.AtEnd() {
			return true
		}
		a.forward()
	}
	return false
}
