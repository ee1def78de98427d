package tui

import (
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// openCommand opens the command line.
func (a *App) openCommand() {
	a.ui.cmdline.SetText("")
	a.ui.bottom.SwitchToPage("cmd")
	a.app.SetFocus(a.ui.cmdline)
}

// commandDone sends the typed line through the live run's client.
func (a *App) commandDone(key tcell.Key) {
	line := strings.TrimSpace(a.ui.cmdline.GetText())
	a.ui.bottom.SwitchToPage("status")
	a.app.SetFocus(a.ui.timeline)
	if key != tcell.KeyEnter || line == "" {
		return
	}
	lr := a.live
	sess := lr.sess
	if sess == nil {
		a.msg = "no live run"
		a.refresh()
		return
	}
	lr.console = append(lr.console, "> "+tview.Escape(line)+"\n")
	a.msg = "sent " + line + ", waiting for the reply…"
	lr.cmds++
	before := a.p.Timeline().Len()
	a.refresh()
	// A typed command just runs: the session does not hold its
	// operations for steps (see Session.Command), so the UI only waits
	// for the reply, off the UI goroutine. Its events come through watch
	// like the run's; once the reply is in, the screen shows the last.
	go func() {
		reply, err := sess.Command(lr.ctx, line)
		if err != nil {
			if reply != "" {
				reply += "\n"
			}
			reply += "error: " + err.Error()
		}
		tl := sess.Timeline()
		a.post(func() {
			if a.live != lr {
				return // replies to an old run's commands are dropped
			}
			lr.cmds--
			lr.console = append(lr.console, tview.Escape(strings.TrimRight(reply, "\r\n"))+"\n")
			if lr.cmds == 0 { // the reply's first line, where no pane hides it
				a.msg, _, _ = strings.Cut(strings.TrimSpace(reply), "\n")
			}
			a.apply(a.p.Update(tl))
			if a.p.Timeline().Len() > before {
				a.apply(a.p.JumpTo(a.p.Timeline().Len())) // the command's last event
			}
			a.refresh()
		})
	}()
}
