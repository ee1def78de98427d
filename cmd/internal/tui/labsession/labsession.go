// Package labsession adapts a live lab run (realnet/labrun) to the
// terminal lab's Session: the UI steps the run one operation at a time.
// It is apart from package tui so that the UI builds and tests with sim
// alone.
package labsession

import (
	"context"

	"ftplab/cmd/internal/tui"
	"ftplab/realnet"
	"ftplab/realnet/labrun"
	"ftplab/sim"
)

// Starter returns a tui.Starter that starts stepped lab runs with the
// given seed, sending the run's script (a lesson's raw control lines)
// after login. The client stays logged in after its download, for the
// command line.
func Starter(seed uint64) tui.Starter {
	return func(ctx context.Context, run tui.Run) (tui.Session, error) {
		r, err := labrun.Start(ctx, labrun.Options{
			Scenario: run.Scenario, Mode: run.Mode, Seed: seed, Script: run.Script,
			Pace: realnet.Stepping, KeepOpen: true,
		})
		if err != nil {
			return nil, err
		}
		return session{r}, nil
	}
}

type session struct{ r *labrun.Run }

var _ tui.Session = session{}

func (s session) Timeline() *sim.Timeline  { return s.r.Lab.Timeline() }
func (s session) Changed() <-chan struct{} { return s.r.Lab.Changed() }
func (s session) Step()                    { s.r.Lab.Stepper.Step(1) }
func (s session) Done() <-chan struct{}    { return s.r.Done() }
func (s session) Close() error             { return s.r.Close() }

func (s session) Outcome() (string, string) {
	res := s.r.Result()
	return res.Outcome, res.BlockedAt
}

func (s session) Command(ctx context.Context, line string) (string, error) {
	return s.r.Command(ctx, line)
}
