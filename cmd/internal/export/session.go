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
	full    *sim.Timeline
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
	if _, err := tl.At(tl.Len() / 2); err != nil {
		return nil, err // a timeline read from JSON has no state per step
	}
	s := &steppedRun{full: tl, outcome: outcome, blocked: blocked, size: size,
		changed: make(chan struct{}, 1), done: make(chan struct{})}
	s.reveal(0)
	return s, nil
}

// reveal makes the first n events the timeline (under mu, or before use):
// the lab's own timeline as it was at step n, as a stepped run shows it.
func (s *steppedRun) reveal(n int) {
	s.tl, s.shown = s.full.Prefix(n), n
	if n == s.full.Len() {
		close(s.done)
	}
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
	if s.shown >= s.full.Len() {
		s.mu.Unlock()
		return
	}
	s.reveal(s.shown + 1)
	s.mu.Unlock()
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
