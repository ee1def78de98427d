package tui

import (
	"fmt"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"ftplab/lessons"
	"ftplab/sim"
)

// openLesson is the lesson the lab follows: which of its runs is on
// screen, the checkpoints already asked in that run, and whether its main
// run has reached its end in this session.
type openLesson struct {
	l         *lessons.Lesson
	run       int          // index in l.Runs()
	asked     map[int]bool // checkpoint indexes asked in the current run
	revealed  map[int]bool // shown in --present mode (never recorded)
	mainEnded bool
	hint      string // where the lesson goes on, once the main run ended
}

// runIndex returns the index of the lesson's run of scenario id in mode,
// or -1.
func (o *openLesson) runIndex(id string, mode sim.Mode) int {
	for i, r := range o.l.Runs() {
		if r.Same(sim.Run{Scenario: id, Mode: mode}) {
			return i
		}
	}
	return -1
}

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
func (a *App) loadProgress() {
	a.progress = &lessons.Progress{}
	st := a.opts.Store
	if st == nil {
		return
	}
	if a.opts.ResetProgress {
		if err := st.Reset(); err != nil {
			a.msg = "progress not reset: " + err.Error()
		}
	}
	p, err := st.Load()
	if err != nil {
		a.msg = fmt.Sprintf("progress not read (%s): %v", st.Path(), err)
		return
	}
	a.progress = p
}

// saveProgress writes the progress; the teacher's mode records nothing.
func (a *App) saveProgress() {
	if a.opts.Store == nil || a.opts.Present {
		return
	}
	if err := a.opts.Store.Save(a.progress); err != nil {
		a.msg = "progress not saved: " + err.Error()
	}
}

// resume opens the lesson the student was on, at the step where they
// stopped, or else the first lesson that loads. With no lesson to open it
// shows the lesson menu and reports false.
func (a *App) resume() bool {
	var first *lessons.Lesson
	for _, l := range a.opts.Course {
		if l.Err() != nil {
			continue
		}
		if first == nil {
			first = l
		}
		if l.ID == a.progress.Current {
			step := a.progress.Step
			a.openLesson(l, 0)
			// Checkpoints answered before are not asked again on the
			// way back to the step.
			for i := range l.Checkpoints {
				if _, ok := a.progress.Answer(l.ID, i); ok {
					a.lsn.asked[i] = true
				}
			}
			a.seek = step
			return true
		}
	}
	if first != nil {
		a.openLesson(first, 0)
		return true
	}
	if len(a.opts.Course) > 0 {
		a.start(sim.Run{Scenario: defaultScenario(a.opts.Catalogue).ID, Mode: a.opts.Run.Mode})
		a.openLessonMenu()
		return true
	}
	return false
}

// openLesson follows lesson l and starts its run i (0 is the main run).
func (a *App) openLesson(l *lessons.Lesson, i int) {
	a.lsn = &openLesson{l: l, run: i, asked: map[int]bool{}, revealed: map[int]bool{}}
	if a.progress.Current != l.ID {
		a.progress.Current, a.progress.Step = l.ID, 0
		a.saveProgress()
	}
	a.startLessonRun()
}

// startLessonRun starts the open lesson's current run, with its script.
func (a *App) startLessonRun() {
	runs := a.lsn.l.Runs()
	r := runs[a.lsn.run]
	a.msg = ""
	if len(runs) > 1 {
		a.msg = fmt.Sprintf("run %d/%d of the lesson: %s/%s ([ ] switch runs)", a.lsn.run+1, len(runs), r.Scenario, r.Mode)
	}
	a.start(r) // the lesson's run: its overrides and script too
}

// switchRun moves to the open lesson's next (d=1) or previous (d=-1) run.
func (a *App) switchRun(d int) {
	if a.lsn == nil {
		a.msg = "no lesson open: L chooses one"
		a.refresh()
		return
	}
	n := len(a.lsn.l.Runs())
	if n == 1 {
		a.msg = "this lesson has a single run"
		a.refresh()
		return
	}
	a.lsn.run = (a.lsn.run + d + n) % n
	a.startLessonRun()
}

