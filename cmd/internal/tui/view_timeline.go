package tui

import (
	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"ftplab/sim"
)

// timelineView lists every event with its step number; the current one is
// marked. A click on a row jumps there; the wheel scrolls.
type timelineView struct {
	*tview.Box
	theme    Theme
	events   []sim.Event
	cur      int
	offset   int
	follow   bool // keep cur in view on the next draw
	onSelect func(step int)
	// the last rendering and what it showed: redrawn only on a change
	cache *canvas
	key   timelineKey
}

// timelineKey is what a rendering of the timeline depends on.
type timelineKey struct {
	first  *sim.Event // the events' array: a new run has another
	n, cur int
	offset int
	w, h   int
}

func (v *timelineView) keyFor(w, h int) timelineKey {
	k := timelineKey{n: len(v.events), cur: v.cur, offset: v.offset, w: w, h: h}
	if len(v.events) > 0 {
		k.first = &v.events[0]
	}
	return k
}

func newTimelineView(th Theme, onSelect func(int)) *timelineView {
	v := &timelineView{Box: tview.NewBox(), theme: th, onSelect: onSelect, follow: true}
	v.Box.SetBorder(true).SetTitle(" timeline ").SetTitleAlign(tview.AlignLeft)
	return v
}

func (v *timelineView) set(events []sim.Event, cur int) {
	if cur != v.cur || len(events) != len(v.events) {
		v.follow = true
	}
	v.events, v.cur = events, cur
}

func (v *timelineView) Draw(screen tcell.Screen) {
	drawFrame(screen, v.Box, v.HasFocus(), v.theme.Border)
	x, y, w, h := v.GetInnerRect()
	if v.follow || h != v.key.h { // moved, or resized (a pane opened above)
		v.offset = scrollFor(v.offset, v.cur, h, len(v.events)+1)
		v.follow = false
	}
	if k := v.keyFor(w, h); v.cache == nil || k != v.key {
		v.cache, v.key = renderTimeline(v.cache, v.events, v.cur, v.offset, w, h, v.theme), k
	}
	v.cache.drawTo(screen, x, y, w, h)
}

func (v *timelineView) scroll(d int) {
	_, _, _, h := v.GetInnerRect()
	v.offset = max(0, min(v.offset+d, len(v.events)+1-h))
}

func (v *timelineView) InputHandler() func(*tcell.EventKey, func(tview.Primitive)) {
	return v.WrapInputHandler(func(ev *tcell.EventKey, _ func(tview.Primitive)) {
		_, _, _, h := v.GetInnerRect()
		switch {
		case ev.Key() == tcell.KeyDown || ev.Rune() == 'j':
			v.scroll(1)
		case ev.Key() == tcell.KeyUp || ev.Rune() == 'k':
			v.scroll(-1)
		case ev.Key() == tcell.KeyPgDn:
			v.scroll(h)
		case ev.Key() == tcell.KeyPgUp:
			v.scroll(-h)
		case ev.Key() == tcell.KeyHome || ev.Rune() == 'g':
			v.offset = 0
		case ev.Key() == tcell.KeyEnd || ev.Rune() == 'G':
			v.scroll(len(v.events))
		}
	})
}

func (v *timelineView) MouseHandler() func(tview.MouseAction, *tcell.EventMouse, func(tview.Primitive)) (bool, tview.Primitive) {
	return v.WrapMouseHandler(func(action tview.MouseAction, ev *tcell.EventMouse, setFocus func(tview.Primitive)) (bool, tview.Primitive) {
		mx, my := ev.Position()
		if !v.InRect(mx, my) {
			return false, nil
		}
		switch action {
		case tview.MouseLeftClick:
			setFocus(v)
			_, y, _, h := v.GetInnerRect()
			if row := my - y; row >= 0 && row < h {
				if k := v.offset + row; k <= len(v.events) && v.onSelect != nil {
					v.onSelect(k)
				}
			}
			return true, nil
		case tview.MouseScrollDown:
			v.scroll(3)
			return true, nil
		case tview.MouseScrollUp:
			v.scroll(-3)
			return true, nil
		}
		return false, nil
	})
}
