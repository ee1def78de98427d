package tui

import (
	"context"
	"fmt"

	"ftplab/cmd/internal/tui/player"
	"ftplab/sim"
)

// comparison is a second run beside the first, for the teacher's "PORT
// fails, PASV works" on one screen: its own player and live run, its
// diagram beside the first; it steps with the first and shows its own
// verdict. Restarting the first run (r, m, f, n, a lesson) closes it.
type comparison struct {
	p    *player.Player
	live *liveRun
	view *networkView
	// what is a what-if's change (R), in the title; toEnd plays the
	// run to its end at once, to show its verdict beside the first's.
	what  string
	toEnd bool
}

// compareMode is the second run's first mode: the other family (active
// against passive), so that one key shows the contrast.
func compareMode(m sim.Mode) sim.Mode {
	if m == sim.ModePORT || m == sim.ModeEPRT {
		return sim.ModePASV
	}
	return sim.ModePORT
}

// compare opens the comparison (c), or moves its run to the next mode.
func (a *App) compare() {
	if a.p.Lesson() != nil {
		a.msg = "compare works in the free lab: leave the lesson first (s, f, n)"
		a.refresh()
		return
	}
	run := a.p.Run()
	mode := compareMode(run.Mode)
	if c := a.cmp; c != nil {
		mode = nextMode(c.p.Run().Mode)
		if mode == run.Mode {
			mode = nextMode(mode)
		}
	}
	r := sim.Run{Scenario: run.Scenario, Mode: mode}
	sc, err := r.Resolve(a.opts.Catalogue)
	a.msg = fmt.Sprintf("comparing with %s/%s: c changes its mode, X closes", r.Scenario, r.Mode)
	a.openCompare(&comparison{p: player.New(nil, false), view: newNetworkView()}, r, sc, err, a.opts.Start)
	a.refresh()
}

// openCompare shows c, a run of r (its scenario sc, or the error that
// resolving r gave) started with start, beside the first run.
func (a *App) openCompare(c *comparison, r sim.Run, sc sim.Scenario, err error, start Starter) {
	a.closeWhatIf()
	a.closeCompare()
	a.cmp = c
	a.ui.netRow.AddItem(c.view, 0, 1, false)
	c.p.Start(r)
	c.live = &liveRun{sc: sc}
	if err != nil || start == nil {
		c.p.End(nil, "error", "")
		return
	}
	lr := c.live
	lr.ctx, lr.stop = context.WithCancel(a.ctx)
	go func() {
		sess, err := start(lr.ctx, r)
		a.post(func() { a.attachCompare(c, lr, sess, err) })
	}()
}

// attachCompare makes sess the comparison's session, and steps it to the
// first run's step.
func (a *App) attachCompare(c *comparison, lr *liveRun, sess Session, err error) {
	if a.cmp != c || c.live != lr {
		if err == nil {
			go sess.Close()
		}
		return
	}
	if err != nil {
		c.p.End(nil, "error", "")
		a.msg = err.Error()
		a.refresh()
		return
	}
	lr.sess, lr.size = sess, sess.FileSize()
	if c.toEnd {
		c.p.SetSpeed(len(player.Speeds))
		c.p.TogglePlay()
		sess.FullSpeed(true)
	}
	c.release(c.p.Attach(sess.Timeline()))
	if !c.toEnd {
		c.release(c.p.JumpTo(a.p.Step()))
	}
	go a.watchFor(lr, sess, func(move func(*player.Player) player.Do) {
		if a.cmp == c && c.live == lr {
			c.release(move(c.p))
			a.refresh()
		}
	})
	a.refresh()
}

// release lets the comparison's live run do one operation if asked.
func (c *comparison) release(d player.Do) {
	if d.Release && c.live.sess != nil {
		c.live.sess.Step()
	}
}

// closeCompare ends the comparison, if any (x, or a new first run).
func (a *App) closeCompare() {
	c := a.cmp
	if c == nil {
		return
	}
	a.cmp = nil
	a.ui.netRow.RemoveItem(c.view)
	if lr := c.live; lr != nil {
		if lr.stop != nil {
			lr.stop()
		}
		if s := lr.sess; s != nil {
			go s.Close()
		}
	}
}

// compareMove makes the comparison follow a move of the first run.
func (a *App) compareMove(move func(p *player.Player) player.Do) {
	if c := a.cmp; c != nil {
		c.release(move(c.p))
	}
}

// refreshCompare shows the comparison's run at its step, and names each
// diagram's run with its verdict once its end is shown.
func (a *App) refreshCompare() {
	c := a.cmp
	if c == nil {
		return
	}
	a.ui.network.Box.SetTitle(runTitle(a.p, a.live.sc))
	tl, step := c.p.Timeline(), c.p.Step()
	cur, _ := tl.At(step)
	c.view.setScene(netScene{sc: c.live.sc, st: cur, tl: tl, step: step, theme: a.theme, size: c.live.size})
	title := runTitle(c.p, c.live.sc)
	if c.what != "" {
		title += "· what-if: " + c.what + " "
	}
	c.view.Box.SetTitle(title)
}

// runTitle is a compared run's title: scenario/mode, its step, and its
// verdict at its end.
func runTitle(p *player.Player, sc sim.Scenario) string {
	s := fmt.Sprintf(" %s/%s · step %d", sc.ID, p.Run().Mode, p.Step())
	if p.AtEnd() {
		out, blocked := p.Outcome()
		mark := "✔"
		if out != "ok" {
			mark = "✘"
		}
		s += fmt.Sprintf(" · %s run: %s", mark, out)
		if blocked != "" && blocked != "-" {
			s += " (" + blocked + ")"
		}
	}
	return s + " "
}
