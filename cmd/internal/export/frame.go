package export

import (
	"strings"

	"github.com/gdamore/tcell/v2"
)

// Cell is one cell of a frame: its text (a rune and its combining marks),
// style, and width (2 for a wide rune, whose next cell has width 0).
type Cell struct {
	Text  string
	Style tcell.Style
	Width int
}

// Frame is the whole screen as the UI drew it once.
type Frame struct {
	W, H  int
	Cells []Cell // row by row
}

// At returns the cell at column x, row y.
func (f Frame) At(x, y int) Cell { return f.Cells[y*f.W+x] }

// Row returns row y as text: a wide rune once, blanks for empty cells.
func (f Frame) Row(y int) string {
	var b strings.Builder
	for x := 0; x < f.W; x++ {
		c := f.At(x, y)
		switch {
		case c.Width == 0:
		case c.Text == "":
			b.WriteByte(' ')
		default:
			b.WriteString(c.Text)
		}
	}
	return b.String()
}

// Text is the frame as text, one line per row.
func (f Frame) Text() string {
	var b strings.Builder
	for y := range f.H {
		b.WriteString(f.Row(y))
		b.WriteByte('\n')
	}
	return b.String()
}

// Crop returns rows [y0, y1) of f.
func (f Frame) Crop(y0, y1 int) Frame {
	y0, y1 = max(0, y0), min(f.H, y1)
	return Frame{W: f.W, H: y1 - y0, Cells: f.Cells[y0*f.W : y1*f.W]}
}

// grab reads the cells s holds to draw (its back buffer: what the UI drew
// last). A cell covered by a wide rune on its left gets width 0.
func grab(s tcell.Screen) Frame {
	w, h := s.Size()
	f := Frame{W: w, H: h, Cells: make([]Cell, w*h)}
	for y := range h {
		for x := 0; x < w; x++ {
			mainc, comb, st, width := s.GetContent(x, y)
			text := ""
			if mainc != 0 {
				text = string(append([]rune{mainc}, comb...))
			}
			width = max(1, width)
			f.Cells[y*w+x] = Cell{Text: text, Style: st, Width: width}
			for i := 1; i < width && x+i < w; i++ {
				f.Cells[y*w+x+i] = Cell{Style: st}
			}
			x += width - 1
		}
	}
	return f
}
