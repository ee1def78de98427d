package classroom

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/cmd/internal/tui"
)

// screenText is the simulation screen's text, row by row.
func screenText(s tcell.SimulationScreen) string {
	cells, w, h := s.GetContents()
	var b strings.Builder
	for y := range h {
		for x := range w {
			if r := cells[y*w+x].Runes; len(r) > 0 {
				b.WriteString(string(r))
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestDashboard: the teacher sees a student's position and answer, the
// right choice is marked only after r, and e exports the answers.
func TestDashboard(t *testing.T) {
	srv := startServer(t, Config{})
	dir := t.TempDir()
	d := newDashboard(srv, dir)
	sim := tcell.NewSimulationScreen("")
	d.app.SetScreen(sim)
	sim.SetSize(140, 40)
	stop := make(chan struct{})
	go d.watch(stop)
	ran := make(chan error, 1)
	go func() { ran <- d.app.Run() }()
	t.Cleanup(func() {
		close(stop)
		d.app.Stop()
		<-ran
	})
	waitFor := func(want ...string) string {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			var s string
			d.app.QueueUpdate(func() { s = screenText(sim) })
			missing := ""
			for _, w := range want {
				if !strings.Contains(s, w) {
					missing = w
				}
			}
			if missing == "" {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("dashboard lacks %q:\n%s", missing, s)
			}
		}
	}

	c := srv.Class()
	var l, cp = c.course[0], -1
	for i := range l.Checkpoints {
		if len(l.Checkpoints[i].Choices) > 0 {
			cp = i
		}
	}
	if cp < 0 {
		t.Skipf("lesson %s has no multiple-choice checkpoint", l.ID)
	}
	right := l.Checkpoints[cp].AnswerIndex
	st, err := c.join("alice", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	st.Moved(tui.Position{Lesson: l.ID, Step: 4, Steps: 9, Asking: cp})
	st.Answered(tui.Answer{Lesson: l.ID, Checkpoint: cp, Given: l.Checkpoints[cp].Choices[right], Correct: true})
	s := waitFor("alice", "4/9", "1 answered", "not revealed")
	if strings.Contains(s, "✔") {
		t.Errorf("the right choice is marked before the reveal:\n%s", s)
	}
	sim.InjectKey(tcell.KeyRune, 'r', tcell.ModNone)
	waitFor("✔", "1 right")
	sim.InjectKey(tcell.KeyRune, 'e', tcell.ModNone)
	waitFor("exported to")
	files, _ := filepath.Glob(filepath.Join(dir, "results-*.csv"))
	if len(files) != 1 {
		t.Fatalf("exports %v, want one file", files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil || !strings.Contains(string(b), "alice,"+l.ID) {
		t.Errorf("export %q (%v) lacks alice's answer", b, err)
	}
}
