package lessons

import (
	"fmt"

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
	r := c.ChoiceFrom
	if r == nil {
		return
	}
	q := firstMatch(evs, p, *r)
	if q == 0 {
		if b := lastMatch(evs, p, *r); b > 0 {
			l.problem(c.Line, fmt.Sprintf("%s: choice_from %s: the run shows it at step %d, already on screen when the lab stops at step %d to ask about %s: ask at step %d's event or earlier", where, r, b, p-1, at, b))
		} else {
			l.problem(c.Line, fmt.Sprintf("%s: choice_from %s: run %s has no %s event at or after %s", where, r, run, r.Label, at))
		}
		return
	}
	v, ok := evs[q-1].Field(r.Field)
	if !ok {
		l.problem(c.Line, fmt.Sprintf("%s: choice_from %s: step %d (%s) has no %s", where, r, q, evs[q-1].Label(), r.Field))
		return
	}
	switch m := MatchChoices(v, c.Choices); {
	case len(m) == 0:
		l.problem(c.Line, fmt.Sprintf("%s: choice_from %s: run %s shows %q (step %d), which no choice names", where, r, run, v, q))
	case len(m) > 1:
		l.problem(c.Line, fmt.Sprintf("%s: choice_from %s: run %s shows %q (step %d), which choices %d and %d both name: reword them", where, r, run, v, q, m[0]+1, m[1]+1))
	case m[0] != c.AnswerIndex:
		l.problem(c.Line, fmt.Sprintf("%s: the answer is choice %d (%q), but run %s shows %s = %q (step %d): choice %d", where, c.AnswerIndex+1, c.Answer, run, r, v, q, m[0]+1))
	}
}

// lastMatch returns the step of the latest event at or before step p
// that r's label matches, or 0.
func lastMatch(evs []Event, p int, r Ref) int {
	for k := min(p, len(evs)); k >= 1; k-- {
		if r.Matches(evs[k-1].Label()) {
			return k
		}
	}
	return 0
}

// firstMatch returns the step of the first event at or after step p that
// r's label matches, or 0.
func firstMatch(evs []Event, p int, r Ref) int {
	for k := max(p, 1); k <= len(evs); k++ {
		if r.Matches(evs[k-1].Label()) {
			return k
		}
	}
	return 0
}
