package player

import (
	"fmt"

	"ftplab/lessons"
	"ftplab/sim"
)

// openLesson is the lesson the player follows: which of its runs is on
// screen, the checkpoints already asked in that run, and whether its main
// run has reached its end in this session.
type openLesson struct {
	l         *lessons.Lesson
	run       int          // index in l.Runs()
	asked     map[int]bool // checkpoint indexes asked in the current run
	revealed  map[int]bool // shown in the teacher's mode (never recorded)
	mainEnded bool
	order     []int // checkpoint indexes in the order first asked (or answered before)
}

// Progress is the student's progress the player keeps.
func (p *Player) Progress() *lessons.Progress { return p.progress }

// Lesson is the open lesson, nil for a free run; RunIndex its run on
// screen (in Lesson().Runs()).
func (p *Player) Lesson() *lessons.Lesson {
	if p.lsn == nil {
		return nil
	}
	return p.lsn.l
}

func (p *Player) RunIndex() int {
	if p.lsn == nil {
		return 0
	}
	return p.lsn.run
}

// Hint is where the open lesson goes on, once its main run has ended:
// that it is finished, or, in the main run, the run where a checkpoint
// waits. It is "" in another run before the lesson is finished: there
// the main run's end would talk about a run not on screen (run b's pane
// saying "the lesson goes on in run b"). Computed on each call, so that
// an answer given since is counted.
func (p *Player) Hint() string {
	o := p.lsn
	switch {
	case o == nil || !o.mainEnded:
		return ""
	case p.progress.IsFinished(o.l.ID):
		return "✓ Lesson finished. N opens the next one (L lists them, C shows the summary)."
	case !p.IsMainRun():
		return ""
	}
	// (in the teacher's mode, which records nothing, the lesson is
	// never finished)
	i, k := p.waiting()
	if k == 0 {
		return "Some checkpoints are unanswered: r runs the lesson again."
	}
	r, keys := o.l.Runs()[k], "press ]"
	if k > 1 {
		keys = fmt.Sprintf("press ] %d times", k)
	}
	return fmt.Sprintf("The lesson goes on in run %s/%s, where checkpoint %d waits: %s to switch to it.", r.Scenario, r.Mode, p.Number(i), keys)
}

// waiting is the open lesson's first checkpoint without an answer that
// another run than the main one asks, and the index k of that run; else
// the first without an answer (-1 when all have one) and k 0.
func (p *Player) waiting() (i, k int) {
	o := p.lsn
	first := -1
	for i := range o.l.Checkpoints {
		if p.Answered(i) {
			continue
		}
		if first < 0 {
			first = i
		}
		c := &o.l.Checkpoints[i]
		for k, r := range o.l.Runs() {
			if k > 0 && c.Matches(o.l, r, c.At, c.Nth) {
				return i, k
			}
		}
	}
	return first, 0
}

// Pick returns the lesson to open: the one the student was on if it
// loads, else the first that loads (resumed false). It returns nil when
// none loads; broken is then the lesson the student was on, if broken.
func (p *Player) Pick(course []*lessons.Lesson) (l *lessons.Lesson, resumed bool, broken *lessons.Lesson) {
	var first *lessons.Lesson
	for _, c := range course {
		if c.ID == p.progress.Current && c.ID != "" {
			if c.Err() == nil {
				return c, true, nil
			}
			broken = c
		}
		if first == nil && c.Err() == nil {
			first = c
		}
	}
	return first, false, broken
}

// Open follows lesson l at its run i (0 is the main run) and returns that
// run, for the view to start, with a message naming it when the lesson
// has several.
func (p *Player) Open(l *lessons.Lesson, i int) (sim.Run, string, Do) {
	p.lsn = &openLesson{l: l, run: i, asked: map[int]bool{}, revealed: map[int]bool{}}
	// Questions answered in an earlier session come first in the
	// numbering; the others are numbered as they are asked.
	for k := range l.Checkpoints {
		if _, ok := p.progress.Answer(l.ID, k); ok {
			p.lsn.order = append(p.lsn.order, k)
		}
	}
	var d Do
	if p.progress.Current != l.ID {
		p.progress.Current, p.progress.Step = l.ID, 0
		d.Save = true
	}
	run, msg := p.lessonRun()
	return run, msg, d
}

