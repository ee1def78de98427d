package tui

import (
	"fmt"
	"slices"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// key is the application's input capture: the lab's keys, unless the
// command line or an overlay has the keyboard. It changes widgets
// directly: tview redraws after an input handler (QueueUpdateDraw here
// would deadlock).
func (a *App) key(ev *tcell.EventKey) *tcell.EventKey {
	if ev.Key() == tcell.KeyCtrlC {
		a.app.Stop()
		return nil
	}
	if a.anim != nil {
		// a key ends the step's animation at once, then does its work
		a.endAnim()
		a.showNetwork()
	}
	if a.app.GetFocus() == a.cmdline {
		return ev
	}
	if a.ask != nil && a.pages.top().name == "checkpoint" {
		return a.checkpointKey(ev)
	}
	if name := a.pages.top().name; name != "main" {
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
		a.m.back()
		a.refresh()
		return nil
	case tcell.KeyHome:
		a.m.jump(0)
		a.refresh()
		return nil
	case tcell.KeyEnd:
		a.jumpTo(a.m.tl.Len())
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
	m := a.m
	switch ev.Rune() {
	case ' ', 'l':
		a.forward()
	case 'h':
		m.back()
		a.refresh()
	case 'p':
		a.togglePlay()
	case '+', '=':
		a.setSpeed(1)
	case '-', '_':
		a.setSpeed(-1)
	case 'r':
		a.restartWith(m.sc.ID, m.mode)
	case 'm':
		a.restartWith(m.sc.ID, nextMode(m.mode))
	case 'f':
		a.restartWith(nextOf(firewallSetups(a.opts.Catalogue), m.sc.ID), m.mode)
	case 'n':
		a.restartWith(nextOf(natSetups(a.opts.Catalogue), m.sc.ID), m.mode)
	case 't':
		id, err := tlsToggle(a.opts.Catalogue, m.sc.ID)
		if err != nil {
			a.msg = err.Error()
			a.refresh()
			break
		}
		a.restartWith(id, m.mode)
	case 's':
		a.openMenu()
	case 'L':
		a.openLessonMenu()
	case ']':
		a.switchRun(1)
	case '[':
		a.switchRun(-1)
	case ':':
		a.openCommand()
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
	_, _, w, h := a.pages.GetRect()
	return w, h
}

func (a *App) cycleFocus(forward bool) {
	i := slices.Index(a.focus, a.app.GetFocus())
	d := 1
	if !forward {
		d = len(a.focus) - 1
	}
	a.app.SetFocus(a.focus[(i+d+len(a.focus))%len(a.focus)])
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
	a.pages.push(name, grid)
	a.app.SetFocus(p)
}

func (a *App) closeOverlay() {
	a.pages.pop()
	a.focusTop()
}

// focusTop gives the keyboard to the top layer: the timeline on the lab's
// screen, else the overlay.
func (a *App) focusTop() {
	if top := a.pages.top(); top.name != "main" {
		a.app.SetFocus(top.p)
		return
	}
	a.app.SetFocus(a.timeline)
}

func (a *App) openHelp() {
	text := helpText()
	for _, sc := range a.opts.Catalogue.All() {
		text += fmt.Sprintf("  %-3s %s\n", sc.ID, sc.Title)
	}
	v := tview.NewTextView().SetText(text).SetWrap(false)
	v.SetBorder(true).SetTitle(" help (Esc closes) ")
	a.overlay("help", v, 78, 22)
}

func (a *App) openMenu() {
	list := tview.NewList().ShowSecondaryText(false)
	list.SetBorder(true).SetTitle(" scenario (Enter runs, Esc closes) ")
	if a.theme.Mono {
		list.SetSelectedStyle(tcell.StyleDefault.Reverse(true))
	}
	cat := a.opts.Catalogue.All()
	for _, sc := range cat {
		list.AddItem(truncate(fmt.Sprintf("%-3s %s", sc.ID, sc.Title), 72), "", 0, nil)
	}
	for i, sc := range cat {
		if sc.ID == a.m.sc.ID {
			list.SetCurrentItem(i)
		}
	}
	list.SetSelectedFunc(func(i int, _, _ string, _ rune) {
		a.closeOverlay()
		a.restartWith(cat[i].ID, a.m.mode)
	})
	a.overlay("menu", list, 78, min(len(cat)+2, 20))
}
