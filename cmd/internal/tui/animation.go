package tui

import (
	"sync/atomic"
	"time"

	"ftplab/sim"
)

// The animation of a step: animFrames frames, animFrame apart.
const (
	animFrames = 6
	animFrame  = 40 * time.Millisecond
)

// animator draws the network at the step shown, at rest or with a step's
// line on its way along its wire.
type animator struct {
	cur       *animation
	scene     netScene // the network at rest at the step shown
	shownRun  *liveRun // the run and step of the last refresh: a
	shownStep int      // forward step is the one after
}

// animation is a step's line on its way along its wire.
type animation struct {
	run  *liveRun // the run and step it animates
	step int
	move wireMove
	done chan struct{} // closed when it ends; its clock then stops
	// the clock's ticks so far, and whether a frame is on its way to
	// the UI: a tick while one is joins it (see animate)
	ticks   atomic.Int32
	pending atomic.Bool
}

// showNetwork gives the network view the step at rest, or the frame of
// its animation.
func (a *App) showNetwork() {
	s := a.anim.scene
	if an := a.anim.cur; an != nil {
		mv := an.move
		s.move = &mv
	}
	a.ui.network.setScene(s)
}

// animate starts the animation of a step just stepped forward to, and
// ends one whose step is no longer on screen (on the UI goroutine, from
// refresh).
func (a *App) animate() {
	p, st := a.p, &a.anim
	step := p.Step()
	if an := st.cur; an != nil && (an.run != a.live || an.step != step) {
		a.endAnim()
	}
	forward := a.live == st.shownRun && step == st.shownStep+1
	st.shownRun, st.shownStep = a.live, step
	if st.cur != nil || !forward || !a.opts.Animate || p.Seeking() || a.busy() {
		return
	}
	if p.Playing() && (p.Full() || p.Interval() < animFrames*animFrame) {
		return // playing faster than the animation: skip it
	}
	ev, err := p.Timeline().Event(step)
	if err != nil || ev.Conn == 0 || (ev.Kind != sim.KindCmd && ev.Kind != sim.KindReply && ev.Label != sim.LabelDataConnect) {
		return
	}
	an := &animation{run: a.live, step: step, done: make(chan struct{}),
		move: wireMove{conn: ev.Conn, host: ev.Host, frames: animFrames}}
	st.cur = an
	// The clock's ticks reach the UI through the adapter, one frame
	// each; after the last frame (or the end) the clock stops: nothing
	// runs while idle. A tick while the frame before is still on its way
	// (the UI is behind: a class of students on two cores) joins it, and
	// the frame it draws is the newest: a busy lab drops frames rather
	// than delay its keys with them.
	a.runClock(animFrame, an.done, animFrames, func() {
		an.ticks.Add(1)
		if !an.pending.Swap(true) {
			a.post(func() { a.animTick(an) })
		}
	})
}

// animTick shows the next frame of an; after the last the step rests.
func (a *App) animTick(an *animation) {
	a.netFrame = true
	an.pending.Store(false) // before reading the ticks: a later one posts again
	if a.anim.cur != an {
		return // ended by a key or another step
	}
	an.move.frame = int(an.ticks.Load())
	if an.move.frame >= an.move.frames || a.busy() {
		a.endAnim()
	}
	a.showNetwork()
}

// busy is Options.Busy: the machine is behind.
func (a *App) busy() bool { return a.opts.Busy != nil && a.opts.Busy() }

// endAnim ends the animation, if any; the caller shows the step at rest.
func (a *App) endAnim() {
	if an := a.anim.cur; an != nil {
		close(an.done)
		a.anim.cur = nil
	}
}

// drawNetwork draws a frame in which only the network diagram changed
// (an animation's): the diagram alone, over the frame on screen, then
// shows it. A whole draw cost twice as much, most of the frames of a
// class of students stepping. It declines (the caller draws everything)
// unless the lab's own screen is on top and the diagram keeps its size
// and place.
func (a *App) drawNetwork() bool {
	s, v := a.screen, a.ui.network
	if s == nil || len(a.ui.pages.layers) != 1 || a.cmp != nil || !v.fits(s) {
		return false
	}
	v.Draw(s)
	s.Show()
	a.draws.Add(1)
	return true
}
