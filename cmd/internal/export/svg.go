package export

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/gdamore/tcell/v2"
)

// The SVG's character cell, in pixels: a monospace font at 14px is about
// 0.6em wide; each run of text is stretched to its exact cell width
// (textLength), so the columns line up whatever monospace font the
// viewer has.
const (
	svgFont  = 14
	svgCellW = 8.4
	svgCellH = 17
)

// WriteSVG writes f as a standalone SVG: a rectangle per run of
// background colour and a text element per run of text style, in the
// generic monospace family (no external fonts), coloured by p.
func WriteSVG(w io.Writer, f Frame, p Palette) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	svgElement(bw, f, p)
	return bw.Flush()
}

// svgElement writes f as one <svg> element (also inline in HTML).
func svgElement(bw *bufio.Writer, f Frame, p Palette) {
	width, height := float64(f.W)*svgCellW, float64(f.H*svgCellH)
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" viewBox="0 0 %g %g">
<rect width="100%%" height="100%%" fill="%s"/>
<g font-family="monospace" font-size="%d" xml:space="preserve">
`, width, height, width, height, p.Background, svgFont)
	for y := range f.H {
		svgBackgrounds(bw, f, y, p)
	}
	for y := range f.H {
		svgTexts(bw, f, y, p)
	}
	bw.WriteString("</g>\n</svg>\n")
}

// run is a stretch of cells [x0, x1) of one row with the same key.
type run struct {
	x0, x1 int
	key    string
	style  tcell.Style
	text   strings.Builder
}

// runs splits row y of f where key changes.
func runs(f Frame, y int, key func(Cell) string) []*run {
	var out []*run
	for x := 0; x < f.W; x++ {
		c := f.At(x, y)
		if c.Width == 0 {
			if len(out) > 0 {
				out[len(out)-1].x1 = x + 1
			}
			continue
		}
		k := key(c)
		if len(out) == 0 || out[len(out)-1].key != k {
			out = append(out, &run{x0: x, key: k, style: c.Style})
		}
		r := out[len(out)-1]
		r.x1 = x + 1
		if c.Text == "" {
			r.text.WriteByte(' ')
		} else {
			r.text.WriteString(c.Text)
		}
	}
	return out
}

func svgBackgrounds(w io.Writer, f Frame, y int, p Palette) {
	for _, r := range runs(f, y, func(c Cell) string { _, bg := p.colors(c.Style); return bg }) {
		if r.key == "" {
			continue
		}
		fmt.Fprintf(w, `<rect x="%g" y="%d" width="%g" height="%d" fill="%s"/>`+"\n",
			float64(r.x0)*svgCellW, y*svgCellH, float64(r.x1-r.x0)*svgCellW, svgCellH, r.key)
	}
}

func svgTexts(w io.Writer, f Frame, y int, p Palette) {
	key := func(c Cell) string {
		fg, _ := p.colors(c.Style)
		return fg + textAttrs(c.Style)
	}
	for _, r := range runs(f, y, key) {
		// blanks around a run need no glyphs: trim them, one cell each
		text := r.text.String()
		lead := len(text) - len(strings.TrimLeft(text, " "))
		trail := len(text) - len(strings.TrimRight(text, " "))
		text = strings.Trim(text, " ")
		if text == "" {
			continue
		}
		r.x0, r.x1 = r.x0+lead, r.x1-trail
		fg, _ := p.colors(r.style)
		fmt.Fprintf(w, `<text x="%g" y="%g" textLength="%g" lengthAdjust="spacingAndGlyphs" fill="%s"%s>`,
			float64(r.x0)*svgCellW, float64(y*svgCellH)+svgFont, float64(r.x1-r.x0)*svgCellW, fg, textAttrs(r.style))
		xml.EscapeText(w, []byte(text))
		io.WriteString(w, "</text>\n")
	}
}

// textAttrs are the SVG attributes of st's bold, dim, italic, underline
// and strike-through.
func textAttrs(st tcell.Style) string {
	_, _, attr := st.Decompose()
	var b strings.Builder
	if attr&tcell.AttrBold != 0 {
		b.WriteString(` font-weight="bold"`)
	}
	if attr&tcell.AttrDim != 0 {
		b.WriteString(` fill-opacity="0.6"`)
	}
	if attr&tcell.AttrItalic != 0 {
		b.WriteString(` font-style="italic"`)
	}
	switch {
	case attr&tcell.AttrUnderline != 0:
		b.WriteString(` text-decoration="underline"`)
	case attr&tcell.AttrStrikeThrough != 0:
		b.WriteString(` text-decoration="line-through"`)
	}
	return b.String()
}
