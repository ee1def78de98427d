package export

import (
	"bytes"
	"context"
	"html"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ftplab/assets"
	"ftplab/lessons"
)

func shippedLesson(t *testing.T, file string) (*lessons.Lesson, []byte) {
	t.Helper()
	fsys, err := fs.Sub(assets.Lessons, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		t.Fatal(err)
	}
	l := lessons.Parse(file, src)
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	return l, src
}

// TestHandoutMatchesTheLesson checks both formats against the lesson
// file: as many questions as the file has question: keys, each question's
// text, and a key line per question holding its answer.
func TestHandoutMatchesTheLesson(t *testing.T) {
	// 03 reads answers from the run (answer_from); 10 asks in three runs
	for _, file := range []string{"03-active-mode.md", "10-server-nat.md"} {
		t.Run(file, func(t *testing.T) {
			l, src := shippedLesson(t, file)
			fm := strings.SplitN(string(src), "\n---", 2)[0]
			want := len(regexp.MustCompile(`(?m)^\s+question:`).FindAllString(fm, -1))
			if want == 0 || want != len(l.Checkpoints) {
				t.Fatalf("the file has %d question: keys, the lesson %d checkpoints", want, len(l.Checkpoints))
			}
			h, err := NewHandout(context.Background(), l, DefaultLook)
			if err != nil {
				t.Fatal(err)
			}
			var md, page bytes.Buffer
			if err := h.WriteMarkdown(&md); err != nil {
				t.Fatal(err)
			}
			if err := h.WriteHTML(&page); err != nil {
				t.Fatal(err)
			}
			body, key, ok := strings.Cut(md.String(), "## Answer key")
			if !ok {
				t.Fatalf("no answer key:\n%s", md.String())
			}
			if got := strings.Count(body, "**Question "); got != want {
				t.Errorf("markdown: %d questions, want %d", got, want)
			}
			if got := strings.Count(page.String(), `<div class="question"`); got != want {
				t.Errorf("html: %d questions, want %d", got, want)
			}
			if got := strings.Count(body, "Your answer: ___"); got != want {
				t.Errorf("markdown: %d blanks, want %d", got, want)
			}
			keyLines := strings.Split(strings.TrimSpace(key), "\n")
			if len(keyLines) != want {
				t.Fatalf("%d key lines, want %d:\n%s", len(keyLines), want, key)
			}
			for i, cp := range l.Checkpoints {
				if !strings.Contains(body, cp.Question) || !strings.Contains(page.String(), html.EscapeString(cp.Question)) {
					t.Errorf("question %d %q missing", i+1, cp.Question)
				}
				for _, c := range cp.Choices {
					if !strings.Contains(body, c) {
						t.Errorf("question %d: choice %q missing", i+1, c)
					}
				}
				answer := cp.Answer
				if cp.AnswerFrom != nil {
					answer = readAnswer(t, h.Questions[i])
				}
				if !strings.HasPrefix(keyLines[i], strconv.Itoa(i+1)+". ") || answer == "" || !strings.Contains(keyLines[i], answer) {
					t.Errorf("key line %d %q, want answer %q", i+1, keyLines[i], answer)
				}
				if q := h.Questions[i]; q.Diagram.H < 5 || !strings.Contains(q.Diagram.Text(), "network") {
					t.Errorf("question %d: no network diagram:\n%s", i+1, q.Diagram.Text())
				}
			}
		})
	}
}

// readAnswer reads an answer_from port from the question's own run,
// apart from the lessons package: the port of the latest event with the
// label at or before the event asked about.
func readAnswer(t *testing.T, q Question) string {
	t.Helper()
	r, err := Exec(context.Background(), q.Run, 1)
	if err != nil {
		t.Fatal(err)
	}
	ref := q.CP.AnswerFrom
	for k := q.Step; k >= 1; k-- {
		ev, _ := r.TL.Event(k)
		if ev.Label != ref.Label {
			continue
		}
		switch ref.Field {
		case "dst.port":
			return strconv.Itoa(int(ev.To.Port()))
		case "src.port":
			return strconv.Itoa(int(ev.From.Port()))
		}
		t.Fatalf("the test reads ports only, not %s", ref)
	}
	t.Fatalf("no %s at or before step %d", ref.Label, q.Step)
	return ""
}
