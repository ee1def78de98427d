package classroom

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"strings"
	"testing"

	"ftplab/assets"
	"ftplab/cmd/internal/tui"
	"ftplab/lessons"
)

func course(t testing.TB) []*lessons.Lesson {
	t.Helper()
	sub, err := fs.Sub(assets.Lessons, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	ls, err := lessons.Load(sub)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

func TestClassJoin(t *testing.T) {
	c := newClass(course(t), 2)
	a, err := c.join("alice", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		ok   bool
	}{
		{"alice", false}, // already connected: one writer of her progress
		{"bob", true},
		{"carol", false}, // the class is full
	}
	for i, s := range steps {
		if _, err := c.join(s.name, "10.0.0.2"); (err == nil) != s.ok {
			t.Errorf("#%d join(%s): %v, want ok=%v", i, s.name, err, s.ok)
		}
	}
	c.leave(a)
	if _, err := c.join("carol", "10.0.0.3"); err != nil {
		t.Errorf("carol after alice left: %v", err)
	}
	if _, err := c.join("alice", "10.0.0.1"); err == nil {
		t.Errorf("alice joined a full class")
	}
}

// TestClassAnswers: the class's answers are counted per choice, the right
// one is not marked before the reveal, and the CSV has every answer.
func TestClassAnswers(t *testing.T) {
	ls := course(t)
	c := newClass(ls, 10)
	l := ls[0]
	var cp = -1
	for i := range l.Checkpoints {
		if len(l.Checkpoints[i].Choices) == 0 {
			cp = i // a typed answer
			break
		}
	}
	if cp < 0 {
		t.Skipf("lesson %s has no typed checkpoint", l.ID)
	}
	answers := map[string]tui.Answer{
		"alice": {Lesson: l.ID, Checkpoint: cp, Given: "21", Correct: true},
		"bob":   {Lesson: l.ID, Checkpoint: cp, Given: " 21 ", Correct: true},
		"carol": {Lesson: l.ID, Checkpoint: cp, Given: "=cmd|' /C calc'!A0", Correct: false},
	}
	for name, a := range answers {
		s, err := c.join(name, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		s.Moved(tui.Position{Lesson: l.ID, Step: 3, Steps: 9, Asking: cp})
		s.Answered(a)
	}
	snap := c.Snapshot()
	var q Question
	for _, x := range snap.Questions {
		if x.Lesson == l.ID && x.Checkpoint == cp {
			q = x
		}
	}
	if q.Total != 3 || q.Correct != 2 || q.Waiting != 3 {
		t.Errorf("question: total %d correct %d waiting %d, want 3 2 3", q.Total, q.Correct, q.Waiting)
	}
	text := questionText(q)
	if !strings.Contains(text, "21 ") || !strings.Contains(text, "  2 ") || strings.Contains(text, "right") {
		t.Errorf("before the reveal, want 21 grouped twice and no right count:\n%s", text)
	}
	c.Reveal(l.ID, cp)
	for _, x := range c.Snapshot().Questions {
		if x.Lesson == l.ID && x.Checkpoint == cp && !strings.Contains(questionText(x), "2 right") {
			t.Errorf("after the reveal, want 2 right:\n%s", questionText(x))
		}
	}

	var b bytes.Buffer
	if err := WriteCSV(&b, c); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[1][0] != "alice" || rows[3][0] != "carol" {
		t.Fatalf("csv rows %q, want a header and alice, bob, carol", rows)
	}
	if got := rows[3][4]; !strings.HasPrefix(got, "'=") {
		t.Errorf("carol's answer %q would run as a spreadsheet formula", got)
	}
	if rows[1][5] != "true" || rows[3][5] != "false" {
		t.Errorf("correct column %q %q, want true false", rows[1][5], rows[3][5])
	}
}
