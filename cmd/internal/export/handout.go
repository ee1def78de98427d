package export

import (
	"context"
	"fmt"

	"ftplab/lessons"
	"ftplab/sim"
)

// Handout is a lesson laid out for print: its sections in file order,
// each checkpoint as a question after the section on screen when the lab
// asks it, with the network diagram at that moment, and the answers.
type Handout struct {
	Lesson    *lessons.Lesson
	Questions []Question // in the lesson's checkpoint order
}

// Question is one checkpoint of the handout.
type Question struct {
	N       int // from 1
	CP      *lessons.Checkpoint
	Run     sim.Run // the run it is asked in
	Step    int     // the event it asks about (from 1); 0 if its run never reaches it
	Section int     // the lesson section on screen when it is asked
	Answer  string  // the expected answer: the right choice, or read from the run
	Diagram Frame   // the network pane just before the event (empty if Step is 0)
}

// NewHandout runs each of l's runs in the lab (seed 1, as the lab does)
// and places every checkpoint where the lab asks it: before the Nth event
// with its label. The diagram is drawn with look.
func NewHandout(ctx context.Context, l *lessons.Lesson, look Look) (*Handout, error) {
	if err := l.Err(); err != nil {
		return nil, err
	}
	h := &Handout{Lesson: l, Questions: make([]Question, len(l.Checkpoints))}
	for i := range l.Checkpoints {
		cp := &l.Checkpoints[i]
		h.Questions[i] = Question{N: i + 1, CP: cp, Answer: cp.Answer}
	}
	for _, run := range l.Runs() {
		if err := h.place(ctx, run, look); err != nil {
			return nil, fmt.Errorf("lesson %s: %w", l.ID, err)
		}
	}
	for _, q := range h.Questions {
		if q.Step == 0 {
			return nil, fmt.Errorf("%s:%d: checkpoint at %s is never reached in its run", l.File, q.CP.Line, q.CP.At)
		}
	}
	return h, nil
}

// place runs run and places the checkpoints due in it, as the lab's
// lesson player does (the first checkpoint not yet asked that matches
// the event's label and occurrence).
func (h *Handout) place(ctx context.Context, run sim.Run, look Look) error {
	r, err := Exec(ctx, run, 1)
	if err != nil {
		return err
	}
	labels := r.TL.Labels()
	count := map[string]int{}
	var due []int
	last := 0
	for k := 1; k <= len(labels); k++ {
		label := labels[k-1]
		count[label]++
		for i := range h.Questions {
			q := &h.Questions[i]
			if q.Step == 0 && q.CP.Matches(h.Lesson, run, label, count[label]) {
				q.Run, q.Step = run, k
				q.Section = h.Lesson.Current(run, labels[:k-1])
				if q.CP.AnswerFrom != nil {
					q.Answer, _ = q.CP.Expected(lessons.SimEvents(r.TL.Events()), k-1)
				}
				due = append(due, i)
				last = k - 1
			}
		}
	}
	if len(due) == 0 {
		return nil
	}
	frames, err := Record(ctx, r, look, last)
	if err != nil {
		return err
	}
	for _, i := range due {
		h.Questions[i].Diagram = networkPane(frames[h.Questions[i].Step-1])
	}
	return nil
}

// networkPane crops f to the network pane: the top rows down to the
// first row that starts with a box's bottom-left corner.
func networkPane(f Frame) Frame {
	for y := 1; y < f.H; y++ {
		switch f.At(0, y).Text {
		case "└", "╚", "╰", "┗":
			return f.Crop(0, y+1)
		}
	}
	return f
}

// ChoiceLetter names choice i (from 0) as the handout prints it.
func ChoiceLetter(i int) string { return string(rune('a' + i)) }

// KeyAnswer is q's answer as the key prints it: the choice's letter and
// text, or the typed answer.
func (q Question) KeyAnswer() string {
	if q.CP.AnswerIndex >= 0 && q.CP.AnswerIndex < len(q.CP.Choices) {
		return fmt.Sprintf("(%s) %s", ChoiceLetter(q.CP.AnswerIndex), q.CP.Choices[q.CP.AnswerIndex])
	}
	if q.Answer == "" {
		return "(read from the run: not found)"
	}
	return q.Answer
}
