package lessons

import (
	"strings"

	"ftplab/sim"
)

// A Lesson is one lesson file: front matter and Markdown sections.
// A lesson that failed to load still has its File and whatever could be
// read; Problems says what is wrong.
type Lesson struct {
	File     string // path in the lesson folder
	ID       string
	Title    string
	Order    int
	Setup    sim.Run  // the lesson's main run, with its overrides and script
	RFCs     []string // sections cited, e.g. "RFC 959 §3.4.1"
	Sections []Section
	// Checkpoints in file order.
	Checkpoints []Checkpoint
	// Problems found while loading or validating; empty for a good lesson.
	Problems Problems

	lines map[string]int // front-matter key -> line, for validation messages
}

// Err returns the lesson's problems as an error, or nil.
func (l *Lesson) Err() error {
	if len(l.Problems) == 0 {
		return nil
	}
	return l.Problems
}

func (l *Lesson) problem(line int, msg string) {
	l.Problems = append(l.Problems, Problem{File: l.File, Line: line, Msg: msg})
}

// Runs returns the lesson's distinct setups: the main run first, then each
// other scenario/mode that a section or checkpoint names, in file order.
// The lab offers them one after the other.
func (l *Lesson) Runs() []sim.Run {
	runs := []sim.Run{l.Setup}
	add := func(scenario string, mode sim.Mode) {
		s := l.runFor(scenario, mode)
		for _, r := range runs {
			if r.Same(s) {
				return
			}
		}
		runs = append(runs, s)
	}
	for _, s := range l.Sections {
		add(s.Scenario, s.Mode)
	}
	for _, c := range l.Checkpoints {
		add(c.Scenario, c.Mode)
	}
	return runs
}

// runFor resolves a section's or checkpoint's scenario and mode against the
// lesson's: both empty means the main run (with its overrides and script);
// a run that names another scenario or mode is plain.
func (l *Lesson) runFor(scenario string, mode sim.Mode) sim.Run {
	if (scenario == "" || scenario == l.Setup.Scenario) && (mode == "" || mode == l.Setup.Mode) {
		return l.Setup
	}
	s := sim.Run{Scenario: scenario, Mode: mode}
	if s.Scenario == "" {
		s.Scenario = l.Setup.Scenario
	}
	if s.Mode == "" {
		s.Mode = l.Setup.Mode
	}
	return s
}

// A Section is a part of the lesson's text. The first section is shown in
// the lesson's main run; each later one starts at a marker line
//
//	<!-- at: reply.227 -->
//
// and is shown once the run reaches that event (see the package doc).
type Section struct {
	Line     int      // line of the marker (of the first body line for section 0)
	At       string   // event label; "" for the opening section or a run's start
	Nth      int      // occurrence of At, from 1
	Scenario string   // "" = the lesson's
	Mode     sim.Mode // "" = the lesson's
	Markdown []byte   // the section's Markdown, marker excluded
}

// Current returns the index of the section to show once the run has
// produced the given labels (in timeline order): the last section whose
// event has happened. Sections bound to another run than run are skipped.
func (l *Lesson) Current(run sim.Run, labels []string) int {
	seen := map[string]int{}
	for _, lb := range labels {
		seen[lb]++
	}
	cur := 0
	for i, s := range l.Sections {
		r := l.runFor(s.Scenario, s.Mode)
		if i == 0 || !r.Same(run) {
			continue
		}
		if s.At == "" || seen[s.At] >= s.Nth {
			cur = i
		}
	}
	return cur
}

// A Checkpoint is a predict-then-see question, asked when the run reaches
// the Nth event labelled At, before the student sees that event.
type Checkpoint struct {
	Line     int // line of the checkpoint's first key in the file
	At       string
	Nth      int      // from 1
	Scenario string   // "" = the lesson's
	Mode     sim.Mode // "" = the lesson's
	Question string
	// Choices of a multiple-choice question; empty for a typed answer.
	Choices []string
	// Answer is the expected text: the right choice, or the typed answer.
	// Empty when the answer is read from the timeline (AnswerFrom).
	Answer string
	// AnswerIndex is the right choice's index in Choices, from 0; -1 when
	// there are no choices.
	AnswerIndex int
	// AnswerFrom, when set, names the event field that holds the answer.
	AnswerFrom *Ref
	// ChoiceFrom, when set, names the event fields that decide which
	// choice is right: validation checks that the stated answer is the
	// one choice that names the run's value of each (see MatchChoices).
	// A label may be a family, fw.*, or left out (any event with the
	// field).
	ChoiceFrom []Ref
	Explain    string
}

// Matches reports whether the checkpoint is due at the nth event labelled
// label of the given run of lesson l.
func (c *Checkpoint) Matches(l *Lesson, run sim.Run, label string, nth int) bool {
	return l.runFor(c.Scenario, c.Mode).Same(run) && c.At == label && c.Nth == nth
}

// Expected returns the answer to the checkpoint asked at events[at]: its
// Answer, or for AnswerFrom the field of the latest event at or before at
// that carries the label.
func (c *Checkpoint) Expected(events []Event, at int) (string, bool) {
	if c.AnswerFrom == nil {
		return c.Answer, true
	}
	if at >= len(events) {
		at = len(events) - 1
	}
	for i := at; i >= 0; i-- {
		if events[i].Label() == c.AnswerFrom.Label {
			return events[i].Field(c.AnswerFrom.Field)
		}
	}
	return "", false
}

// Correct compares a student's answer with the expected one, ignoring
// case, surrounding space and runs of inner space (NormalAnswer).
func Correct(given, expected string) bool {
	return NormalAnswer(given) == NormalAnswer(expected) && NormalAnswer(expected) != ""
}

// NormalAnswer is a typed answer as Correct compares it: lower case, its
// words separated by one space. Answers with the same NormalAnswer are
// the same answer (the classroom dashboard groups them by it).
func NormalAnswer(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
