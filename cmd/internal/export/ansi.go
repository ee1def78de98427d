package export

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"
)

// sgr is the ANSI Select Graphic Rendition sequence that sets st from a
// reset: palette colours as 256-colour indexes (the player's palette, as
// on a terminal), others as 24-bit colour.
func sgr(st tcell.Style) string {
	fg, bg, attr := st.Decompose()
	codes := []string{"0"}
	for _, a := range []struct {
		m tcell.AttrMask
		c string
	}{{tcell.AttrBold, "1"}, {tcell.AttrDim, "2"}, {tcell.AttrItalic, "3"}, {tcell.AttrUnderline, "4"},
		{tcell.AttrBlink, "5"}, {tcell.AttrReverse, "7"}, {tcell.AttrStrikeThrough, "9"}} {
		if attr&a.m != 0 {
			codes = append(codes, a.c)
		}
	}
	if c := colorCode(fg); c != "" {
		codes = append(codes, "38;"+c)
	}
	if c := colorCode(bg); c != "" {
		codes = append(codes, "48;"+c)
	}
	return "\x1b[" + strings.Join(codes, ";") + "m"
}

// colorCode is the SGR colour after 38; or 48;, "" for the default.
func colorCode(c tcell.Color) string {
	switch {
	case !c.Valid():
		return ""
	case c.IsRGB():
		r, g, b := c.RGB()
		return fmt.Sprintf("2;%d;%d;%d", r, g, b)
	case c-tcell.ColorValid < 256:
		return fmt.Sprintf("5;%d", int(c-tcell.ColorValid))
	}
	r, g, b := c.RGB()
	return fmt.Sprintf("2;%d;%d;%d", r, g, b)
}

// paint returns the ANSI output that turns a screen showing prev into
// one showing f: each changed row is redrawn whole, from its first
// column (all rows when prev is nil). The cursor is placed explicitly at
// each row and after each wide rune, so a terminal that measures a rune
// differently loses at most that cell.
func paint(prev *Frame, f Frame) string {
	var b strings.Builder
	for y := range f.H {
		if prev != nil && prev.W == f.W && prev.H == f.H && prev.Row(y) == f.Row(y) && sameStyles(prev, &f, y) {
			continue
		}
		fmt.Fprintf(&b, "\x1b[%d;1H", y+1)
		cur := ""
		for x := 0; x < f.W; x++ {
			c := f.At(x, y)
			if c.Width == 0 {
				continue
			}
			if s := sgr(c.Style); s != cur {
				b.WriteString(s)
				cur = s
			}
			if c.Text == "" {
				b.WriteByte(' ')
			} else {
				b.WriteString(c.Text)
			}
			if c.Width > 1 && x+c.Width < f.W {
				fmt.Fprintf(&b, "\x1b[%d;%dH", y+1, x+c.Width+1)
			}
		}
	}
	if b.Len() > 0 {
		b.WriteString("\x1b[0m")
	}
	return b.String()
}

func sameStyles(a, b *Frame, y int) bool {
	for x := 0; x < a.W; x++ {
		if a.At(x, y).Style != b.At(x, y).Style {
			return false
		}
	}
	return true
}
