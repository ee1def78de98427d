package export

import (
	"fmt"

	"github.com/gdamore/tcell/v2"
)

// Palette turns the UI's colours into CSS colours for SVG and HTML.
type Palette struct {
	Name       string
	Foreground string // for the default foreground
	Background string // the page, and the default background
	// light turns the dark terminal into a white page (see Light).
	light bool
}

// Dark is the terminal's own colours on black.
var Dark = Palette{Name: "dark", Foreground: "#c0c0c0", Background: "#000000"}

// Light is for a white page (slides on a projector, print). Text on the
// page (the terminal's black) is darkened so that it reads on white; a
// white highlight (the current step, the status bar) becomes a dark one
// with light text; other highlights (accept, drop) keep their colours,
// chosen for contrast already.
var Light = Palette{Name: "light", Foreground: "#000000", Background: "#ffffff", light: true}

// onPage are text colours that read on a white page.
var onPage = map[tcell.Color]string{
	tcell.ColorBlack: "#ffffff", tcell.ColorWhite: "#000000", tcell.ColorSilver: "#303030",
	tcell.ColorGray: "#5a5a5a", tcell.ColorYellow: "#8a5a00", tcell.ColorAqua: "#006b7a",
	tcell.ColorTeal: "#005a5a", tcell.ColorLime: "#1a6e1a", tcell.ColorFuchsia: "#8e1a8e",
	tcell.ColorRed: "#b00000", tcell.ColorOlive: "#5a5a00", tcell.ColorSteelBlue: "#1f4e79",
	tcell.ColorNavy: "#000080",
}

// onDark are text colours that read on the dark highlight.
var onDark = map[tcell.Color]string{tcell.ColorBlack: "#ffffff", tcell.ColorNavy: "#87afff"}

// darkHighlight replaces a white background on the white page.
const darkHighlight = "#202020"

// PaletteFor returns the palette of an export theme: projector is the
// white page.
func PaletteFor(theme string) Palette {
	if theme == "projector" {
		return Light
	}
	return Dark
}

// colors returns the CSS foreground and background of st, reverse video
// applied; bg is "" for the page's own background.
func (p Palette) colors(st tcell.Style) (fg, bg string) {
	f, b, attr := st.Decompose()
	if attr&tcell.AttrReverse != 0 {
		f, b = b, f
		if !f.Valid() {
			f = tcell.ColorBlack
		}
		if !b.Valid() {
			b = tcell.ColorSilver
		}
	}
	page := !b.Valid() || b == tcell.ColorBlack
	switch {
	case !p.light:
		fg = css(f, nil, p.Foreground)
		if !page {
			bg = css(b, nil, "")
		}
	case page:
		fg = css(f, onPage, p.Foreground)
	case b == tcell.ColorWhite:
		fg, bg = css(f, onDark, "#ffffff"), darkHighlight
	default:
		fg, bg = css(f, nil, p.Foreground), css(b, nil, "")
	}
	return fg, bg
}

// css is c as a CSS colour: from m if there, else its own; def if unset.
func css(c tcell.Color, m map[tcell.Color]string, def string) string {
	if !c.Valid() {
		return def
	}
	if s, ok := m[c]; ok {
		return s
	}
	if v := c.Hex(); v >= 0 {
		return fmt.Sprintf("#%06x", v)
	}
	return def
}
