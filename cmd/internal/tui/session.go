package tui

import (
	"context"
	"errors"

	"ftplab/sim"
)

// Session is one run of a scenario as the lab UI drives it. The live
// implementation wraps a labrun.Run (see package labsession); Replay plays
// a finished timeline.
type Session interface {
	// Timeline returns a snapshot of the timeline so far.
	Timeline() *sim.Timeline
	// Changed is signalled after each new event (it may coalesce).
	Changed() <-chan struct{}
	// Step releases one held operation of the live run.
	Step()
	// FullSpeed(true) lets the live run do every operation at once,
	// without holding any (playing at full speed); FullSpeed(false)
	// holds each operation until Step again. It does not block.
	FullSpeed(on bool)
	// Done is closed when the run's client has finished.
	Done() <-chan struct{}
	// Outcome is the run's result once Done: ok, 425, 500, timeout,
	// refused; and what blocked the data connection ("-" if nothing).
	Outcome() (outcome, blockedAt string)
	// Command sends one raw FTP command line through the lab's client
	// and returns the server's reply. A typed command just runs: the
	// operations it makes (the line, the reply, a data connection) are
	// not held for Step, and its events join the timeline as they
	// happen. It blocks until the reply: the UI calls it off the UI
	// goroutine.
	Command(ctx context.Context, line string) (string, error)
	// FileSize is the size of the file the run's client downloads (the
	// full width of a data connection's bar); 0 when unknown.
	FileSize() int64
	// Close ends the run and releases its resources.
	Close() error
}

// Starter starts a session of a run (resolved with sim.Run.Resolve, the
// one resolver: a lesson's run keeps its overrides and script). The UI
// calls it off the UI goroutine (at start and on every restart); it may
// return before the run is over.
type Starter func(ctx context.Context, r sim.Run) (Session, error)

// Replay is a Session over a finished timeline: nothing is live, every
// step is already known. Tests and benchmarks use it, and it is what the
// lab shows when a run cannot start.
type Replay struct {
	TL              *sim.Timeline
	Result, Blocked string
	Size            int64 // the downloaded file's size, if known
	done            chan struct{}
}

// NewReplay returns a replay of tl with the given outcome.
func NewReplay(tl *sim.Timeline, outcome, blockedAt string) *Replay {
	d := make(chan struct{})
	close(d)
	return &Replay{TL: tl, Result: outcome, Blocked: blockedAt, done: d}
}

func (r *Replay) Timeline() *sim.Timeline   { return r.TL }
func (r *Replay) Changed() <-chan struct{}  { return nil }
func (r *Replay) Step()                     {}
func (r *Replay) FullSpeed(bool)            {}
func (r *Replay) Done() <-chan struct{}     { return r.done }
func (r *Replay) Outcome() (string, string) { return r.Result, r.Blocked }
func (r *Replay) Close() error              { return nil }
func (r *Replay) FileSize() int64           { return r.Size }
func (r *Replay) Command(context.Context, string) (string, error) {
	return "", errors.New("this run is a replay: no live FTP client to send commands through")
}

var _ Session = (*Replay)(nil)
