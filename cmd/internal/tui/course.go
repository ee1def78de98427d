package tui

import (
	"context"
	"fmt"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"ftplab/lessons"
	"ftplab/sim"
)

// defaultScenario is the run shown when no lesson opens: scenario c in the
// catalogue, or its first scenario.
func defaultScenario(cat *sim.Catalogue) sim.Scenario {
	if sc, err := cat.Lookup("c"); err == nil {
		return sc
	}
	return cat.All()[0]
}

// loadProgress reads the stored progress (after forgetting it with
// Options.ResetProgress). A store that cannot be read leaves an empty
// progress and a message.
func (a *App) loadProgress() *lessons.Progress {
	st := a.opts.Store
	if st == nil {
		return &lessons.Progress{}
	}
	if a.opts.ResetProgress {
		if err := st.Reset(); err != nil {
			a.msg = "progress not reset: " + err.Error()
		}
	}
	p, err := st.Load()
	if err != nil {
		a.msg = fmt.Sprintf("progress not read (%s): %v", st.Path(), err)
		return &lessons.Progress{}
	}
	return p
}

// saveProgress writes the progress; the teacher's mode records nothing.
func (a *App) saveProgress() {
	if a.opts.Store == nil || a.opts.Present {
		return
	}
	if a.opts.SaveAside {
		a.saveAside(a.p.Progress())
		return
	}
	if err := a.opts.Store.Save(a.p.Progress()); err != nil {
		a.msg = "progress not saved: " + err.Error()
	}
}

// resume opens the lesson the student was on, at the step where they
// stopped, or else the first lesson that loads. Lessons whose scenario,
// mode or overrides the lab does not know are marked broken first (as
// lessons check does, without running them). When the lesson the student
// was on is broken, or none loads, the lab opens the default run and the
// lesson menu, which marks the broken ones; the status bar shows the
// problem of the broken lesson where the student would have started.
// With no lesson at all it reports false.
func (a *App) resume() bool {
	course := a.opts.Course
	if len(course) == 0 {
		return false
	}
	checkRuns(course, a.opts.Catalogue)
	l, resumed, brokenCurrent := a.p.Pick(course)
	broken := brokenCurrent
	if broken == nil && !resumed && course[0].Err() != nil {
		broken = course[0] // the first lesson, where a new student starts
	}
	if l == nil || brokenCurrent != nil {
		a.start(sim.Run{Scenario: defaultScenario(a.opts.Catalogue).ID, Mode: a.opts.Run.Mode})
		a.openLessonMenu(broken)
	} else {
		a.openLesson(l, 0)
		if resumed {
			a.p.Resume()
		}
	}
	if broken != nil {
		a.msg = "✗ " + broken.Problems[0].String() + " (L lists the lessons)"
		a.refresh()
	}
	return true
}

// checkRuns marks the lessons whose scenarios, modes or overrides the lab
// does not know, as lessons check does (without running them); lessons
// already broken are left as they are, so that checking again adds
// nothing.
func checkRuns(course []*lessons.Lesson, cat *sim.Catalogue) {
	var good []*lessons.Lesson
	for _, l := range course {
		if l.Err() == nil {
			good = append(good, l)
		}
	}
	lessons.Validate(context.Background(), good, lessons.OracleCatalogue{Catalogue: cat})
}

// openLesson follows lesson l and starts its run i (0 is the main run).
func (a *App) openLesson(l *lessons.Lesson, i int) {
	run, msg, d := a.p.Open(l, i)
	a.apply(d)
	a.msg = msg
	a.start(run)
}

// openLessonMenu lists the lessons in order: ✓ finished, ✗ broken with
// its first problem as file:line: what is wrong. The open lesson is
// highlighted, else the one given.
func (a *App) openLessonMenu(highlight *lessons.Lesson) {
	course, ok := a.course()
	if !ok {
		return
	}
	if l := a.p.Lesson(); l != nil {
		highlight = l
	}
	sw, sh := a.screenSize()
	if sw == 0 {
		sw, sh = MinWidth, MinHeight
	}
	w := min(sw-2, 100)
	list := lessonMenu(course, a.p.Progress(), highlight, w-4, a.theme.Mono)
	list.SetSelectedFunc(func(i int, _, _ string, _ rune) {
		l := course[i]
		if err := l.Err(); err != nil {
			a.msg = l.Problems[0].String()
			a.refresh()
			return
		}
		a.closeOverlay()
		a.openLesson(l, 0)
	})
	a.overlay("lessons", list, w, min(len(course)+2, max(sh-4, 6)))
}

// lessonMenu is the list of lessons, each line at most w cells.
func lessonMenu(course []*lessons.Lesson, p *lessons.Progress, highlight *lessons.Lesson, w int, mono bool) *tview.List {
	list := tview.NewList().ShowSecondaryText(false)
	list.SetBorder(true).SetTitle(" lessons (Enter opens, Esc closes) ")
	if mono {
		list.SetSelectedStyle(tcell.StyleDefault.Reverse(true))
	}
	for i, l := range course {
		list.AddItem(tview.Escape(truncate(lessonItem(l, p), w)), "", 0, nil)
		if l == highlight {
			list.SetCurrentItem(i)
		}
	}
	return list
}

// lessonItem is a lesson's line in the menu.
func lessonItem(l *lessons.Lesson, p *lessons.Progress) string {
	if l.Err() != nil {
		s := "✗ " + l.Problems[0].String()
		if n := len(l.Problems); n > 1 {
			s += fmt.Sprintf(" (+%d more)", n-1)
		}
		return s
	}
	mark := " "
	if p.IsFinished(l.ID) {
		mark = "✓"
	}
	return fmt.Sprintf("%s %2d. %s", mark, l.Order, l.Title)
}
