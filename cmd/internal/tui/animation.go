package tui

import (
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
	if st.cur != nil || !forward || !a.opts.Animate || p.Seeking() {
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
	ticks, stop := a.opts.Tick(animFrame)
	// The clock's ticks reach the UI through the adapter, one frame
	// each; after the last frame (or the end) the clock stops: nothing
	// runs while idle.
	go func() {
		defer stop()
		for range animFrames {
			select {
			case <-a.ctx.Done():
				return
			case <-an.done:
				return
			case <-ticks:
				a.post(func() { a.animTick(an) })
			}
		}
	}()
}

// animTick shows the next frame of an; after the last the step rests.
func (a *App) animTick(an *animation) {
	if a.anim.cur != an {
		return // ended by a key or another step
	}
	an.move.frame++
	if an.move.frame >= an.move.frames {
		a.endAnim()
	}
	a.showNetwork()
}

// endAnim ends the animation, if any; the caller shows the step at rest.
func (a *App) endAnim() {
	if an := a.anim.cur; an != nil {
		close(an.done)
		a.anim.cur = nil
	}
}
