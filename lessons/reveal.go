package lessons

import (
	"fmt"
	"slices"
	"strings"

	"ftplab/sim"
)

// The lab asks a checkpoint bound to step p (its at: event) one step
// before it: the screen shows steps 1 to p-1, and the answer must not be
// among them. checkAnswerSource checks that for the events a checkpoint's
// answer is read from (answer_from, choice_from), and that a choice bound
// to the run names what the run does.
func checkAnswerSource(l *Lesson, i int, tl *sim.Timeline, p int, run sim.Run) {
	c := &l.Checkpoints[i]
	a := asking{l: l, c: c, where: fmt.Sprintf("checkpoint %d", i+1), at: occurrence(c.At, c.Nth),
		evs: SimEvents(tl.Events()), p: p, run: run}
	if r := c.AnswerFrom; r != nil {
		switch q := lastMatch(a.evs, p, *r); {
		case q == 0:
			a.problem("answer_from %s: no %s event at or before %s in run %s", r, r.Label, a.at, run)
		case q < p:
			a.problem("answer_from %s reads step %d, already on screen when the lab stops at step %d to ask about %s: bind the checkpoint to step %d's event or earlier", r, q, p-1, a.at, q)
		}
	}
	a.checkChoices()
}

// asking is one checkpoint as the lab asks it in one run: stopped at step
// p-1, before event p.
type asking struct {
	l     *Lesson
	c     *Checkpoint
	where string // "checkpoint N"
	at    string // its event, and which occurrence
	evs   []Event
	p     int
	run   sim.Run
}

func (a asking) problem(format string, args ...any) {
	a.l.problem(a.c.Line, a.where+": "+fmt.Sprintf(format, args...))
}

// checkChoices checks a choice bound to the run: for each choice_from
// ref, the stated answer names the run's value, and no other choice
// names them all.
func (a asking) checkChoices() {
	var fit []int // the choices that name every value so far
	for i, r := range a.c.ChoiceFrom {
		m, ok := a.boundChoices(r)
		if !ok {
			return
		}
		if i == 0 {
			fit = m
		}
		fit = slices.DeleteFunc(fit, func(k int) bool { return !slices.Contains(m, k) })
	}
	if len(fit) > 1 {
		a.problem("choice_from %s: run %s fits choices %s: reword them", refList(a.c.ChoiceFrom), a.run, numbers(fit))
	}
}

// boundChoices reads ref r in the run from step p on and returns the
// choices that name its value. It reports a problem and false when the
// value is on screen already, missing, named by no choice, or not named
// by the stated answer.
func (a asking) boundChoices(r Ref) ([]int, bool) {
	c, p := a.c, a.p
	q := firstMatch(a.evs, p, r)
	if q == 0 {
		if b := lastMatch(a.evs, p, r); b > 0 {
			a.problem("choice_from %s: the run shows it at step %d, already on screen when the lab stops at step %d to ask about %s: ask at step %d's event or earlier", r, b, p-1, a.at, b)
		} else {
			a.problem("choice_from %s: run %s has no %s event at or after %s", r, a.run, labelOf(r), a.at)
		}
		return nil, false
	}
	v, ok := a.evs[q-1].Field(r.Field)
	if !ok {
		a.problem("choice_from %s: step %d (%s) has no %s", r, q, a.evs[q-1].Label(), r.Field)
		return nil, false
	}
	m := MatchChoices(v, c.Choices)
	switch {
	case len(m) == 0:
		a.problem("choice_from %s: run %s shows %q (step %d), which no choice names", r, a.run, v, q)
	case !slices.Contains(m, c.AnswerIndex):
		a.problem("the answer is choice %d (%q), but run %s shows %s = %q (step %d): choice %s", c.AnswerIndex+1, c.Answer, a.run, r, v, q, numbers(m))
	case len(m) > 1 && len(c.ChoiceFrom) == 1:
		a.problem("choice_from %s: run %s shows %q (step %d), which choices %d and %d both name: reword them", r, a.run, v, q, m[0]+1, m[1]+1)
	default:
		return m, true
	}
	return nil, false
}

// lastMatch returns the step of the latest event at or before step p
// that r reads, or 0.
func lastMatch(evs []Event, p int, r Ref) int {
	for k := min(p, len(evs)); k >= 1; k-- {
		if r.reads(evs[k-1]) {
			return k
		}
	}
	return 0
}

// firstMatch returns the step of the first event at or after step p that
// r reads, or 0.
func firstMatch(evs []Event, p int, r Ref) int {
	for k := max(p, 1); k <= len(evs); k++ {
		if r.reads(evs[k-1]) {
			return k
		}
	}
	return 0
}

// labelOf names the events a ref reads, for messages.
func labelOf(r Ref) string {
	if r.Label == "" {
		return "event with a " + r.Field
	}
	return r.Label
}

// refList writes refs as a lesson does: one, or a YAML list.
func refList(refs []Ref) string {
	if len(refs) == 1 {
		return refs[0].String()
	}
	s := make([]string, len(refs))
	for i, r := range refs {
		s[i] = r.String()
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// numbers writes choice indexes (from 0) as the lesson counts them.
func numbers(m []int) string {
	s := make([]string, len(m))
	for i, k := range m {
		s[i] = fmt.Sprint(k + 1)
	}
	return strings.Join(s, " and ")
}
