package tui

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/lessons"
)

// TestSaveAside: with SaveAside, an answer reaches the store soon after
// its verdict is on screen, and the step the student stopped at is saved
// when Run returns.
func TestSaveAside(t *testing.T) {
	st := lessons.NewStore(t.TempDir())
	h := startCourse(t, Options{Course: shipped(t), Store: st, SaveAside: true}, 120, 40)
	toFirstCheckpoint(t, h)
	h.typeText("21")
	h.key(tcell.KeyEnter)
	h.waitFor("The answer:")
	deadline := time.Now().Add(waitLimit)
	for {
		p, err := st.Load()
		if err != nil {
			t.Fatal(err)
		}
		if a, ok := p.Answer("two-connections", 0); ok && a.Given == "21" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the answer is not saved: %+v", p)
		}
		time.Sleep(5 * time.Millisecond)
	}
	step := h.step()
	h.quit() // Run returns once the last save is written
	p, err := st.Load()
	if err != nil {
		t.Fatal(err)
	}
	if p.Current != "two-connections" || p.Step != step || step == 0 {
		t.Errorf("saved %+v, want two-connections at step %d", p, step)
	}
}

// TestSaveAsideWaitsForQuiet: while Options.Busy says the machine is
// behind, an answer's save waits (at most saveWait); once it is not, the
// save is written at once.
func TestSaveAsideWaitsForQuiet(t *testing.T) {
	for _, staysBusy := range []bool{false, true} {
		t.Run(fmt.Sprintf("stays busy %v", staysBusy), func(t *testing.T) {
			st := lessons.NewStore(t.TempDir())
			var busy atomic.Bool
			h := startCourse(t, Options{Course: shipped(t), Store: st, SaveAside: true, Busy: busy.Load}, 120, 40)
			toFirstCheckpoint(t, h)
			saved := func() bool {
				p, err := st.Load()
				if err != nil {
					t.Fatal(err)
				}
				a, ok := p.Answer("two-connections", 0)
				return ok && a.Given == "21"
			}
			busy.Store(true)
			h.typeText("21")
			h.key(tcell.KeyEnter)
			answered := time.Now()
			h.waitFor("The answer:")
			time.Sleep(saveWait / 4)
			if saved() {
				t.Fatalf("the answer was saved %v after it, while the machine was busy", time.Since(answered))
			}
			if !staysBusy {
				busy.Store(false)
			}
			deadline := time.Now().Add(waitLimit)
			for !saved() {
				if time.Now().After(deadline) {
					t.Fatal("the answer is not saved")
				}
				time.Sleep(5 * time.Millisecond)
			}
			if took := time.Since(answered); staysBusy && took < saveWait {
				t.Errorf("saved %v after the answer while busy, want at least %v", took, saveWait)
			}
			h.quit()
		})
	}
}

// toFirstCheckpoint steps the first lesson until its first checkpoint is
// asked.
func toFirstCheckpoint(t *testing.T, h *harness) {
	t.Helper()
	h.waitFor("Two connections", "step 0/")
	for i := 0; ; i++ { // on to the first checkpoint
		s := h.waitFor()
		if strings.Contains(s, "Predict, then see") {
			break
		}
		if i == 50 {
			t.Fatalf("no checkpoint:\n%s", s)
		}
		if strings.Contains(s, fmt.Sprintf("step %d/", h.step())) && !strings.Contains(s, "waiting for the lab") {
			h.steps(1)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
