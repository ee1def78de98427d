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
	fg, bg     map[tcell.Color]string
}

// Dark is the terminal's own colours on black.
var Dark = Palette{Name: "dark", Foreground: "#c0c0c0", Background: "#000000"}

// Light is for a white page (slides on a projector, print): black and
// white swap, and the bright colours of a dark terminal are darkened as
// text and lightened as backgrounds, so that each stays readable.
var Light = Palette{Name: "light", Foreground: "#000000", Background: "#ffffff",
	fg: map[tcell.Color]string{
		tcell.ColorBlack: "#ffffff", tcell.ColorWhite: "#000000", tcell.ColorSilver: "#303030",
		tcell.ColorGray: "#5a5a5a", tcell.ColorYellow: "#8a5a00", tcell.ColorAqua: "#006b7a",
		tcell.ColorTeal: "#005a5a", tcell.ColorLime: "#1a6e1a", tcell.ColorFuchsia: "#8e1a8e",
		tcell.ColorRed: "#b00000", tcell.ColorOlive: "#5a5a00", tcell.ColorSteelBlue: "#1f4e79",
		tcell.ColorNavy: "#000080",
	},
	bg: map[tcell.Color]string{
		tcell.ColorBlack: "#ffffff", tcell.ColorWhite: "#202020", tcell.ColorLime: "#b8ecb8",
		tcell.ColorRed: "#b00000", tcell.ColorYellow: "#ffe27a", tcell.ColorNavy: "#d8e0f4",
	},
}

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
	fg, bg = p.css(f, p.fg, p.Foreground), p.css(b, p.bg, "")
	if attr&tcell.AttrReverse != 0 {
		fg, bg = bg, fg
		if fg == "" {
			fg = p.Background
		}
	}
	if bg == p.Background {
		bg = ""
	}
	return fg, bg
}

func (p Palette) css(c tcell.Color, m map[tcell.Color]string, def string) string {
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
