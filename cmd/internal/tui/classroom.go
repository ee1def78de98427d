package tui

import (
	"fmt"
	"strings"
	"sync"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"ftplab/cmd/internal/tui/player"
	"ftplab/lessons"
)

// The lab's part in a class (ftplab classroom): it tells an Observer where
// the student is and what they answered, and it can follow a teacher's
// step, holding each answer's verdict until the teacher reveals it. The
// player decides what is asked; this file only reports it and holds the
// verdict's display.

// Observer hears a student's lab: the teacher's dashboard. Its methods run
// on the lab's UI goroutine and must not block.
type Observer interface {
	// Moved reports the student's new position.
	Moved(p Position)
	// Answered reports an answer to a checkpoint, before its verdict is
	// on the student's screen.
	Answered(a Answer)
}

// Position is where a student is in the lab.
type Position struct {
	Lesson string // the open lesson's ID; "" for a free run
	Run    int    // index of the lesson's run on screen (0: its main run)
	Step   int    // the step on screen
	Steps  int    // the steps known so far
	Asking int    // the checkpoint on screen (index in the lesson), -1 if none
}

// Answer is one answer to a checkpoint.
type Answer struct {
	Lesson     string
	Checkpoint int // index in the lesson's Checkpoints
	Given      string
	Correct    bool
}

// classroom is the App's state in a class.
type classroom struct {
	last     Position
	sent     bool
	hold     bool             // follow mode: verdicts wait for Reveal
	waiting  *player.Question // answered, its verdict held
	revealed map[string]bool  // lesson#checkpoint revealed by the teacher
	mail     mailbox          // the teacher's orders, on their way to the UI
}

// mailbox hands the teacher's orders (Follow, Reveal, Unfollow) to the UI
// goroutine in order, without blocking the caller: the class calls them
// while it holds its lock, and a student's busy lab must not stall the
// teacher's or another student's.
type mailbox struct {
	mu      sync.Mutex
	queue   []func()
	running bool // a goroutine is posting the queue
}

// send queues f for the UI goroutine (from any goroutine).
func (a *App) send(f func()) {
	mb := &a.class.mail
	mb.mu.Lock()
	mb.queue = append(mb.queue, f)
	if mb.running {
		mb.mu.Unlock()
		return
	}
	mb.running = true
	mb.mu.Unlock()
	go func() {
		for {
			mb.mu.Lock()
			if len(mb.queue) == 0 {
				mb.running = false
				mb.mu.Unlock()
				return
			}
			f := mb.queue[0]
			mb.queue = mb.queue[1:]
			mb.mu.Unlock()
			a.post(f) // returns at once when the lab has stopped
		}
	}()
}

// observe tells the observer the position, when it changed (from refresh).
func (a *App) observe() {
	o := a.opts.Observer
	if o == nil || a.p == nil {
		return
	}
	p := Position{Step: a.p.Step(), Steps: a.p.Timeline().Len(), Asking: -1}
	if l := a.p.Lesson(); l != nil {
		p.Lesson, p.Run = l.ID, a.p.RunIndex()
	}
	if q := a.p.Question(); q != nil {
		p.Asking = q.Index
	}
	if a.class.sent && p == a.class.last {
		return
	}
	a.class.last, a.class.sent = p, true
	o.Moved(p)
}

// observeAnswer tells the observer the answer just recorded; in follow
// mode it holds the verdict until the teacher reveals it.
func (a *App) observeAnswer() {
	q, l := a.p.Question(), a.p.Lesson()
	if q == nil || l == nil || a.opts.Present {
		return
	}
	if o := a.opts.Observer; o != nil {
		o.Answered(Answer{Lesson: l.ID, Checkpoint: q.Index, Given: q.Given, Correct: q.Correct})
	}
	if a.class.hold && !a.class.revealed[revealKey(l.ID, q.Index)] {
		a.class.waiting = q
	}
}

func revealKey(lesson string, cp int) string { return fmt.Sprintf("%s#%d", lesson, cp) }

// held reports whether the verdict of q is held for the teacher.
func (a *App) held(q *player.Question) bool { return q != nil && a.class.waiting == q }

