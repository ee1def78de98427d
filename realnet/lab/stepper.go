package lab

import (
	"context"
	"sync"
	"time"
)

// Pace says when the lab lets its next operation happen.
type Pace int

const (
	// FullSpeed lets every operation happen at once (headless runs, tests).
	FullSpeed Pace = iota
	// Stepping holds each operation until Step releases it.
	Stepping
	// Playing releases one operation every Interval.
	Playing
)

// Stepper holds each lab operation (a dial, a control line, a write of
// data, a close) until it is released. The lab calls wait before it asks
// the model to decide an operation, so one step of the user is one event
// of the timeline.
type Stepper struct {
	mu       sync.Mutex
	pace     Pace
	interval time.Duration
	credits  int           // operations released but not yet taken
	wake     chan struct{} // closed and replaced whenever credits or pace change
	waiting  int           // operations held right now
}

// NewStepper returns a stepper at the given pace.
func NewStepper(p Pace) *Stepper {
	return &Stepper{pace: p, interval: 500 * time.Millisecond, wake: make(chan struct{})}
}

// SetPace changes the pace; interval is used when playing.
func (s *Stepper) SetPace(p Pace, interval time.Duration) {
	s.mu.Lock()
	s.pace, s.interval = p, interval
	s.broadcastLocked()
	s.mu.Unlock()
}

// Pace returns the current pace and play interval.
func (s *Stepper) Pace() (Pace, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pace, s.interval
}

// Step releases n held (or future) operations.
func (s *Stepper) Step(n int) {
	s.mu.Lock()
	s.credits += n
	s.broadcastLocked()
	s.mu.Unlock()
}

// Waiting reports how many operations are held now.
func (s *Stepper) Waiting() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.waiting
}

func (s *Stepper) broadcastLocked() {
	close(s.wake)
	s.wake = make(chan struct{})
}

// wait blocks until the next operation may happen, or ctx ends.
func (s *Stepper) wait(ctx context.Context) error {
	s.mu.Lock()
	s.waiting++
	defer func() { s.mu.Lock(); s.waiting--; s.mu.Unlock() }()
	for {
		switch {
		case s.pace == FullSpeed:
			s.mu.Unlock()
			return nil
		case s.credits > 0:
			s.credits--
			s.mu.Unlock()
			return nil
		}
		wake := s.wake
		var tick <-chan time.Time
		if s.pace == Playing {
			t := time.NewTimer(s.interval)
			defer t.Stop()
			tick = t.C
		}
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
		case <-tick:
			s.mu.Lock()
			if s.pace == Playing {
				s.mu.Unlock()
				return nil
			}
			continue
		}
		s.mu.Lock()
	}
}
