package player

import (
	"time"

	"ftplab/lessons"
	"ftplab/sim"
)

// State says whether the player is stopped at a checkpoint.
type State int

const (
	// Free: no checkpoint on screen; the student steps freely.
	Free State = iota
	// Asking: stopped one step before a checkpoint's event; the question
	// is on screen, unanswered. Only Answer, Choose, Reveal and Continue
	// (skip) move on.
	Asking
	// Answered: the verdict, the answer and why are on screen; Continue
	// shows the event asked about.
	Answered
)

// Do is what the view must do after a move.
type Do struct {
	Release bool   // release one held operation of the live run (Session.Step)
	Ask     bool   // a checkpoint was asked: show Question (playing has stopped)
	Save    bool   // the progress changed: store it
	Msg     string // a message for the status bar; "" leaves it
}

// and merges e into d: e's message wins.
func (d Do) and(e Do) Do {
	d.Release = d.Release || e.Release
	d.Ask = d.Ask || e.Ask
	d.Save = d.Save || e.Save
	if e.Msg != "" {
		d.Msg = e.Msg
	}
	return d
}

// Speeds are the play intervals, slowest first; Faster and Slower move
// along them, and beyond the fastest is full speed.
var Speeds = []time.Duration{2 * time.Second, time.Second, 500 * time.Millisecond, 250 * time.Millisecond, 100 * time.Millisecond, 40 * time.Millisecond}

// Player is the lesson player: the cursor over one run's timeline, the
// checkpoint gate and the open lesson with the student's progress. The
// zero value is not ready: use New.
type Player struct {
	run              sim.Run
	tl               *sim.Timeline
	step             int  // the event on screen, 0 = before the first
	seen             int  // the furthest step shown in this run
	pending          bool // one live operation released, its event not yet seen
	done             bool // the run's client has finished
	outcome, blocked string
	seek             int // a resumed lesson's step, still to reach

	playing bool
	speed   int // index in Speeds; len(Speeds) is full speed

	progress *lessons.Progress
	present  bool        // the teacher's mode: answers revealed, nothing recorded
	lsn      *openLesson // nil for a free run
	q        *Question   // the checkpoint on screen, if any
}

// New returns a player of no run yet, keeping progress (nil: a fresh
// one). In the teacher's mode (present) answers are revealed on a key
// and nothing is recorded.
func New(progress *lessons.Progress, present bool) *Player {
	if progress == nil {
		progress = &lessons.Progress{}
	}
	p := &Player{progress: progress, present: present}
	p.Start(sim.Run{})
	return p
}

// Start begins run r: an empty timeline, the first step, no checkpoint
// asked in it yet; playing stops and the pace is the default.
func (p *Player) Start(r sim.Run) {
	*p = Player{run: r, tl: new(sim.Timeline), speed: 2, progress: p.progress, present: p.present, lsn: p.lsn}
	if p.lsn != nil {
		p.lsn.asked = map[int]bool{}
	}
}

// Run is the run on screen.
func (p *Player) Run() sim.Run { return p.run }

// Timeline is the timeline known so far.
func (p *Player) Timeline() *sim.Timeline { return p.tl }

// Step is the event on screen (0 = before the first); Seen the furthest
// shown in this run.
func (p *Player) Step() int { return p.step }
func (p *Player) Seen() int { return p.seen }

// Done reports whether the run's client has finished; Outcome says how.
func (p *Player) Done() bool                         { return p.done }
func (p *Player) Outcome() (outcome, blocked string) { return p.outcome, p.blocked }

// AtEnd reports whether nothing more will come: the run is over and its
// last event is on screen.
func (p *Player) AtEnd() bool { return p.done && p.step >= p.tl.Len() }

// Seeking reports whether a resumed lesson is still on its way to the
// step where the student stopped.
func (p *Player) Seeking() bool { return p.seek > 0 }

// State says whether a checkpoint is on screen, and whether answered.
func (p *Player) State() State {
	switch {
	case p.q == nil:
		return Free
	case p.q.Shown:
		return Answered
	}
	return Asking
}

