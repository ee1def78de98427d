package lessons

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"

	"ftplab/sim"
)

// A Catalogue names the scenarios and client modes the lab knows.
type Catalogue interface {
	Scenarios() []string
	Modes() []sim.Mode
}

// A Runner is the lab as validation sees it: its catalogue, and the
// timeline a run produces (the lab runs the setup at full speed). An
// error wrapping ErrNoLab means no lab is available, and the checks that
// need a run are skipped.
type Runner interface {
	Catalogue
	Timeline(ctx context.Context, run sim.Run) (*sim.Timeline, error)
}

// ErrNoLab is returned (or wrapped) by a Runner that cannot run scenarios.
var ErrNoLab = errors.New("no lab to run scenarios")

// OracleCatalogue is a Runner that knows the lab's scenarios (the oracle's,
// and the lessons' own such as steal) and the client modes, but runs
// nothing: validation against it checks names only.
//
//	PORT        PORT h1,h2,h3,h4,p1,p2: the server connects to the client
//	EPRT        EPRT |1|addr|port|: the same, extended (RFC 2428)
//	PASV        PASV, then connect to the address in the 227 reply
//	EPSV        EPSV, then connect to the control peer, port from 229
//	PASV_CTLIP  PASV, but connect to the control peer (curl ≥ 7.74, ftplib)
type OracleCatalogue struct {
	Catalogue *sim.Catalogue // the scenario files, e.g. the shipped ones
}

func (o OracleCatalogue) Scenarios() []string {
	if o.Catalogue == nil {
		return nil
	}
	return o.Catalogue.IDs()
}

func (OracleCatalogue) Modes() []sim.Mode { return sim.Modes() }

func (OracleCatalogue) Timeline(context.Context, sim.Run) (*sim.Timeline, error) {
	return nil, ErrNoLab
}

// Validate checks lessons against each other (ids and orders unique), the
// runner's catalogue (scenarios and modes exist) and, unless the runner
// returns ErrNoLab, the timelines of their runs: every checkpoint, section
// and answer_from is bound to a label the run produces, sections appear in
// timeline order, no answer is on screen when the lab stops to ask its
// checkpoint, and each choice_from names the stated answer. New problems are added to each lesson's Problems and
// returned together, sorted by file and line. A nil runner skips the
// catalogue and timeline checks.
func Validate(ctx context.Context, ls []*Lesson, r Runner) Problems {
	before := make([]int, len(ls))
	for i, l := range ls {
		before[i] = len(l.Problems)
	}
	unique(ls, "id", func(l *Lesson) (string, bool) { return l.ID, l.ID != "" })
	unique(ls, "order", func(l *Lesson) (string, bool) { return fmt.Sprint(l.Order), l.lines["order"] != 0 })
	if r != nil {
		for _, l := range ls {
			validateCatalogue(l, r)
		}
		for _, l := range ls {
			if err := ctx.Err(); err != nil {
				break
			}
			if len(l.Problems) == 0 {
				validateRuns(ctx, l, r)
			}
		}
	}
	var out Problems
	for i, l := range ls {
		out = append(out, l.Problems[before[i]:]...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}

func unique(ls []*Lesson, key string, value func(*Lesson) (string, bool)) {
	first := map[string]*Lesson{}
	for _, l := range ls {
		v, ok := value(l)
		if !ok {
			continue
		}
		if f, dup := first[v]; dup {
			l.problem(l.lines[key], fmt.Sprintf("duplicate %s %s (also in %s:%d)", key, v, f.File, f.lines[key]))
			continue
		}
		first[v] = l
	}
}

func validateCatalogue(l *Lesson, c Catalogue) {
	scen, modes := c.Scenarios(), c.Modes()
	check := func(ln int, where, scenario string, mode sim.Mode) {
		if scenario != "" && !slices.Contains(scen, scenario) {
			l.problem(ln, fmt.Sprintf("%sunknown scenario %q", where, scenario))
		}
		if mode != "" && !slices.Contains(modes, mode) {
			l.problem(ln, fmt.Sprintf("%sunknown mode %q (known: %v)", where, mode, modes))
		}
	}
	if l.lines["scenario"] != 0 {
		check(l.lines["scenario"], "", l.Setup.Scenario, "")
	}
	if l.lines["mode"] != 0 {
		check(l.lines["mode"], "", "", l.Setup.Mode)
	}
	if l.lines["overrides"] != 0 {
		// the settings alone, on no scenario; the run (validateRuns)
		// applies them to it
		keys := slices.Sorted(maps.Keys(l.Setup.Overrides))
		for _, k := range keys {
			if err := sim.CheckOverride(k, l.Setup.Overrides[k]); err != nil {
				l.problem(l.lines["overrides"], err.Error())
			}
		}
	}
	for _, s := range l.Sections {
		check(s.Line, "section marker: ", s.Scenario, s.Mode)
	}
	for i, c := range l.Checkpoints {
		check(c.Line, fmt.Sprintf("checkpoint %d: ", i+1), c.Scenario, c.Mode)
	}
}

// validateRuns runs each of the lesson's setups and checks the labels its
// sections and checkpoints are bound to.
func validateRuns(ctx context.Context, l *Lesson, r Runner) {
	for _, run := range l.Runs() {
		tl, err := r.Timeline(ctx, run)
		if errors.Is(err, ErrNoLab) {
			return
		}
		if err != nil {
			l.problem(l.lines["scenario"], fmt.Sprintf("run %s: %v", run, err))
			continue
		}
		inRun := func(scenario string, mode sim.Mode) bool { return l.runFor(scenario, mode).Same(run) }
		last, lastLine := -1, 0
		for _, s := range l.Sections[1:] {
			if !inRun(s.Scenario, s.Mode) || s.At == "" {
				continue
			}
			p := tl.Nth(s.At, s.Nth)
			if p == 0 {
				l.problem(s.Line, fmt.Sprintf("section bound to %s, which run %s never produces%s", occurrence(s.At, s.Nth), run, seen(tl, s.At)))
				continue
			}
			if p < last {
				l.problem(s.Line, fmt.Sprintf("section bound to %s comes after the section of line %d in the file but before it in the timeline", occurrence(s.At, s.Nth), lastLine))
			}
			last, lastLine = p, s.Line
		}
		for i := range l.Checkpoints {
			c := &l.Checkpoints[i]
			if !inRun(c.Scenario, c.Mode) || c.At == "" {
				continue
			}
			p := tl.Nth(c.At, c.Nth)
			if p == 0 {
				l.problem(c.Line, fmt.Sprintf("checkpoint %d: bound to %s, which run %s never produces%s", i+1, occurrence(c.At, c.Nth), run, seen(tl, c.At)))
				continue
			}
			checkAnswerSource(l, i, tl, p, run)
		}
	}
}

func occurrence(label string, nth int) string {
	if nth <= 1 {
		return label
	}
	return fmt.Sprintf("%s (occurrence %d)", label, nth)
}

func seen(tl *sim.Timeline, label string) string {
	n := tl.Count(label, tl.Len())
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (it produces %d)", n)
}