// openLessonMenu lists the lessons in order: ✓ finished, ✗ broken with
// its first problem as file:line: what is wrong.
func (a *App) openLessonMenu() {
	course := a.opts.Course
	if len(course) == 0 {
		a.msg = "no lessons loaded"
		a.refresh()
		return
	}
	sw, sh := a.screenSize()
	if sw == 0 {
		sw, sh = MinWidth, MinHeight
	}
	w := min(sw-2, 100)
	list := tview.NewList().ShowSecondaryText(false)
	list.SetBorder(true).SetTitle(" lessons (Enter opens, Esc closes) ")
	if a.theme.Mono {
		list.SetSelectedStyle(tcell.StyleDefault.Reverse(true))
	}
	for i, l := range course {
		list.AddItem(tview.Escape(truncate(lessonItem(l, a.progress), w-4)), "", 0, nil)
		if a.lsn != nil && a.lsn.l == l {
			list.SetCurrentItem(i)
		}
	}
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

// isMainRun reports whether the run on screen is the open lesson's main
// run.
func (a *App) isMainRun() bool {
	return a.m.run.Same(a.lsn.l.Setup)
}

// answered reports whether checkpoint i of the open lesson has an answer:
// recorded, or revealed in the teacher's mode.
func (a *App) answered(i int) bool {
	if a.lsn.revealed[i] {
		return true
	}
	_, ok := a.progress.Answer(a.lsn.l.ID, i)
	return ok
}

// noteProgress notices the end of the lesson's main run and finishes the
// lesson once every checkpoint has an answer; it says where the lesson
// goes on when a checkpoint waits in another run.
func (a *App) noteProgress() {
	o := a.lsn
	if o == nil || o.mainEnded || !a.isMainRun() || !a.m.atEnd() || a.m.tl.Len() == 0 || a.m.outcome == "error" {
		return
	}
	o.mainEnded = true
	a.checkFinished()
	if a.progress.IsFinished(o.l.ID) {
		return
	}
	runs := o.l.Runs()
	for i := range o.l.Checkpoints {
		if a.answered(i) {
			continue
		}
		c := &o.l.Checkpoints[i]
		for k, r := range runs {
			if k > 0 && c.Matches(o.l, r, c.At, c.Nth) {
				a.msg = fmt.Sprintf("next: ] runs %s/%s", r.Scenario, r.Mode)
				o.hint = fmt.Sprintf("The lesson goes on in run %s/%s, where checkpoint %d waits: press ] to switch to it.", r.Scenario, r.Mode, i+1)
				return
			}
		}
	}
	a.msg = "checkpoints left unanswered: r runs the lesson again"
	o.hint = "Some checkpoints are unanswered: r runs the lesson again."
}

// checkFinished marks the open lesson finished when its main run has
// ended and all its checkpoints were answered.
func (a *App) checkFinished() {
	o := a.lsn
	if o == nil || !o.mainEnded || a.opts.Present || a.progress.IsFinished(o.l.ID) {
		return
	}
	for i := range o.l.Checkpoints {
		if !a.answered(i) {
			return
		}
	}
	a.progress.Finish(o.l.ID)
	a.saveProgress()
	a.msg = "✓ lesson finished: L chooses the next"
	o.hint = "✓ Lesson finished. L chooses the next one."
}

// rememberStep saves the step the student stopped at in the lesson's main
// run (when the lab quits).
func (a *App) rememberStep() {
	if a.lsn == nil || a.m == nil {
		return
	}
	a.progress.Current, a.progress.Step = a.lsn.l.ID, 0
	if a.isMainRun() {
		a.progress.Step = a.m.step
	}
	a.saveProgress()
}

// lessonStatus is the lesson's part of the status bar: its title, the run
// when it has several, and the checkpoints answered.
func (a *App) lessonStatus() string {
	o := a.lsn
	if o == nil {
		return ""
	}
	s := truncate(o.l.Title, 24)
	if n := len(o.l.Runs()); n > 1 {
		s += fmt.Sprintf(" │ run %d/%d", o.run+1, n)
	}
	if n := len(o.l.Checkpoints); n > 0 {
		k := 0
		for i := range n {
			if a.answered(i) {
				k++
			}
		}
		s += fmt.Sprintf(" │ checkpoint %d/%d", k, n)
	}
	return s
}
