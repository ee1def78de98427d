package tui

import (
	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// stack is the root: the lab's screen with overlays (help, the scenario
// menu) drawn over it, the top one holding focus. Unlike tview.Pages it
// does not clear its area first: the application has cleared the screen,
// and the panes fill their own.
type stack struct {
	x, y, w, h int
	layers     []layer
}

type layer struct {
	name string
	p    tview.Primitive
}

func (s *stack) push(name string, p tview.Primitive) {
	p.SetRect(s.x, s.y, s.w, s.h)
	s.layers = append(s.layers, layer{name, p})
}

// pop removes the top layer, never the first.
func (s *stack) pop() {
	if len(s.layers) > 1 {
		s.layers = s.layers[:len(s.layers)-1]
	}
}

func (s *stack) top() layer { return s.layers[len(s.layers)-1] }

func (s *stack) Draw(screen tcell.Screen) {
	for _, l := range s.layers {
		l.p.Draw(screen)
	}
}

func (s *stack) GetRect() (int, int, int, int) { return s.x, s.y, s.w, s.h }

func (s *stack) SetRect(x, y, w, h int) {
	s.x, s.y, s.w, s.h = x, y, w, h
	for _, l := range s.layers {
		l.p.SetRect(x, y, w, h)
	}
}

func (s *stack) InputHandler() func(*tcell.EventKey, func(tview.Primitive)) {
	return s.top().p.InputHandler()
}

func (s *stack) Focus(delegate func(tview.Primitive)) { delegate(s.top().p) }

func (s *stack) HasFocus() bool {
	for _, l := range s.layers {
		if l.p.HasFocus() {
			return true
		}
	}
	return false
}

func (s *stack) Blur() {
	for _, l := range s.layers {
		l.p.Blur()
	}
}

func (s *stack) MouseHandler() func(tview.MouseAction, *tcell.EventMouse, func(tview.Primitive)) (bool, tview.Primitive) {
	return s.top().p.MouseHandler()
}

func (s *stack) PasteHandler() func(string, func(tview.Primitive)) {
	return s.top().p.PasteHandler()
}

var _ tview.Primitive = (*stack)(nil)
