package player

import (
	"slices"
	"strconv"
	"strings"

	"ftplab/lessons"
	"ftplab/sim"
)

// A checkpoint is asked when the step would move onto the event it is
// bound to: the player stops one step before, so the student predicts
// what the event will show (the lessons package's contract: "asked when
// the run reaches the Nth event labelled At, before the student sees
// that event"). The event is already in the timeline, so an answer_from
// can be read from it; after the answer, Continue shows it.

// Question is a checkpoint on screen.
type Question struct {
	Index      int // in the lesson's Checkpoints
	Checkpoint *lessons.Checkpoint
	Step       int    // the event asked about, not yet shown
	Expected   string // the right answer, as text
	Known      bool   // whether Expected could be read from the run
	Choice     int    // the highlighted choice
	Shown      bool   // the answer is on screen
	Given      string // the student's answer
	Correct    bool
}

// Answer is the right answer as the screen shows it: "N. choice", or the
// expected text.
func (q *Question) Answer() string {
	if i := q.Checkpoint.AnswerIndex; i >= 0 && i < len(q.Checkpoint.Choices) {
		return strconv.Itoa(i+1) + ". " + q.Checkpoint.Choices[i]
	}
	return q.Expected
}

// due returns the index of a checkpoint of the open lesson, not yet
// asked in this run, bound to event k (from 1) of tl; -1 if none.
func (p *Player) due(tl *sim.Timeline, k int) int {
	o := p.lsn
	if o == nil || k < 1 || k > tl.Len() || len(o.l.Checkpoints) == 0 {
		return -1
	}
	ev, _ := tl.Event(k)
	label, nth := ev.Label, tl.Occurrence(k)
	for i := range o.l.Checkpoints {
		if !o.asked[i] && o.l.Checkpoints[i].Matches(o.l, p.run, label, nth) {
			return i
		}
	}
	return -1
}

// ask stops playing and asks checkpoint i about event step.
func (p *Player) ask(i, step int) Do {
	p.playing = false
	p.lsn.asked[i] = true
	if !slices.Contains(p.lsn.order, i) {
		p.lsn.order = append(p.lsn.order, i)
	}
	cp := &p.lsn.l.Checkpoints[i]
	exp, ok := cp.Expected(Events(p.tl.Events()), step-1)
	p.q = &Question{Index: i, Checkpoint: cp, Step: step, Expected: exp, Known: ok}
	return Do{Ask: true}
}

// Highlight moves the highlighted choice by d, round the list.
func (p *Player) Highlight(d int) {
	q := p.q
	if p.State() != Asking || len(q.Checkpoint.Choices) == 0 {
		return
	}
	n := len(q.Checkpoint.Choices)
	q.Choice = ((q.Choice+d)%n + n) % n
}

// Answer records a typed answer and shows the verdict.
func (p *Player) Answer(given string) Do {
	if p.State() != Asking || p.present {
		return Do{}
	}
	return p.record(strings.TrimSpace(given), lessons.Correct(given, p.q.Expected))
}

// Choose records choice i (from 0) and shows the verdict.
func (p *Player) Choose(i int) Do {
	if p.State() != Asking || p.present || i < 0 || i >= len(p.q.Checkpoint.Choices) {
		return Do{}
	}
	p.q.Choice = i
	return p.record(p.q.Checkpoint.Choices[i], i == p.q.Checkpoint.AnswerIndex)
}

func (p *Player) record(given string, correct bool) Do {
	q := p.q
	q.Given, q.Correct, q.Shown = given, correct && q.Known, true
	p.progress.Record(p.lsn.l.ID, lessons.Answer{Checkpoint: q.Index, Given: given, Correct: q.Correct})
	return Do{Save: true}.and(p.checkFinished())
}

// Reveal shows the answer in the teacher's mode, recording nothing.
func (p *Player) Reveal() Do {
	if p.State() != Asking || !p.present {
		return Do{}
	}
	p.q.Shown = true
	p.lsn.revealed[p.q.Index] = true
	return Do{}
}

// Continue closes the checkpoint (answered, or skipped unanswered) and
// shows its event; a resumed lesson goes on towards its step.
func (p *Player) Continue() Do {
	if p.q == nil {
		return Do{}
	}
	p.q = nil
	return p.Forward().and(p.seekOn())
}

// Answered reports whether checkpoint i of the open lesson has an answer:
// recorded, or revealed in the teacher's mode.
func (p *Player) Answered(i int) bool {
	if p.lsn == nil {
		return false
	}
	if p.lsn.revealed[i] {
		return true
	}
	_, ok := p.progress.Answer(p.lsn.l.ID, i)
	return ok
}

// Number is checkpoint i's number as the student meets it (from 1): the
// order asked, whatever the order the lesson declares them in; one not
// asked yet is the next.
func (p *Player) Number(i int) int {
	if p.lsn == nil {
		return i + 1
	}
	if k := slices.Index(p.lsn.order, i); k >= 0 {
		return k + 1
	}
	return len(p.lsn.order) + 1
}
