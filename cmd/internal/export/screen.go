package export

import (
	"sync"

	"github.com/gdamore/tcell/v2"
)

// recScreen is a simulation screen that keeps the frame of every Show:
// the UI draws a whole frame, then shows it.
type recScreen struct {
	tcell.SimulationScreen

	mu     sync.Mutex
	last   Frame
	shows  int
	notify chan struct{} // signalled after each Show
}

func newRecScreen() *recScreen {
	return &recScreen{SimulationScreen: tcell.NewSimulationScreen(""), notify: make(chan struct{}, 1)}
}

// Show shows the frame and keeps it (on the UI goroutine, the only one
// that draws).
func (s *recScreen) Show() {
	s.SimulationScreen.Show()
	f := grab(s.SimulationScreen)
	s.mu.Lock()
	s.last, s.shows = f, s.shows+1
	s.mu.Unlock()
	select {
	case s.notify <- struct{}{}:
	default:
	}
}

// Sync redraws everything; for the recording it is a Show.
func (s *recScreen) Sync() {
	s.SimulationScreen.Sync()
	s.Show()
}

// frame returns the last frame shown and how many were.
func (s *recScreen) frame() (Frame, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last, s.shows
}
