package tui

import (
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/cmd/internal/tui/player"
)

// A step forward past what the lab has made releases the lab's next
// operation and waits for its event. The lab answers within a couple of
// milliseconds: drawing the key at once ("waiting for the lab…") and
// again when the event came cost two frames for one step, and in a class
// sixty students' keys at once. So such a key draws nothing: its step is
// drawn when the event comes, or, if the lab is slow, the status bar says
// so after labWait.

// labWait is how long a step waits for the lab before the status bar
// says "waiting for the lab…": a spinner is worth a frame only when the
// wait is noticeable, and under a tenth of a second it is not.
const labWait = 90 * time.Millisecond

// capture is the application's input capture: the lab's keys (key), and
// the frame tview draws after them skipped when the key only made the
// step wait for the lab (holdForLab).
func (a *App) capture(ev *tcell.EventKey) *tcell.EventKey {
	cut := a.anim.cur != nil // the key ends an animation: the step at rest shows
	a.skipFrame = false
	ev = a.key(ev)
	if ev == nil && a.skipFrame && !cut && a.scr != nil {
		a.scr.skip = true
	}
	a.skipFrame = false
	return ev
}

// holdForLab reports whether the move d, from step, left the screen as
// it was: the step waits for the lab (and nothing else changed). Then
// the move's refresh is owed: the caller skips it and its frame, and
// the lab's event (App.watch), another move, or labWait's tick pays it.
func (a *App) holdForLab(d player.Do, step int) bool {
	p := a.p
	if !p.Pending() || p.Step() != step || d.Msg != "" || d.Ask || a.cmp != nil || a.live.sess == nil {
		return false
	}
	a.skipFrame = true
	if a.owed != nil {
		return true // a step waiting already: its tick stands
	}
	w := make(chan struct{})
	a.owed = w
	a.runClock(labWait, w, 1, func() {
		a.post(func() {
			if a.owed != w {
				a.skipFrame = true // paid meanwhile: nothing to draw
				return
			}
			a.refresh()
		})
	})
	return true
}

// payOwed marks the owed refresh paid (by refresh) and stops its tick.
func (a *App) payOwed() {
	if a.owed != nil {
		close(a.owed)
		a.owed = nil
	}
}