// Question is the checkpoint on screen; nil when Free.
func (p *Player) Question() *Question { return p.q }

// Forward moves one event on. At the end of the known timeline it asks
// the view to release the live run's next operation. A checkpoint due at
// the next event is asked instead, before the event is shown; while one
// is on screen nothing moves.
func (p *Player) Forward() Do {
	if p.q != nil {
		return Do{}
	}
	if i := p.due(p.tl, p.step+1); i >= 0 {
		return p.ask(i, p.step+1).and(p.note())
	}
	return Do{Release: p.forward()}.and(p.note())
}

// forward moves the cursor one event on; it reports whether the live
// run must release an operation (the step on screen is the last known).
func (p *Player) forward() (release bool) {
	if p.step < p.tl.Len() {
		p.step++
		p.seen = max(p.seen, p.step)
		return false
	}
	if p.done || p.pending {
		return false
	}
	p.pending = true
	return true
}

// Back moves one event back; the live run is not affected.
func (p *Player) Back() {
	if p.q == nil && p.step > 0 {
		p.step--
	}
}

// JumpTo shows step k (clamped to the timeline); moving forward it stops
// before the first checkpoint due on the way and asks it.
func (p *Player) JumpTo(k int) Do {
	if p.q != nil {
		return Do{}
	}
	k = max(0, min(k, p.tl.Len()))
	for j := p.step + 1; j <= k; j++ {
		if i := p.due(p.tl, j); i >= 0 {
			p.jump(j - 1)
			return p.ask(i, j).and(p.note())
		}
	}
	p.jump(k)
	return p.note()
}

func (p *Player) jump(k int) {
	p.step = max(0, min(k, p.tl.Len()))
	p.seen = max(p.seen, p.step)
}

// Update takes a newer snapshot of the live run's timeline. A released
// operation's first event comes on screen, unless a checkpoint asks about
// it first; a resumed lesson goes on towards its step; playing at full
// speed follows the newest event.
func (p *Player) Update(tl *sim.Timeline) Do {
	d := p.take(tl)
	d = d.and(p.seekOn())
	return d.and(p.follow()).and(p.note())
}

// Attach takes the first timeline of a run just started; a step asked
// for while it started is released now.
func (p *Player) Attach(tl *sim.Timeline) Do {
	d := p.take(tl)
	d.Release = p.pending
	d = d.and(p.seekOn())
	return d.and(p.follow()).and(p.note())
}

// End takes the final timeline of a run whose client has finished (tl
// nil: none, as when the run could not start) and its outcome.
func (p *Player) End(tl *sim.Timeline, outcome, blocked string) Do {
	d := p.take(tl)
	p.done, p.pending = true, false
	p.outcome, p.blocked = outcome, blocked
	return d.and(p.follow()).and(p.note())
}

// take adopts tl if it is newer (the App's update before the player).
func (p *Player) take(tl *sim.Timeline) Do {
	if tl == nil || tl.Len() < p.tl.Len() {
		return Do{}
	}
	if p.pending && tl.Len() > p.step {
		p.tl = tl
		p.pending = false
		if i := p.due(tl, p.step+1); i >= 0 {
			return p.ask(i, p.step+1)
		}
		p.step++
		p.seen = max(p.seen, p.step)
		return Do{}
	}
	p.tl = tl
	return Do{}
}

// seekOn moves towards the step a resumed lesson stopped at, releasing
// the live run's operations one by one; a checkpoint on the way stops it.
func (p *Player) seekOn() Do {
	var d Do
	if p.seek > p.step && p.q == nil && p.step < p.tl.Len() {
		d = d.and(p.JumpTo(min(p.seek, p.tl.Len())))
	}
	if p.seek > p.step && p.q == nil && p.step == p.tl.Len() && !p.done && !p.pending {
		d = d.and(p.Forward())
	}
	if p.seek <= p.step || p.AtEnd() {
		p.seek = 0
	}
	return d
}

// Pending reports whether an operation of the live run was released and
// its event has not come yet.
func (p *Player) Pending() bool { return p.pending }