// lessonRun is the open lesson's current run, and, when the lesson has
// several, a message saying how to switch (the status bar numbers them).
func (p *Player) lessonRun() (sim.Run, string) {
	runs := p.lsn.l.Runs()
	r := runs[p.lsn.run]
	if len(runs) == 1 {
		return r, ""
	}
	return r, "[ and ] switch runs"
}

// Resume goes back to the step where the student stopped in the lesson's
// main run (call it after Start of that run); checkpoints answered before
// are not asked again on the way.
func (p *Player) Resume() {
	if p.lsn == nil {
		return
	}
	for i := range p.lsn.l.Checkpoints {
		if _, ok := p.progress.Answer(p.lsn.l.ID, i); ok {
			p.lsn.asked[i] = true
		}
	}
	p.seek = p.progress.Step
}

// SwitchRun moves to the open lesson's next (d=1) or previous (d=-1) run
// and returns it; ok is false, with a message, when there is none.
func (p *Player) SwitchRun(d int) (run sim.Run, msg string, ok bool) {
	if p.lsn == nil {
		return sim.Run{}, "no lesson open: L chooses one", false
	}
	n := len(p.lsn.l.Runs())
	if n == 1 {
		return sim.Run{}, "this lesson has a single run", false
	}
	p.lsn.run = (p.lsn.run + d + n) % n
	run, msg = p.lessonRun()
	return run, msg, true
}

// Restart returns the run to start for scenario id in mode. The same
// scenario and mode (r) restart the same run, overrides and script
// included. A run of the open lesson keeps the lesson and takes that
// run's overrides and script; any other leaves the lesson, with a
// message.
func (p *Player) Restart(id string, mode sim.Mode) (sim.Run, string) {
	r := sim.Run{Scenario: id, Mode: mode}
	if r.Same(p.run) {
		r = p.run
	}
	if p.lsn == nil {
		return r, ""
	}
	for i, lr := range p.lsn.l.Runs() {
		if lr.Same(r) {
			p.lsn.run = i
			return lr, ""
		}
	}
	title := p.lsn.l.Title
	p.lsn = nil
	return r, fmt.Sprintf("left the lesson %q: L reopens it", title)
}

// MainEnded reports whether the open lesson's main run has reached its
// end in this session: a lesson is finished only then.
func (p *Player) MainEnded() bool { return p.lsn != nil && p.lsn.mainEnded }

// IsMainRun reports whether the run on screen is the open lesson's main
// run.
func (p *Player) IsMainRun() bool { return p.lsn != nil && p.run.Same(p.lsn.l.Setup) }

// note notices the end of the lesson's main run and finishes the lesson
// once every checkpoint has an answer; it says where the lesson goes on
// when a checkpoint waits in another run.
func (p *Player) note() Do {
	o := p.lsn
	if o == nil || o.mainEnded || !p.IsMainRun() || !p.AtEnd() || p.tl.Len() == 0 || p.outcome == "error" {
		return Do{}
	}
	o.mainEnded = true
	if d := p.checkFinished(); d.Save || p.progress.IsFinished(o.l.ID) {
		return d
	}
	if _, k := p.waiting(); k > 0 {
		r := o.l.Runs()[k]
		return Do{Msg: fmt.Sprintf("next: ] runs %s/%s", r.Scenario, r.Mode)}
	}
	return Do{Msg: "checkpoints left unanswered: r runs the lesson again"}
}

// checkFinished marks the open lesson finished when its main run has
// ended and all its checkpoints were answered.
func (p *Player) checkFinished() Do {
	o := p.lsn
	if o == nil || !o.mainEnded || p.present || p.progress.IsFinished(o.l.ID) {
		return Do{}
	}
	for i := range o.l.Checkpoints {
		if !p.Answered(i) {
			return Do{}
		}
	}
	p.progress.Finish(o.l.ID)
	return Do{Save: true, Msg: "✓ lesson finished: N next lesson"}
}

// Remember keeps the step the student stopped at in the lesson's main
// run (when the lab quits).
func (p *Player) Remember() Do {
	if p.lsn == nil {
		return Do{}
	}
	p.progress.Current, p.progress.Step = p.lsn.l.ID, 0
	if p.IsMainRun() {
		p.progress.Step = p.step
	}
	return Do{Save: true}
}
