package export

import (
	"context"
	"errors"
	"sync"

	"ftplab/cmd/internal/tui"
	"ftplab/sim"
)

// steppedRun is a tui.Session over a finished timeline that reveals one
// event per Step, as a live stepped run does: the timeline pane lists
// only the events reached, and the run is over once the last is shown.
type steppedRun struct {
	events  []sim.Event
	states  []sim.State // after each event
	outcome string
	blocked string
	size    int64

	mu      sync.Mutex
	shown   int
	tl      *sim.Timeline
	changed chan struct{}
	done    chan struct{}
}

var _ tui.Session = (*steppedRun)(nil)

func newSteppedRun(tl *sim.Timeline, outcome, blocked string, size int64) (*steppedRun, error) {
	events := tl.Events()
	states := make([]sim.State, len(events))
	for i := range events {
		st, err := tl.At(i + 1)
		if err != nil {
			return nil, err
		}
		states[i] = st
	}
	s := &steppedRun{events: events, states: states, outcome: outcome, blocked: blocked, size: size,
		changed: make(chan struct{}, 1), done: make(chan struct{})}
	if err := s.reveal(0); err != nil {
		return nil, err
	}
	return s, nil
}

// reveal makes the first n events the timeline (under mu, or before use).
func (s *steppedRun) reveal(n int) error {
	tl, err := sim.ObservedTimeline(s.events[:n], s.states[:n])
	if err != nil {
		return err
	}
	s.tl, s.shown = tl, n
	if n == len(s.events) {
		close(s.done)
	}
	return nil
}

func (s *steppedRun) Timeline() *sim.Timeline {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tl
}

func (s *steppedRun) Changed() <-chan struct{} { return s.changed }

// Step reveals the next event; after the last it does nothing.
func (s *steppedRun) Step() {
	s.mu.Lock()
	if s.shown >= len(s.events) {
		s.mu.Unlock()
		return
	}
	err := s.reveal(s.shown + 1)
	s.mu.Unlock()
	if err != nil {
		return // the states came from a timeline: cannot fail
	}
	select {
	case s.changed <- struct{}{}:
	default: // one signal is waiting already: it covers this event
	}
}

func (s *steppedRun) FullSpeed(bool)            {}
func (s *steppedRun) Done() <-chan struct{}     { return s.done }
func (s *steppedRun) Outcome() (string, string) { return s.outcome, s.blocked }
func (s *steppedRun) FileSize() int64           { return s.size }
func (s *steppedRun) Close() error              { return nil }
func (s *steppedRun) Command(context.Context, string) (string, error) {
	return "", errors.New("an exported run is a replay: no live FTP client to send commands through")
}
