package lessons_test

import (
	"context"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"ftplab/assets"
	"ftplab/lessons"
	"ftplab/sim"
)

// labCatalogue names the lab's scenarios: the oracle's and the lessons'
// own (steal, for lesson 12). It runs nothing, like OracleCatalogue.
type labCatalogue struct{ lessons.OracleCatalogue }

// scenarios is the catalogue of the shipped scenario files.
func scenarios(t *testing.T) *sim.Catalogue {
	t.Helper()
	c, err := sim.NewCatalogue(assets.ScenarioFS())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func shipped(t *testing.T) []*lessons.Lesson {
	t.Helper()
	fsys, err := fs.Sub(assets.Lessons, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	ls, err := lessons.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// TestShippedLessons: every embedded lesson loads and validates against the
// lab's catalogue, has two checkpoints or more and cites RFCs, and has no empty
// section (the UI's markdown package checks that each renders).
func TestShippedLessons(t *testing.T) {
	ls := shipped(t)
	if len(ls) < 13 {
		t.Fatalf("%d lessons, want at least 13", len(ls))
	}
	if ps := lessons.Validate(context.Background(), ls, labCatalogue{lessons.OracleCatalogue{Catalogue: scenarios(t)}}); len(ps) > 0 {
		t.Fatalf("shipped lessons have problems:\n%v", ps)
	}
	for i, l := range ls {
		if l.Order != i+1 {
			t.Errorf("%s: order %d, want %d", l.File, l.Order, i+1)
		}
		if len(l.Checkpoints) < 2 {
			t.Errorf("%s: %d checkpoints, want 2 or more", l.File, len(l.Checkpoints))
		}
		if len(l.RFCs) == 0 {
			t.Errorf("%s: cites no RFC", l.File)
		}
		for j, c := range l.Checkpoints {
			if c.Explain == "" {
				t.Errorf("%s: checkpoint %d has no explain", l.File, j+1)
			}
		}
		for j, s := range l.Sections {
			if strings.TrimSpace(string(s.Markdown)) == "" {
				t.Errorf("%s: section %d (line %d) is empty", l.File, j, s.Line)
			}
		}
	}
}

// TestShippedFacts guards against the errors that circulate about FTP.
func TestShippedFacts(t *testing.T) {
	wrong := []*regexp.Regexp{
		regexp.MustCompile(`(?i)client\s+(connects|dials|sends|opens)\s+from\s+port\s+20\b`),
		regexp.MustCompile(`(?i)server\s+(sends|issues)\s+(a\s+)?PORT`),
		regexp.MustCompile(`(?i)client's\s+(data\s+)?port\s+(is\s+)?(usually\s+)?20\b`),
	}
	fsys, _ := fs.Sub(assets.Lessons, "lessons")
	files, _ := fs.Glob(fsys, "*.md")
	for _, f := range files {
		b, _ := fs.ReadFile(fsys, f)
		text := strings.Join(strings.Fields(string(b)), " ")
		for _, re := range wrong {
			// A sentence that quotes the error to refute it says so.
			for _, m := range re.FindAllStringIndex(text, -1) {
				ctx := text[max(0, m[0]-80):m[1]]
				if !strings.Contains(ctx, "error") && !strings.Contains(ctx, "does not") {
					t.Errorf("%s: %q", f, text[m[0]:m[1]])
				}
			}
		}
	}
}
