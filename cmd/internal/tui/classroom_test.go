package tui

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/gdamore/tcell/v2"

	"ftplab/lessons"
	"ftplab/sim"
)

// recorder is an Observer keeping what it heard.
type recorder struct {
	mu      sync.Mutex
	moves   []Position
	answers []Answer
}

func (r *recorder) Moved(p Position) {
	r.mu.Lock()
	r.moves = append(r.moves, p)
	r.mu.Unlock()
}

func (r *recorder) Answered(a Answer) {
	r.mu.Lock()
	r.answers = append(r.answers, a)
	r.mu.Unlock()
}

func (r *recorder) last() (Position, []Answer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.moves[len(r.moves)-1], append([]Answer(nil), r.answers...)
}

// TestFollowHoldsVerdict: a student in follow mode is moved to the
// teacher's step, asked the checkpoint on the way, and sees the verdict
// only once the teacher reveals it; the observer hears the position and
// the answer before the reveal.
func TestFollowHoldsVerdict(t *testing.T) {
	rec := &recorder{}
	st := storeAt(t, &lessons.Progress{Current: "two-connections"})
	h := startCourse(t, Options{Course: shipped(t), Store: st, Observer: rec}, 140, 40)
	h.waitFor("Two connections")
	h.attached()

	drop, _ := nthLabel(t, "c", sim.ModePORT, sim.LabelFWDrop, 1)
	h.app.Follow("client-firewall", drop+1)
	h.waitFor("stateful firewall", "2. drops it", fmt.Sprintf("step %d/", drop-1))
	h.onUI(func(*App) {})
	if p, _ := rec.last(); p.Lesson != "client-firewall" || p.Step != drop-1 || p.Asking != 0 {
		t.Errorf("observer's position %+v, want client-firewall step %d asking checkpoint 0", p, drop-1)
	}
	h.rune('2')
	s := h.waitFor("Answer sent", "The teacher reveals")
	h.lacks(s, "Correct", "Conntrack has no idea")
	h.keyNow(tcell.KeyEnter) // waits: the verdict is held (handled before Reveal below)
	_, answers := rec.last()
	if len(answers) != 1 || !strings.HasPrefix(answers[0].Given, "drops it") ||
		answers[0] != (Answer{Lesson: "client-firewall", Checkpoint: 0, Given: answers[0].Given, Correct: true}) {
		t.Errorf("observer's answers %+v, want one right answer \"drops it…\" to checkpoint 0", answers)
	}
	h.lacks(h.text(), "Correct")

	h.app.Reveal("client-firewall", 0)
	h.waitFor("✔ Correct.", "Conntrack has no idea")
	h.key(tcell.KeyEnter)
	h.waitFor(fmt.Sprintf("step %d/", drop+1)) // on to the teacher's step
	if p, _ := rec.last(); p.Step != drop+1 || p.Asking != -1 {
		t.Errorf("observer's position %+v, want step %d, nothing asked", p, drop+1)
	}

	// Back with the teacher, then free again: verdicts show at once.
	h.app.Follow("client-firewall", 2)
	h.waitFor("step 2/")
	h.app.Unfollow()
	r425, _ := nthLabel(t, "c", sim.ModePORT, "reply.425", 1)
	h.onUI(func(*App) {})
	h.key(tcell.KeyEnd)
	h.waitFor("What does it tell the", fmt.Sprintf("step %d/", r425-1))
	h.rune('2')
	h.waitFor("✔ Correct.")
}
