package tui

import (
	"strings"
	"unicode/utf8"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/uniseg"
)

// canvas is a grid of styled cells that a pure render function fills and
// a widget copies to the screen. Writes outside the grid are clipped.
type canvas struct {
	w, h  int
	cells []cell
}

type cell struct {
	r  rune
	st tcell.Style
}

func newCanvas(w, h int, bg tcell.Style) *canvas {
	w, h = max(w, 0), max(h, 0)
	c := &canvas{w: w, h: h, cells: make([]cell, w*h)}
	for i := range c.cells {
		c.cells[i] = cell{' ', bg}
	}
	return c
}

// reuse is newCanvas(w, h, bg) in the cells of c, which it overwrites,
// when they are enough (c nil: a new one). The views draw a new canvas
// for every step; each was a new grid of 60-100 KB at 100x30, a third
// of the lab's allocations per key and work for the GC.
func reuse(c *canvas, w, h int, bg tcell.Style) *canvas {
	w, h = max(w, 0), max(h, 0)
	if c == nil || cap(c.cells) < w*h {
		return newCanvas(w, h, bg)
	}
	c.w, c.h, c.cells = w, h, c.cells[:w*h]
	for i := range c.cells {
		c.cells[i] = cell{' ', bg}
	}
	return c
}

func (c *canvas) set(x, y int, r rune, st tcell.Style) {
	if x < 0 || y < 0 || x >= c.w || y >= c.h {
		return
	}
	c.cells[y*c.w+x] = cell{r, st}
}

func (c *canvas) at(x, y int) rune {
	if x < 0 || y < 0 || x >= c.w || y >= c.h {
		return 0
	}
	return c.cells[y*c.w+x].r
}

// text writes s from (x, y), at most n cells wide, and returns the number
// of cells written. Wide runes are replaced by '?' to keep one rune per
// cell.
func (c *canvas) text(x, y, n int, s string, st tcell.Style) int {
	i := 0
	for _, r := range s {
		if i >= n {
			break
		}
		if !narrow(r) {
			r = '?'
		}
		c.set(x+i, y, r, st)
		i++
	}
	return i
}

// hline draws r from x0 to x1 inclusive on row y.
func (c *canvas) hline(x0, x1, y int, r rune, st tcell.Style) {
	for x := x0; x <= x1; x++ {
		c.set(x, y, r, st)
	}
}

// row returns row y as a string (for tests).
func (c *canvas) row(y int) string {
	rs := make([]rune, c.w)
	for x := range c.w {
		rs[x] = c.cells[y*c.w+x].r
	}
	return string(rs)
}

// String is the whole canvas, one line per row.
func (c *canvas) String() string {
	s := ""
	for y := range c.h {
		s += c.row(y) + "\n"
	}
	return s
}

// drawTo copies the canvas to screen at (x0, y0), clipped to w×h.
func (c *canvas) drawTo(screen tcell.Screen, x0, y0, w, h int) {
	for y := 0; y < min(h, c.h); y++ {
		for x := 0; x < min(w, c.w); x++ {
			cl := c.cells[y*c.w+x]
			putRune(screen, x0+x, y0+y, cl.r, cl.st)
		}
	}
}

// runeStrings holds the one-rune strings of the runes below
// len(runeStrings) (Latin, punctuation, arrows, box drawing, shapes,
// dingbats: all the lab draws), sliced from one string.
var runeStrings = func() []string {
	const n = 0x2800
	var b strings.Builder
	for r := rune(0); r < n; r++ {
		b.WriteRune(r)
	}
	all := b.String()
	out := make([]string, n)
	i := 0
	for r := rune(0); r < n; r++ {
		w := utf8.RuneLen(r)
		if w < 0 { // surrogates are not in the range; keep it safe
			out[r] = string(utf8.RuneError)
			continue
		}
		out[r] = all[i : i+w]
		i += w
	}
	return out
}()

// runeString is string(r) without allocating for the common runes.
func runeString(r rune) string {
	if r >= 0 && int(r) < len(runeStrings) {
		return runeStrings[r]
	}
	return string(r)
}

// putRune is screen.SetContent(x, y, r, nil, st) without its
// allocations: tcell's SetContent builds a rune slice and a string for
// every cell, which was a third of a full redraw.
func putRune(screen tcell.Screen, x, y int, r rune, st tcell.Style) {
	screen.Put(x, y, runeString(r), st)
}

// truncate shortens s to n cells, marking the cut with '…'.
func truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if uniseg.StringWidth(s) <= n {
		return s
	}
	rs := []rune(s)
	if len(rs) > n-1 {
		rs = rs[:n-1]
	}
	return string(rs) + "…"
}

// narrow reports whether r takes one cell. Latin, box drawing, arrows and
// the geometric shapes the lab uses are; others are measured.
func narrow(r rune) bool {
	if r >= 0x20 && r < 0x1100 || r >= 0x2000 && r < 0x2700 {
		return true
	}
	return uniseg.StringWidth(string(r)) == 1
}
