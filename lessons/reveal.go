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
	evs := SimEvents(tl.Events())
	where := fmt.Sprintf("checkpoint %d", i+1)
	at := occurrence(c.At, c.Nth)
	if r := c.AnswerFrom; r != nil {
		switch q := lastMatch(evs, p, *r); {
		case q == 0:
			l.problem(c.Line, fmt.Sprintf("%s: answer_from %s: no %s event at or before %s in run %s", where, r, r.Label, at, run))
		case q < p:
			l.problem(c.Line, fmt.Sprintf("%s: answer_from %s reads step %d, already on screen when the lab stops at step %d to ask about %s: bind the checkpoint to step %d's event or earlier", where, r, q, p-1, at, q))
		}
	}
	checkChoices(l, c, where, at, evs, p, run)
}

// checkChoices checks a choice bound to the run: for each choice_from
// ref, the stated answer names the run's value, and no other choice
// names them all.
func checkChoices(l *Lesson, c *Checkpoint, where, at string, evs []Event, p int, run sim.Run) {
	var fit []int // the choices that name every value so far
	for i, r := range c.ChoiceFrom {
		m, ok := boundChoices(l, c, where, at, evs, p, r, run)
		if !ok {
			return
		}
		if i == 0 {
			fit = m
		}
		fit = slices.DeleteFunc(fit, func(k int) bool { return !slices.Contains(m, k) })
	}
	if len(fit) > 1 {
		l.problem(c.Line, fmt.Sprintf("%s: choice_from %s: run %s fits choices %s: reword them", where, refList(c.ChoiceFrom), run, numbers(fit)))
	}
}

// boundChoices reads ref r in the run from step p on and returns the
// choices that name its value. It reports a problem and false when the
// value is on screen already, missing, named by no choice, or not named
// by the stated answer.
func boundChoices(l *Lesson, c *Checkpoint, where, at string, evs []Event, p int, r Ref, run sim.Run) ([]int, bool) {
	q := firstMatch(evs, p, r)
	if q == 0 {
		if b := lastMatch(evs, p, r); b > 0 {
			l.problem(c.Line, fmt.Sprintf("%s: choice_from %s: the run shows it at step %d, already on screen when the lab stops at step %d to ask about %s: ask at step %d's event or earlier", where, r, b, p-1, at, b))
		} else {
			l.problem(c.Line, fmt.Sprintf("%s: choice_from %s: run %s has no %s event at or after %s", where, r, run, labelOf(r), at))
		}
		return nil, false
	}
	v, ok := evs[q-1].Field(r.Field)
	if !ok {
		l.problem(c.Line, fmt.Sprintf("%s: choice_from %s: step %d (%s) has no %s", where, r, q, evs[q-1].Label(), r.Field))
		return nil, false
	}
	m := MatchChoices(v, c.Choices)
	switch {
	case len(m) == 0:
		l.problem(c.Line, fmt.Sprintf("%s: choice_from %s: run %s shows %q (step %d), which no choice names", where, r, run, v, q))
	case !slices.Contains(m, c.AnswerIndex):
		l.problem(c.Line, fmt.Sprintf("%s: the answer is choice %d (%q), but run %s shows %s = %q (step %d): choice %s", where, c.AnswerIndex+1, c.Answer, run, r, v, q, numbers(m)))
	case len(m) > 1 && len(c.ChoiceFrom) == 1:
		l.problem(c.Line, fmt.Sprintf("%s: choice_from %s: run %s shows %q (step %d), which choices %d and %d both name: reword them", where, r, run, v, q, m[0]+1, m[1]+1))
	default:
		return m, true
	}
	return nil, false
}

// lastMatch returns the step of the latest event at or before step p
// that r's label matches, or 0.
func lastMatch(evs []Event, p int, r Ref) int {
	for k := min(p, len(evs)); k >= 1; k-- {
		if r.reads(evs[k-1]) {
			return k
		}
	}
	return 0
}

// firstMatch returns the step of the first event at or after step p that
// r's label matches, or 0.
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
