// Package labsession adapts a live lab run (realnet/lab/labrun) to the
// terminal lab's Session: the UI steps the run one operation at a time.
// It is apart from package tui so that the UI builds and tests with sim
// alone.
//
// The run's stepper is at one of two paces. Stepping holds each
// operation until the UI steps; FullSpeed holds none. The stepper goes
// at full speed while the UI plays at full speed, and while a typed
// command runs: a student who types LIST expects the listing, not a
// request to step through its dozen operations (and once the run's own
// session is over the UI has nothing left to step). Between commands
// the stepper holds again.
package labsession

import (
	"context"
	"sync"

	"ftplab/cmd/internal/tui"
	"ftplab/realnet/lab"
	"ftplab/realnet/lab/labrun"
	"ftplab/sim"
)

// Starter returns a tui.Starter that starts stepped lab runs with the
// given seed: the run resolved (its overrides applied), its script (a
// lesson's raw control lines) sent after login. The client stays logged
// in after its download, for the command line.
func Starter(seed uint64) tui.Starter { return StarterFor(shipped, seed) }

// StarterFor is Starter resolving runs in the catalogue cat (the shipped
// scenarios and a scenario file, say).
func StarterFor(cat *sim.Catalogue, seed uint64) tui.Starter {
	return func(ctx context.Context, run sim.Run) (tui.Session, error) {
		opts, err := options(cat, run, seed)
		if err != nil {
			return nil, err
		}
		r, err := labrun.Start(ctx, opts)
		if err != nil {
			return nil, err
		}
		return &session{r: r}, nil
	}
}

// options are the labrun options of a UI run.
func options(cat *sim.Catalogue, run sim.Run, seed uint64) (labrun.Options, error) {
	sc, err := run.Resolve(cat)
	if err != nil {
		return labrun.Options{}, err
	}
	return labrun.Options{
		Scenario: sc, Mode: run.Mode, Seed: seed, Script: run.Script,
		Pace: lab.Stepping, KeepOpen: true,
	}, nil
}

type session struct {
	r *labrun.Run

	mu     sync.Mutex // guards the pace
	full   bool       // the UI plays at full speed
	cmds   int        // typed commands running
	closed bool       // Close has begun: the pace is the run's
}

var _ tui.Session = (*session)(nil)

func (s *session) Timeline() *sim.Timeline  { return s.r.Lab.Timeline() }
func (s *session) Changed() <-chan struct{} { return s.r.Lab.Changed() }
func (s *session) Step()                    { s.r.Lab.Stepper.Step(1) }
func (s *session) Done() <-chan struct{}    { return s.r.Done() }

// FileSize is the size of the file every lab run serves (labrun's
// data.bin).
func (s *session) FileSize() int64 { return labrun.FileSize }

func (s *session) Outcome() (string, string) {
	res := s.r.Result()
	return res.Outcome, res.BlockedAt
}

func (s *session) FullSpeed(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.full = on
	s.paceLocked()
}

// paceLocked sets the stepper's pace: full speed while the UI plays at
// full speed or a command runs, else stepping.
func (s *session) paceLocked() {
	if s.closed {
		return
	}
	if s.full || s.cmds > 0 {
		s.r.Lab.Stepper.SetPace(lab.FullSpeed, 0)
	} else {
		s.r.Lab.Stepper.SetPace(lab.Stepping, 0)
	}
}

// Command runs a typed command line at full speed (see the package
// documentation), then holds the run's operations again. Before the
// run's own session is over labrun refuses commands: the pace is left
// alone, so that the refusal releases nothing of the run.
func (s *session) Command(ctx context.Context, line string) (string, error) {
	select {
	case <-s.r.Done():
	default:
		return s.r.Command(ctx, line) // refused: the run is still going
	}
	s.mu.Lock()
	s.cmds++
	s.paceLocked()
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.cmds--
		s.paceLocked()
		s.mu.Unlock()
	}()
	return s.r.Command(ctx, line)
}

func (s *session) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	return s.r.Close()
}
