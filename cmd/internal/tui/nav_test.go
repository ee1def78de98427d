package tui

import (
	"fmt"
	"testing"

	"github.com/gdamore/tcell/v2"

	"ftplab/cmd/internal/tui/player"
	"ftplab/lessons"
	"ftplab/sim"
)

// lessonByID is the shipped lesson id.
func lessonByID(t *testing.T, course []*lessons.Lesson, id string) *lessons.Lesson {
	t.Helper()
	for _, l := range course {
		if l.ID == id {
			return l
		}
	}
	t.Fatalf("no lesson %s", id)
	return nil
}

// toEnd plays the run on screen to its end on the UI goroutine,
// answering every question right (or wrong) and going on after it.
func (h *harness) toEnd(right bool) {
	h.t.Helper()
	for range 200 {
		end := false
		h.onUI(func(a *App) {
			p := a.p
			switch p.State() {
			case player.Asking:
				a.answered(answerFor(p, p.Question(), right))
			case player.Answered:
				a.continueCheckpoint()
			default:
				end = p.AtEnd()
				if !end {
					a.jumpTo(p.Timeline().Len())
				}
			}
		})
		if end {
			return
		}
	}
	h.t.Fatal("the run did not end")
}

// TestNavigation, at 80x24 and 120x40: lesson 2 numbers its first
// question 1/3 (it declares it third); a wrong answer is marked ✗; the
// end of each run says where to go, uncut; N opens the next lesson; C
// shows the score and the question missed, and Enter asks it again.
func TestNavigation(t *testing.T) {
	course := shipped(t)
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			st := storeAt(t, &lessons.Progress{Current: "control-dialogue"})
			h := startCourse(t, Options{Course: course, Store: st}, size[0], size[1])
			h.waitFor("lesson 2 │", " a │ PASV")
			h.key(tcell.KeyEnd)
			h.waitFor("checkpoint 1/3", "Which class of reply is 227?")
			h.rune('2') // wrong
			h.waitFor("✗ Not quite:", "The answer: 1. 2: completion")
			h.key(tcell.KeyEnter)
			h.toEnd(true)
			h.waitFor("✓ lesson finished, 2/3 right · N: next lesson")

			h.rune('N')
			h.waitFor("lesson 3 │", " a │ PORT")
			h.attached()
			h.toEnd(true)
			h.waitFor("✓ lesson finished, 6/6 right · N: next lesson")
			h.onUI(func(a *App) { a.openLesson(lessonByID(t, course, "client-firewall"), 0) })
			h.attached()
			h.toEnd(false)
			h.waitFor("end of run · ]: next run b/PORT")

			h.rune('C')
			h.waitFor("course summary", "2. Reading the control dialogue: 2/3 right", "✗ Which class of reply is 227?")
			var at int
			h.onUI(func(a *App) {
				lines, _ := summaryLines(course, a.p.Progress())
				for i, l := range lines {
					if l == "      ✗ Which class of reply is 227?" {
						at = i
					}
				}
			})
			for range at {
				h.key(tcell.KeyDown)
			}
			h.key(tcell.KeyEnter) // retries it
			h.waitGone("course summary")
			h.waitFor("lesson 2 │", " a │ PASV")
			h.attached()
			h.key(tcell.KeyEnd)
			h.waitFor("Which class of reply is 227?")
		})
	}
}

// TestRunsFollowText: lesson 10 discusses i4 before i5, and its runs
// come in that order (a run's place is its first section's).
func TestRunsFollowText(t *testing.T) {
	var got []string
	for _, r := range lessonByID(t, shipped(t), "server-nat").Runs() {
		got = append(got, r.Scenario)
	}
	if fmt.Sprint(got) != "[i1 i4 i5]" {
		t.Errorf("lesson 10 runs %v, want [i1 i4 i5]", got)
	}
}

// TestCourseFinished: answering the last lesson's last question, with
// every other lesson finished, says the course is finished, and N then
// shows the summary, which says so too.
func TestCourseFinished(t *testing.T) {
	course := shipped(t)
	pr := &lessons.Progress{Current: "debugging"}
	for _, l := range course {
		if l.ID != "debugging" {
			pr.Finish(l.ID)
		}
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		h := startCourse(t, Options{Course: course, Store: storeAt(t, pr)}, size[0], size[1])
		h.waitFor("lesson 13 │")
		for i := range 3 {
			if i > 0 {
				h.rune(']')
				h.waitFor(fmt.Sprintf("run %d/3", i+1))
				h.attached()
			}
			h.toEnd(true)
		}
		h.waitFor("✓ course finished")
		h.rune('N')
		h.waitFor("✓ course finished: summary", "✓  1. ")
		h.quit()
	}
}

// TestFreeLabOwnText, at 80x24 and 120x40: the free lab on i5/EPSV (a
// run of lesson 10, not its main one) shows i5's own explanation, not
// lesson 10's text about i1; and m inside a lesson says the lesson is
// left and how to return, uncut.
func TestFreeLabOwnText(t *testing.T) {
	course := shipped(t)
	sc, err := catalogue.Lookup("i5")
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		s := tcell.NewSimulationScreen("")
		app := New(Options{Run: sim.Run{Scenario: "i5", Mode: sim.ModeEPSV}, Lessons: Lessons(course), Screen: s, Start: replayStarter(t)})
		s.SetSize(size[0], size[1])
		h := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
		go func() { h.end <- app.Run() }()
		h.attached()
		h.key(tcell.KeyEnd)
		scr := h.waitFor("i5: "+sc.Title[:20], "run: ok")
		h.lacks(scr, "drops the SYN", "A server behind NAT")
		h.quit()

		h = startCourse(t, Options{Course: course, Store: storeAt(t, &lessons.Progress{Current: "server-nat"})}, size[0], size[1])
		h.waitFor("lesson 10 │")
		h.rune('m')
		h.waitFor(`left the lesson "A server behind NAT": L reopens it`)
		h.quit()
	}
}

// TestConsoleKeepsLesson, at 80x24 and 120x40: a command typed in a
// lesson does not move the lesson's text (the console goes below it) and
// its reply shows on the status bar.
func TestConsoleKeepsLesson(t *testing.T) {
	course := shipped(t)
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		h := startCourse(t, Options{Course: course, Store: storeAt(t, &lessons.Progress{Current: "client-firewall"})}, size[0], size[1])
		h.waitFor("lesson 6 │")
		h.onUI(func(a *App) { a.jumpTo(16) }) // a later section is on screen, scrolled to
		h.app.app.QueueUpdateDraw(func() {})
		var row0, row1 int
		h.onUI(func(a *App) { row0, _ = a.ui.lesson.GetScrollOffset() })
		if row0 == 0 && size[1] == 24 { // at 120x40 the text may fit unscrolled
			t.Fatalf("%v: the lesson pane is not scrolled at step 16: the test shows nothing", size)
		}
		h.rune(':')
		h.typeText("NOOP")
		h.key(tcell.KeyEnter)
		h.waitFor("error: this run is a replay")
		h.onUI(func(a *App) { row1, _ = a.ui.lesson.GetScrollOffset() })
		if row0 != row1 {
			t.Errorf("%v: the lesson pane scrolled from row %d to %d on a command", size, row0, row1)
		}
		h.quit()
	}
}
