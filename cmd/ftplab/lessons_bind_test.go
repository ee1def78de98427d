package main

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"

	"ftplab/lessons"
	"ftplab/sim"
)

// cachedLab is the real lab, running each setup once for the whole test.
type cachedLab struct {
	labLessons
	mu   sync.Mutex
	runs map[string]*sim.Timeline
}

func (c *cachedLab) Timeline(ctx context.Context, run sim.Run) (*sim.Timeline, error) {
	key := fmt.Sprintf("%s/%s/%v/%v", run.Scenario, run.Mode, run.Overrides, run.Script)
	c.mu.Lock()
	defer c.mu.Unlock()
	if tl, ok := c.runs[key]; ok {
		return tl, nil
	}
	tl, err := c.labLessons.Timeline(ctx, run)
	if err == nil {
		c.runs[key] = tl
	}
	return tl, err
}

// conceptual are the shipped choice checkpoints left unbound, because
// their answer is not a fact of the run (file, checkpoint number): the
// meaning of a reply's digits, stream mode's end of file, what a 229 or
// TLS leaves out, what a helper records or why. A new choice checkpoint
// is bound with choice_from or added here with its reason.
var conceptual = map[string][]int{
	"01-two-connections.md":  {2, 3},    // FTP's design (RFC 959 §2.3, §3.4.1): every run shows the same
	"02-control-dialogue.md": {1, 2, 3}, // at: names the code; its digits' meaning is RFC 959 §4.2
	"05-eprt-epsv.md":        {1},       // what 229's format leaves out (RFC 2428 §3): an absence
	"08-ftp-helper.md":       {1},       // at: helper.expect is the fact; the choice is what it means
	"10-server-nat.md":       {4},       // asks why; at: helper.expect is the fact
	"11-ftps.md":             {1},       // what TLS hides from the helper: an absence
}

// TestShippedChoicesBound (issue 9, item 3): every shipped choice
// checkpoint is bound to the run (choice_from) or listed as conceptual,
// the bindings use each kind of fact lessons ask about, and moving a bound
// checkpoint's answer to any other choice makes lessons check fail at the
// checkpoint's file:line against the real lab.
func TestShippedChoicesBound(t *testing.T) {
	fsys, err := lessonFS("")
	if err != nil {
		t.Fatal(err)
	}
	course, err := lessons.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	lab := &cachedLab{labLessons: labLessons{lessons.OracleCatalogue{Catalogue: shipped}}, runs: map[string]*sim.Timeline{}}
	kinds := map[string]bool{}
	for _, l := range course {
		src, err := fs.ReadFile(fsys, l.File)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range l.Checkpoints {
			bound, listed := len(c.ChoiceFrom) > 0, slices.Contains(conceptual[l.File], i+1)
			switch {
			case len(c.Choices) == 0:
				continue
			case bound == listed:
				t.Errorf("%s:%d: checkpoint %d: bound %v, listed as conceptual %v: want one of them", l.File, c.Line, i+1, bound, listed)
			}
			for _, r := range c.ChoiceFrom {
				kinds[r.Field] = true
			}
			if len(c.ChoiceFrom) > 1 {
				kinds["list"] = true
			}
			for k := range c.Choices {
				if k != c.AnswerIndex && bound {
					wrongAnswerFails(t, lab, l.File, src, i, k)
				}
			}
		}
	}
	for _, k := range []string{"host", "verdict", "code", "dst.addr", "dst.port", "state", "failure", "line.addr", "line.verb", "list"} {
		if !kinds[k] {
			t.Errorf("no shipped checkpoint binds its choices with %s", k)
		}
	}
}

// wrongAnswerFails states choice k as checkpoint i's answer in a fresh
// copy of the lesson and checks that validation fails at its line.
func wrongAnswerFails(t *testing.T, lab lessons.Runner, file string, src []byte, i, k int) {
	t.Helper()
	m := lessons.Parse(file, src)
	c := &m.Checkpoints[i]
	c.AnswerIndex, c.Answer = k, c.Choices[k]
	ps := lessons.Validate(context.Background(), []*lessons.Lesson{m}, lab)
	want := fmt.Sprintf("%s:%d: checkpoint %d: ", file, c.Line, i+1)
	for _, p := range ps {
		if strings.HasPrefix(p.String(), want) {
			return
		}
	}
	t.Errorf("%s checkpoint %d with answer %d (%q): want a problem starting %q, got:\n%v", file, i+1, k+1, c.Answer, want, ps)
}
