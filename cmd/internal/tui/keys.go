package tui

import (
	"fmt"
	"slices"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"ftplab/cmd/internal/tui/player"
	"ftplab/sim"
)

// key handles a key (capture is the application's input capture): the
// lab's keys, unless the command line or an overlay has the keyboard. It
// changes widgets directly: tview redraws after an input handler
// (QueueUpdateDraw here would deadlock), unless the key left the screen
// as it was (a step waiting for the lab, labwait.go).
func (a *App) key(ev *tcell.EventKey) *tcell.EventKey {
	if ev.Key() == tcell.KeyCtrlC {
		a.app.Stop()
		return nil
	}
	if a.anim.cur != nil {
		// a key ends the step's animation at once, then does its work
		a.endAnim()
		a.showNetwork()
	}
	if a.app.GetFocus() == a.ui.cmdline || a.editingRule() {
		return ev
	}
	if a.p.State() != player.Free && a.ui.pages.top().name == "checkpoint" {
		return a.checkpointKey(ev)
	}
	if name := a.ui.pages.top().name; name != "main" {
		if ev.Key() == tcell.KeyEscape || ev.Rune() == 'q' || (name == "help" && ev.Rune() == '?') {
			a.closeOverlay()
			return nil
		}
		return ev
	}
	if w, h := a.screenSize(); w < MinWidth || h < MinHeight {
		if ev.Rune() == 'q' {
			a.app.Stop()
		}
		return nil
	}
	switch ev.Key() {
	case tcell.KeyRight:
		a.forward()
		return nil
	case tcell.KeyLeft:
		a.back()
		return nil
	case tcell.KeyHome:
		a.jumpTo(0)
		return nil
	case tcell.KeyEnd:
		a.jumpTo(a.p.Timeline().Len())
		return nil
	case tcell.KeyTab, tcell.KeyBacktab:
		a.cycleFocus(ev.Key() == tcell.KeyTab)
		return nil
	case tcell.KeyEscape:
		a.msg = ""
		a.refresh()
		return nil
	case tcell.KeyRune:
	default:
		return ev
	}
	return a.runeKey(ev)
}

// runeKey handles the lab's letter keys.
func (a *App) runeKey(ev *tcell.EventKey) *tcell.EventKey {
	run, id := a.p.Run(), a.live.sc.ID
	if id == "" {
		id = run.Scenario // a run that did not resolve
	}
	switch ev.Rune() {
	case ' ', 'l':
		a.forward()
	case 'h':
		a.back()
	case 'p':
		a.togglePlay()
	case '+', '=':
		a.setSpeed(1)
	case '-', '_':
		a.setSpeed(-1)
	case 'r':
		a.restartWith(run.Scenario, run.Mode)
	case 'm':
		a.restartWith(run.Scenario, nextMode(run.Mode))
	case 'f':
		a.restartWith(nextOf(firewallSetups(a.opts.Catalogue), id), run.Mode)
	case 'n':
		a.restartWith(nextOf(natSetups(a.opts.Catalogue), id), run.Mode)
	case 't':
		id, err := tlsToggle(a.opts.Catalogue, id)
		if err != nil {
			a.msg = err.Error()
			a.refresh()
			break
		}
		a.restartWith(id, run.Mode)
	case 's':
		a.openMenu()
	case 'L':
		a.openLessonMenu(nil)
	case 'N':
		a.nextLesson()
	case 'c':
		a.compare()
	case 'X':
		a.closeCompare()
		a.msg = ""
		a.refresh()
	case 'C':
		a.openSummary()
	case 'R':
		a.toggleWhatIf()
	case '1', '2', '3', '4', '5':
		// a direct key per mode, in m's order (PORT EPRT PASV EPSV PASV_CTLIP)
		if modes := sim.Modes(); int(ev.Rune()-'1') < len(modes) {
			a.restartWith(run.Scenario, modes[ev.Rune()-'1'])
		}
	case ']':
		a.switchRun(1)
	case '[':
		a.switchRun(-1)
	case ':':
		a.openCommand()
	case 'x':
		a.exportRun(a.opts.Export)
	case 'w':
		a.exportRun(a.opts.Pcap)
	case '?':
		a.openHelp()
	case 'q':
		a.app.Stop()
	default:
		return ev // j, k, g, G… go to the focused pane
	}
	return nil
}

func (a *App) screenSize() (int, int) {
	_, _, w, h := a.ui.pages.GetRect()
	return w, h
}

func (a *App) cycleFocus(forward bool) {
	f := a.ui.focus
	i := slices.Index(f, a.app.GetFocus())
	d := 1
	if !forward {
		d = len(f) - 1
	}
	a.app.SetFocus(f[(i+d+len(f))%len(f)])
}

// overlay shows p centred over the lab.
func (a *App) overlay(name string, p tview.Primitive, w, h int) {
	grid := tview.NewFlex().
		AddItem(nil, 0, 1, false).
		AddItem(tview.NewFlex().SetDirection(tview.FlexRow).
			AddItem(nil, 0, 1, false).
			AddItem(p, h, 0, true).
			AddItem(nil, 0, 1, false), w, 0, true).
		AddItem(nil, 0, 1, false)
	a.ui.pages.push(name, grid)
	a.app.SetFocus(p)
}

func (a *App) closeOverlay() {
	a.ui.pages.pop()
	a.focusTop()
}

// focusTop gives the keyboard to the top layer: the timeline on the lab's
// screen, else the overlay.
func (a *App) focusTop() {
	if top := a.ui.pages.top(); top.name != "main" {
		a.app.SetFocus(top.p)
		return
	}
	a.app.SetFocus(a.ui.timeline)
}

func (a *App) openHelp() { a.overlay("help", helpView(a.opts.Catalogue), 78, 22) }

// helpView is the help overlay: the keys and the scenarios.
func helpView(cat *sim.Catalogue) tview.Primitive {
	text := helpText()
	for _, sc := range cat.All() {
		text += fmt.Sprintf("  %-3s %s\n", sc.ID, sc.Title)
	}
	v := tview.NewTextView().SetText(text).SetWrap(false)
	v.SetBorder(true).SetTitle(" help (Esc closes) ")
	return v
}

func (a *App) openMenu() {
	cat := a.opts.Catalogue.All()
	list := scenarioMenu(cat, a.live.sc.ID, a.theme.Mono)
	list.SetSelectedFunc(func(i int, _, _ string, _ rune) {
		a.closeOverlay()
		a.restartWith(cat[i].ID, a.p.Run().Mode)
	})
	a.overlay("menu", list, 78, min(len(cat)+2, 20))
}

// scenarioMenu lists the scenarios, the current one highlighted.
func scenarioMenu(cat []sim.Scenario, current string, mono bool) *tview.List {
	list := tview.NewList().ShowSecondaryText(false)
	list.SetBorder(true).SetTitle(" scenario (Enter runs, Esc closes) ")
	if mono {
		list.SetSelectedStyle(tcell.StyleDefault.Reverse(true))
	}
	for i, sc := range cat {
		list.AddItem(truncate(fmt.Sprintf("%-3s %s", sc.ID, sc.Title), 72), "", 0, nil)
		if sc.ID == current {
			list.SetCurrentItem(i)
		}
	}
	return list
}
