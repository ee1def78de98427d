package tui

import (
	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// networkView draws the network diagram of the scene it is given.
type networkView struct {
	*tview.Box
	scene netScene
	// the last rendering, by width and rows at most: beforeDraw
	// measures and Draw draws the same canvas
	cache          *canvas
	cacheW, cacheH int
	spare          *canvas // the cache of the scene before: its cells are reused
	drawn          drawnAt // where and how tall the last draw was (fits)
}

// drawnAt is a draw of the view: its rectangle, the screen's size and
// the diagram's rows.
type drawnAt struct {
	x, y, w, h, screenW, screenH, rows int
}

// fits reports whether the view can draw the diagram now where it last
// drew: same screen size, same rectangle, and as many rows (the layout
// would give it the same place).
func (v *networkView) fits(screen tcell.Screen) bool {
	x, y, w, h := v.GetRect()
	sw, sh := screen.Size()
	ix, _, iw, ih := v.GetInnerRect()
	if iw <= 0 || ix != x+1 {
		return false
	}
	return v.drawn == drawnAt{x, y, w, h, sw, sh, v.render(iw, ih).h}
}

// setScene changes what the view shows.
func (v *networkView) setScene(s netScene) {
	if v.cache != nil {
		v.spare = v.cache
	}
	v.scene, v.cache = s, nil
}

// render draws the scene w cells wide in at most maxH rows (see
// fitNetwork). A diagram fitted in more rows than it took is also the
// fit for any rows between (TestFitStable): beforeDraw measures in the
// rows there are, Draw draws in the rows the diagram took, and one fit
// serves both.
func (v *networkView) render(w, maxH int) *canvas {
	keep := v.cache != nil && v.cacheW == w &&
		(v.cacheH == maxH || v.cache.h <= maxH && maxH <= v.cacheH)
	if !keep {
		into := v.cache
		if into == nil {
			into, v.spare = v.spare, nil
		}
		v.cache, v.cacheW, v.cacheH = fitNetworkIn(into, v.scene, w, maxH), w, maxH
	}
	return v.cache
}

func newNetworkView() *networkView {
	v := &networkView{Box: tview.NewBox()}
	v.Box.SetBorder(true).SetTitle(" network ").SetTitleAlign(tview.AlignLeft)
	return v
}

// height is the rows the view needs (borders included) at width w, in
// at most maxH rows.
func (v *networkView) height(w, maxH int) int {
	return v.render(max(w-2, 1), max(maxH-2, 1)).h + 2
}

func (v *networkView) Draw(screen tcell.Screen) {
	drawFrame(screen, v.Box, v.HasFocus(), v.scene.theme.Border)
	x, y, w, h := v.GetInnerRect()
	if w <= 0 || h <= 0 {
		return
	}
	c := v.render(w, h)
	rx, ry, rw, rh := v.GetRect()
	sw, sh := screen.Size()
	v.drawn = drawnAt{rx, ry, rw, rh, sw, sh, c.h}
	if c.h < h {
		// below the diagram, the background
		for yy := y + c.h; yy < y+h; yy++ {
			for xx := x; xx < x+w; xx++ {
				putRune(screen, xx, yy, ' ', v.scene.theme.Base)
			}
		}
	}
	if c.h > h {
		// keep the explanation line visible: it says what the step did
		last := c.h - 1
		c.drawTo(screen, x, y, w, h-1)
		for xx := 0; xx < w; xx++ {
			cl := c.cells[last*c.w+xx]
			putRune(screen, x+xx, y+h-1, cl.r, cl.st)
		}
		return
	}
	c.drawTo(screen, x, y, w, h)
}
