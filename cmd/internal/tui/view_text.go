package tui

import (
	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// textPane is a tview.TextView (the state and lesson panes) that draws
// only when something it shows changed. A TextView re-parses its tagged
// text and fills its background on every draw, then writes over most of
// the fill: half of a full redraw went there. textPane records a draw
// into a grid and copies the grid to the screen until the text, the
// rectangle, the focus or the scroll position changes. It keeps the
// drawing before too: a step back and on again shows the text of the
// step before, and the TextView need not parse it again.
type textPane struct {
	*tview.TextView
	text  string // the text set, to skip setting the same again
	gen   int    // counts changes of the text
	grid  textGrid
	key   textKey
	asked textKey // the key before the draw (a scrolling the TextView clamped)
	valid bool
	// follow, if set, may scroll the pane before it draws, when its size
	// is known (the lesson pane: paneFollow)
	follow func(*textPane)
	drawn  string // the text of grid
	rows   rowMemo
	// typed: a key or the mouse may have scrolled (or asked for the end)
	// since the follow did; the next draws parse the whole text
	typed bool

	old textDrawing // the drawing before grid's
}

// textDrawing is a drawing of the pane kept for later.
type textDrawing struct {
	grid       textGrid
	key, asked textKey
	text       string
	valid      bool
}

// textKey is what a draw of the pane depends on.
type textKey struct {
	gen              int
	x, y, w, h       int
	focus            bool
	row, col         int
	title            string
	screenW, screenH int
}

func newTextPane(title string) *textPane {
	p := &textPane{TextView: tview.NewTextView().SetDynamicColors(true).SetWordWrap(true)}
	p.SetBorder(true).SetTitle(title).SetTitleAlign(tview.AlignLeft)
	return p
}

// setText replaces the text unless it is the same: SetText makes the
// TextView parse it again.
func (p *textPane) setText(s string) {
	if s == p.text && p.gen > 0 {
		return
	}
	p.text = s
	p.gen++
	p.TextView.SetText(s)
}

func (p *textPane) keyFor(screen tcell.Screen) textKey {
	x, y, w, h := p.GetRect()
	row, col := p.GetScrollOffset()
	sw, sh := screen.Size()
	return textKey{gen: p.gen, x: x, y: y, w: w, h: h, focus: p.HasFocus(), row: row, col: col, title: p.GetTitle(), screenW: sw, screenH: sh}
}

func (p *textPane) Draw(screen tcell.Screen) {
	if p.follow != nil {
		p.follow(p)
	}
	k := p.keyFor(screen)
	switch {
	case p.valid && k == p.key:
	case p.valid && k == p.asked:
		// asked again to scroll where the TextView could not: as it
		// would, clamp without drawing
		p.TextView.ScrollTo(p.key.row, p.key.col)
	case p.takeOld(k):
	default:
		p.old, p.grid = textDrawing{p.grid, p.key, p.asked, p.drawn, p.valid}, p.old.grid
		x, y, w, h := p.GetRect()
		p.grid.reset(screen, x, y, w, h)
		p.drawText()
		// the key after the draw: the TextView may clamp its scrolling
		p.key, p.asked, p.valid, p.drawn = p.keyFor(screen), k, true, p.text
	}
	p.grid.drawTo(screen)
}

// takeOld swaps the drawing before in if it shows the same text with key
// k (the text's generation apart). Not after a key or the mouse: the
// TextView may have work to do on its next draw.
func (p *textPane) takeOld(k textKey) bool {
	o := p.old
	o.key.gen, o.asked.gen = k.gen, k.gen
	if !p.valid || !o.valid || (o.key != k && o.asked != k) || o.text != p.text {
		return false
	}
	p.old = textDrawing{p.grid, p.key, p.asked, p.drawn, p.valid}
	p.grid, p.key, p.asked, p.drawn = o.grid, o.key, o.asked, o.text
	p.TextView.ScrollTo(o.key.row, o.key.col)
	return true
}

// InputHandler is the TextView's; a key may scroll (End only sets a
// flag the draw acts on), so the next draw is a real one.
func (p *textPane) InputHandler() func(*tcell.EventKey, func(tview.Primitive)) {
	h := p.TextView.InputHandler()
	return func(ev *tcell.EventKey, setFocus func(tview.Primitive)) {
		p.valid, p.typed = false, true
		h(ev, setFocus)
	}
}

// MouseHandler is the TextView's, focusing the pane rather than the
// TextView inside it; the wheel scrolls, so the next draw is a real one.
func (p *textPane) MouseHandler() func(tview.MouseAction, *tcell.EventMouse, func(tview.Primitive)) (bool, tview.Primitive) {
	h := p.TextView.MouseHandler()
	return func(action tview.MouseAction, ev *tcell.EventMouse, setFocus func(tview.Primitive)) (bool, tview.Primitive) {
		consumed, capture := h(action, ev, func(q tview.Primitive) {
			if q == p.TextView {
				q = p
			}
			setFocus(q)
		})
		if consumed {
			p.valid, p.typed = false, true
		}
		if capture == p.TextView {
			capture = p
		}
		return consumed, capture
	}
}

// textGrid is a tcell.Screen that keeps what is drawn inside a rectangle
// (the last content of each cell) and passes everything else to the real
// screen.
type textGrid struct {
	tcell.Screen
	x, y, w, h int
	cells      []gridCell
}

type gridCell struct {
	s  string
	st tcell.Style
}

func (g *textGrid) reset(screen tcell.Screen, x, y, w, h int) {
	g.Screen, g.x, g.y, g.w, g.h = screen, x, y, max(w, 0), max(h, 0)
	n := g.w * g.h
	if cap(g.cells) < n {
		g.cells = make([]gridCell, n)
	}
	g.cells = g.cells[:n]
	// cells nothing draws keep what the screen has (after the
	// application's Clear: a space in the default style)
	for i := range g.cells {
		g.cells[i] = gridCell{}
	}
}

func (g *textGrid) in(x, y int) bool {
	return x >= g.x && y >= g.y && x < g.x+g.w && y < g.y+g.h
}

func (g *textGrid) SetContent(x, y int, r rune, comb []rune, st tcell.Style) {
	if !g.in(x, y) {
		g.Screen.SetContent(x, y, r, comb, st)
		return
	}
	s := runeString(r)
	if len(comb) > 0 {
		s = string(append([]rune{r}, comb...))
	}
	g.cells[(y-g.y)*g.w+x-g.x] = gridCell{s, st}
}

func (g *textGrid) GetContent(x, y int) (rune, []rune, tcell.Style, int) {
	if !g.in(x, y) {
		return g.Screen.GetContent(x, y)
	}
	c := g.cells[(y-g.y)*g.w+x-g.x]
	if c.s == "" {
		return g.Screen.GetContent(x, y)
	}
	rs := []rune(c.s)
	w := 1
	if !narrow(rs[0]) {
		w = 2
	}
	return rs[0], rs[1:], c.st, w
}

// drawTo copies the recorded cells to screen.
func (g *textGrid) drawTo(screen tcell.Screen) {
	for i, c := range g.cells {
		if c.s != "" {
			screen.Put(g.x+i%g.w, g.y+i/g.w, c.s, c.st)
		}
	}
}