// waitingText is the checkpoint's text while its verdict is held.
func (a *App) waitingText(q *player.Question) string {
	return fmt.Sprintf("%sPredict, then see.[-:-:-] %s\n\n%sAnswer sent:[-:-:-] %s\n\n%sThe teacher reveals the answer when the class has answered.[-:-:-]",
		a.theme.tag("title"), tview.Escape(q.Checkpoint.Question),
		a.theme.tag("title"), strings.ReplaceAll(q.Given, "[", "[[]"), a.theme.tag("dim"))
}

// waitingKey handles a key while the verdict is held: q quits, the rest
// waits.
func (a *App) waitingKey(ev *tcell.EventKey) *tcell.EventKey {
	if ev.Key() == tcell.KeyRune && ev.Rune() == 'q' {
		a.app.Stop()
	}
	return nil
}

// Follow moves the lab to step of lesson's main run, as the teacher's run
// shows it, and holds answers' verdicts until Reveal. A checkpoint on the
// way is asked; the lab goes on to the step once it is answered. It may be
// called from any goroutine.
func (a *App) Follow(lesson string, step int) {
	a.send(func() { a.followTo(lesson, step) })
}

func (a *App) followTo(id string, step int) {
	a.class.hold = true
	if l := a.p.Lesson(); l == nil || l.ID != id || !a.p.IsMainRun() {
		target := a.courseLesson(id)
		if target == nil {
			a.msg = fmt.Sprintf("the teacher's lesson %q is not in this course", id)
			a.refresh()
			return
		}
		a.class.waiting = nil // its checkpoint closes with the run
		a.openLesson(target, 0)
		a.apply(a.p.SeekTo(step)) // reached once the run has started
		a.refresh()
		return
	}
	if step < a.p.Step() {
		a.class.waiting = nil
		a.closeCheckpoint()
	}
	a.apply(a.p.SeekTo(step))
	a.refresh()
}

func (a *App) courseLesson(id string) *lessons.Lesson {
	for _, l := range a.opts.Course {
		if l.ID == id && l.Err() == nil {
			return l
		}
	}
	return nil
}

// Reveal shows the verdict of checkpoint cp of lesson, held in follow
// mode, and of any later answer to it. It may be called from any
// goroutine.
func (a *App) Reveal(lesson string, cp int) {
	a.send(func() {
		if a.class.revealed == nil {
			a.class.revealed = map[string]bool{}
		}
		a.class.revealed[revealKey(lesson, cp)] = true
		a.release(func(q *player.Question) bool {
			l := a.p.Lesson()
			return l != nil && l.ID == lesson && q.Index == cp
		})
	})
}

// Unfollow leaves follow mode: the student goes on at their own pace and
// a held verdict shows. It may be called from any goroutine.
func (a *App) Unfollow() {
	a.send(func() {
		a.class.hold = false
		a.release(func(*player.Question) bool { return true })
	})
}

// release shows the held verdict if match accepts its checkpoint.
func (a *App) release(match func(q *player.Question) bool) {
	q := a.class.waiting
	if q == nil || a.p.Question() != q || !match(q) {
		return
	}
	a.class.waiting = nil
	a.showCheckpoint()
	a.refresh()
}

// applied reports whether tview's global styles already are the theme's
// (many labs in one process, ftplab classroom, then never write them
// again while others read them).
func (t Theme) applied(fg, bg, border, title tcell.Color) bool {
	s := tview.Styles
	return s.PrimitiveBackgroundColor == bg && s.ContrastBackgroundColor == bg &&
		s.MoreContrastBackgroundColor == bg && s.PrimaryTextColor == fg &&
		s.SecondaryTextColor == title && s.TertiaryTextColor == title &&
		s.BorderColor == border && s.TitleColor == title && s.GraphicsColor == border &&
		s.InverseTextColor == bg && s.ContrastSecondaryTextColor == fg
}

// SetStyles sets tview's global styles to the theme's (name "dark" or
// "projector"; mono for attributes only) before any lab is built. A
// process that runs many labs (ftplab classroom) calls it once, so that
// labs built later, all with this theme, only read the globals.
func SetStyles(name string, mono bool) { newTheme(name, mono).apply() }
