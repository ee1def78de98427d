package tui

import (
	"context"
	"sync/atomic"

	"ftplab/cmd/internal/tui/player"
	"ftplab/sim"
)

// liveRun is the run on screen: its resolved scenario, its session once
// started, and the lab's state of it. A new run is a new liveRun, so work
// for an older one (a late start, a reply, a tick) sees it is stale.
type liveRun struct {
	sc   sim.Scenario
	sess Session
	ctx  context.Context // ends with the run
	stop context.CancelFunc
	size int64 // the downloaded file's size, from the session
	fast bool  // the session was asked to go at full speed (playing)
	cmds int   // typed commands waiting for their reply
	// console holds the : command line's exchanges.
	console []string
}

// start begins run r (on the UI goroutine). A run that does not resolve
// (an unknown scenario, mode or override) shows its error and an empty
// timeline.
func (a *App) start(r sim.Run) {
	a.closeCompare()
	a.closeSession()
	a.closeCheckpoint()
	a.p.StopPlay()
	a.syncPlay()
	a.p.Start(r)
	a.opts.Run = r
	sc, err := r.Resolve(a.opts.Catalogue)
	a.live = &liveRun{sc: sc}
	if err != nil {
		a.msg = err.Error()
		a.apply(a.p.End(nil, "error", ""))
		a.refresh()
		return
	}
	if a.opts.Start == nil {
		a.apply(a.p.End(nil, "", ""))
		a.refresh()
		return
	}
	lr := a.live
	lr.ctx, lr.stop = context.WithCancel(a.ctx)
	if a.msg == "" { // a message of the move that started it stays
		a.msg = startingMsg
	}
	a.refresh()
	// A run may do work (or wait for the lab) while it starts: start it
	// off the UI goroutine and attach it when it is ready.
	starter := a.opts.Start
	go func() {
		sess, err := starter(lr.ctx, r)
		a.post(func() {
			if a.live != lr {
				if err == nil {
					go sess.Close()
				}
				return
			}
			a.attach(sess, err)
		})
	}()
}

// startingMsg is the status bar's message while a run starts, unless the
// move that started it left one ("left the lesson…"); a message set since
// (an error while opening the lab, say) stays.
const startingMsg = "starting the lab…"

// attach makes sess the current run's session (on the UI goroutine).
func (a *App) attach(sess Session, err error) {
	if a.msg == startingMsg {
		a.msg = ""
	}
	if err != nil {
		a.msg = err.Error()
		a.apply(a.p.End(nil, "error", ""))
		a.refresh()
		return
	}
	lr := a.live
	lr.sess, lr.size = sess, sess.FileSize()
	d := a.p.Attach(sess.Timeline())
	go a.watch(lr, sess)
	a.apply(d)
	a.refresh()
}

// watch forwards a run's changes to the UI until it is done or replaced.
// Changes are coalesced: at most one update is on its way to the UI at a
// time, and it takes the newest timeline when it runs. A burst of events
// (a run at full speed, a typed LIST) costs a few redraws, not one each.
func (a *App) watch(lr *liveRun, sess Session) {
	a.watchFor(lr, sess, func(move func(*player.Player) player.Do) {
		if a.live == lr {
			a.apply(move(a.p))
			a.refresh()
		}
	})
}

// watchFor forwards a run's changes as moves of its player, which
// deliver applies on the UI goroutine (it checks the run is current).
func (a *App) watchFor(lr *liveRun, sess Session, deliver func(move func(*player.Player) player.Do)) {
	changed := sess.Changed()
	done := sess.Done()
	var (
		latest atomic.Pointer[sim.Timeline] // the newest snapshot
		queued atomic.Bool                  // an update is queued, not yet run
	)
	for {
		select {
		case <-lr.ctx.Done():
			return
		case <-changed:
			latest.Store(sess.Timeline())
			if !queued.CompareAndSwap(false, true) {
				continue // the queued update will take this timeline
			}
			a.post(func() {
				queued.Store(false)
				tl := latest.Load()
				deliver(func(p *player.Player) player.Do { return p.Update(tl) })
			})
		case <-done:
			outcome, blocked := sess.Outcome()
			tl := sess.Timeline()
			a.post(func() {
				deliver(func(p *player.Player) player.Do { return p.End(tl, outcome, blocked) })
			})
			done = nil
		}
	}
}

// closeSession ends the current run without blocking the UI.
func (a *App) closeSession() {
	lr := a.live
	if lr == nil {
		return
	}
	if lr.stop != nil {
		lr.stop()
		lr.stop = nil
	}
	if s := lr.sess; s != nil {
		lr.sess = nil
		go s.Close()
	}
}
