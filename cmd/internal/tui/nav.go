package tui

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"ftplab/cmd/internal/tui/player"
	"ftplab/lessons"
)

// Moving through the course: the next lesson (N), the course summary (C)
// with the questions missed and a key to retry each, and the hint of
// where to go at the end of a run, first on the status bar so that no
// width cuts it.

// course is the lessons loaded; with none it says so on the status bar
// and reports false.
func (a *App) course() ([]*lessons.Lesson, bool) {
	if len(a.opts.Course) == 0 {
		a.msg = "no lessons loaded"
		a.refresh()
		return nil, false
	}
	return a.opts.Course, true
}

// nextLesson opens the lesson after the open one (or after the one the
// student was last on) that loads; after the last, the course summary.
func (a *App) nextLesson() {
	course, ok := a.course()
	if !ok {
		return
	}
	cur := a.p.Lesson()
	from := -1
	for i, l := range course {
		if l == cur || (cur == nil && l.ID == a.p.Progress().Current) {
			from = i
		}
	}
	for i := from + 1; i < len(course); i++ {
		if course[i].Err() == nil {
			a.openLesson(course[i], 0)
			return
		}
	}
	a.openSummary()
}

// score counts lesson l's checkpoints answered right, answered, and all.
func score(l *lessons.Lesson, pr *lessons.Progress) (right, answered, total int) {
	for i := range l.Checkpoints {
		if ans, ok := pr.Answer(l.ID, i); ok {
			answered++
			if ans.Correct {
				right++
			}
		}
	}
	return right, answered, len(l.Checkpoints)
}

// courseDone reports whether every lesson that loads is finished.
func courseDone(course []*lessons.Lesson, pr *lessons.Progress) bool {
	for _, l := range course {
		if l.Err() == nil && !pr.IsFinished(l.ID) {
			return false
		}
	}
	return len(course) > 0
}

// endHint is where to go at the end of a lesson's run: the next run, or
// the next lesson with the score, or the course's end. "" elsewhere.
func endHint(p *player.Player, course []*lessons.Lesson) string {
	l := p.Lesson()
	if l == nil || !p.AtEnd() {
		return ""
	}
	pr := p.Progress()
	runs := l.Runs()
	right, _, total := score(l, pr)
	switch {
	case courseDone(course, pr):
		return fmt.Sprintf("✓ course finished (%d/%d right here) · C: summary", right, total)
	case pr.IsFinished(l.ID) && p.RunIndex()+1 < len(runs):
		// finished, and a run with more of the text follows
		r := runs[p.RunIndex()+1]
		return fmt.Sprintf("✓ lesson finished, %d/%d right · N: next lesson · ]: next run %s/%s", right, total, r.Scenario, r.Mode)
	case pr.IsFinished(l.ID):
		return fmt.Sprintf("✓ lesson finished, %d/%d right · N: next lesson", right, total)
	case p.RunIndex()+1 < len(runs):
		r := runs[p.RunIndex()+1]
		return fmt.Sprintf("end of run · ]: next run %s/%s", r.Scenario, r.Mode)
	}
	if k := leftRun(p, l); k >= 0 && k != p.RunIndex() {
		// the last run, reached before another one was done
		r, keys := runs[k], "]"
		if n := (k - p.RunIndex() + len(runs)) % len(runs); n > 1 {
			keys = fmt.Sprintf("] ×%d", n)
		}
		return fmt.Sprintf("end of run · %s: back to run %s/%s to finish the lesson", keys, r.Scenario, r.Mode)
	}
	return fmt.Sprintf("end of lesson, %d/%d right · N: next lesson · C: summary", right, total)
}

// leftRun is the index of lesson l's run that stands between the student
// and the lesson's end: the first run with a question unanswered, else
// the main run when its end was not reached; -1 when none.
func leftRun(p *player.Player, l *lessons.Lesson) int {
	for i := range l.Checkpoints {
		if !p.Answered(i) {
			return runOf(l, i)
		}
	}
	if !p.MainEnded() {
		return 0
	}
	return -1
}

// missed is one question the student got wrong or skipped.
type missed struct {
	l   *lessons.Lesson
	cp  int // index in l.Checkpoints
	run int // index in l.Runs() where it is asked
}

// summaryLines are the course summary: one line per lesson (its score),
// each followed by the questions missed in it; what each line retries.
func summaryLines(course []*lessons.Lesson, pr *lessons.Progress) ([]string, []*missed) {
	var lines []string
	var what []*missed
	for _, l := range course {
		if l.Err() != nil {
			continue
		}
		right, answered, total := score(l, pr)
		mark := " "
		if pr.IsFinished(l.ID) {
			mark = "✓"
		}
		lines = append(lines, fmt.Sprintf("%s %2d. %s: %d/%d right, %d unanswered", mark, l.Order, l.Title, right, total, total-answered))
		what = append(what, &missed{l: l, cp: -1})
		for i, c := range l.Checkpoints {
			if ans, ok := pr.Answer(l.ID, i); ok && ans.Correct {
				continue
			}
			lines = append(lines, "      ✗ "+c.Question)
			what = append(what, &missed{l: l, cp: i, run: runOf(l, i)})
		}
	}
	return lines, what
}

// runOf is the index of the run of lesson l where checkpoint i is asked.
func runOf(l *lessons.Lesson, i int) int {
	c := &l.Checkpoints[i]
	for k, r := range l.Runs() {
		if c.Matches(l, r, c.At, c.Nth) {
			return k
		}
	}
	return 0
}

// openSummary shows the course summary; Enter on a missed question opens
// its lesson at the run that asks it (the question is asked again), on
// a lesson opens the lesson.
func (a *App) openSummary() {
	course, ok := a.course()
	if !ok {
		return
	}
	sw, sh := a.screenSize()
	if sw == 0 {
		sw, sh = MinWidth, MinHeight
	}
	w := min(sw-2, 110)
	lines, what := summaryLines(course, a.p.Progress())
	title := " course summary (Enter retries, Esc closes) "
	if courseDone(course, a.p.Progress()) {
		title = " ✓ course finished: summary (Enter retries, Esc closes) "
	}
	list := tview.NewList().ShowSecondaryText(false)
	list.SetBorder(true).SetTitle(title)
	if a.theme.Mono {
		list.SetSelectedStyle(tcell.StyleDefault.Reverse(true))
	}
	for _, s := range lines {
		list.AddItem(tview.Escape(truncate(s, w-4)), "", 0, nil)
	}
	list.SetSelectedFunc(func(i int, _, _ string, _ rune) {
		m := what[i]
		a.closeOverlay()
		a.openLesson(m.l, m.run)
	})
	a.overlay("summary", list, w, min(len(lines)+2, max(sh-4, 6)))
}

// playerEndMsg reports whether msg is the player's word at a run's end,
// which endHint says better.
func playerEndMsg(msg string) bool {
	for _, p := range []string{"✓ lesson finished", "next: ]", "checkpoints left unanswered", "[ and ] switch runs"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}
