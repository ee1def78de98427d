package tui

import (
	"time"

	"ftplab/cmd/internal/tui/player"
	"ftplab/sim"
)

// The player decides every move (package player); these methods apply
// its answer and redraw, on the UI goroutine.

// forward steps on (a checkpoint due at the next event is asked instead).
func (a *App) forward() {
	step := a.p.Step()
	d := a.p.Forward()
	a.apply(d)
	a.compareMove((*player.Player).Forward)
	if a.holdForLab(d, step) {
		return // drawn when the lab's event comes (labwait.go)
	}
	a.refresh()
}

// back steps back; the live run is not affected.
func (a *App) back() {
	a.p.Back()
	a.compareMove(func(p *player.Player) player.Do { p.Back(); return player.Do{} })
	a.refresh()
}

// jumpTo shows step k; moving forward it stops before the first
// checkpoint due on the way and asks it.
func (a *App) jumpTo(k int) {
	a.apply(a.p.JumpTo(k))
	end := k >= a.p.Timeline().Len()
	a.compareMove(func(p *player.Player) player.Do {
		if end { // End: each run to its own end
			return p.JumpTo(p.Timeline().Len())
		}
		return p.JumpTo(k)
	})
	a.refresh()
}

func (a *App) togglePlay() {
	a.p.TogglePlay()
	a.syncPlay()
	a.apply(a.p.Follow())
	a.refresh()
}

// setSpeed moves along the speeds (d > 0 faster); while playing, the
// play goes on at the new pace.
func (a *App) setSpeed(d int) {
	if d > 0 {
		a.p.Faster()
	} else {
		a.p.Slower()
	}
	a.syncPlay()
	a.apply(a.p.Follow())
	a.refresh()
}

// ticker is the play clock while it runs.
type ticker struct {
	d    time.Duration
	done chan struct{} // closed to stop it
}

// syncPlay keeps the play clock and the live run's pace in step with the
// player: below full speed a clock ticks the player on; at full speed
// the live run does its operations without waiting for steps, and the
// screen follows its newest event (Player.Update); stopped, neither.
func (a *App) syncPlay() {
	p, lr := a.p, a.live
	playing, full := p.Playing(), p.Full()
	if t := a.play; t != nil && (!playing || full || t.d != p.Interval()) {
		close(t.done)
		a.play = nil
	}
	if lr != nil && lr.sess != nil && lr.fast != (playing && full) {
		lr.fast = playing && full
		lr.sess.FullSpeed(lr.fast)
	}
	if playing && !full && a.play == nil {
		a.startClock(p.Interval())
	}
}

// startClock ticks the player on every d through the adapter; it stops
// when the player stops playing, the pace changes or the app ends.
func (a *App) startClock(d time.Duration) {
	t := &ticker{d: d, done: make(chan struct{})}
	a.play = t
	a.runClock(d, t.done, -1, func() {
		a.post(func() {
			if a.play == t { // not a tick of a stopped clock
				a.apply(a.p.PlayTick())
				a.compareMove((*player.Player).Forward)
				a.refresh()
			}
		})
	})
}

// runClock calls onTick, on the clock's goroutine, on each tick of the
// adapter's clock every d, at most n times (n < 0: no bound), until done
// closes or the app ends; then the clock stops.
func (a *App) runClock(d time.Duration, done <-chan struct{}, n int, onTick func()) {
	ticks, stop := a.opts.Tick(d)
	go func() {
		defer stop()
		for i := 0; n < 0 || i < n; i++ {
			select {
			case <-a.ctx.Done():
				return
			case <-done:
				return
			case <-ticks:
				onTick()
			}
		}
	}()
}

// restartWith restarts the run in another scenario (by id) or mode; the
// player says which run (r keeps a lesson's overrides and script).
func (a *App) restartWith(id string, mode sim.Mode) {
	if _, err := a.opts.Catalogue.Lookup(id); err != nil {
		a.msg = err.Error()
		a.refresh()
		return
	}
	run, msg := a.p.Restart(id, mode)
	a.msg = msg
	a.start(run)
}

// switchRun moves to the open lesson's next (d=1) or previous (d=-1) run.
func (a *App) switchRun(d int) {
	run, msg, ok := a.p.SwitchRun(d)
	a.msg = msg
	if !ok {
		a.refresh()
		return
	}
	a.start(run)
}
