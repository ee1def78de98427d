package classroom

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// vt is a model of a terminal, enough to read the screen a stream of
// bytes from tcell (or from the termWriter) leaves: cursor positioning,
// clearing, inserting a cell, backspace, SGR colours (8, 16, 256 and RGB)
// and attributes, cursor visibility, UTF-8 text in grapheme clusters,
// wide runes (writing over half of one blanks the other half). Other
// sequences (modes, charsets, titles) are read and ignored; there is no
// scrolling or wrapping (tcell turns wrapping off, and never writes past
// a row's end).
type vt struct {
	w, h    int
	cells   []vtCell
	x, y    int
	pen     vtPen
	visible bool   // the cursor
	esc     []byte // an escape sequence not finished yet
	pending []byte // text not yet placed (a cluster may go on)
	printed int    // clusters written
}

// vtCell is a cell: its text ("" for the right half of a wide rune) and
// pen.
type vtCell struct {
	s   string
	pen vtPen
}

// vtPen is a style as a terminal holds it: colours as "" (the default),
// "i<n>" (palette) or "#rrggbb".
type vtPen struct {
	fg, bg                                  string
	bold, dim, italic, ul, blink, rev, strk bool
}

func newVT(w, h int) *vt {
	v := &vt{w: w, h: h, visible: true}
	v.resize(w, h)
	return v
}

// resize is a window change: the cells kept where they fit.
func (v *vt) resize(w, h int) {
	cells := make([]vtCell, w*h)
	for i := range cells {
		cells[i] = vtCell{s: " "}
		if x, y := i%w, i/w; x < v.w && y < v.h && v.cells != nil {
			cells[i] = v.cells[y*v.w+x]
		}
	}
	v.w, v.h, v.cells = w, h, cells
	v.x, v.y = min(v.x, w-1), min(v.y, h-1)
}

func (v *vt) write(p []byte) {
	for _, b := range p {
		switch {
		case len(v.esc) > 0 || b == 0x1b:
			v.flush()
			v.esc = append(v.esc, b)
			if vtEscDone(v.esc) {
				v.escape(string(v.esc))
				v.esc = v.esc[:0]
			}
		case b == '\b':
			v.flush()
			v.x = max(v.x-1, 0)
		case b < 0x20 || b == 0x7f:
			v.flush() // SI, SO, NUL padding
		default:
			v.pending = append(v.pending, b)
		}
	}
	v.flush()
}

// flush places the text written so far, cluster by cluster.
func (v *vt) flush() {
	s := string(v.pending)
	v.pending = v.pending[:0]
	if n := len(s); n > 0 && !utf8.FullRuneInString(s[lastRuneStart(s):]) {
		v.pending, s = append(v.pending, s[lastRuneStart(s):]...), s[:lastRuneStart(s)]
	}
	state := -1
	for s != "" {
		var cl string
		var width int
		cl, s, width, state = uniseg.FirstGraphemeClusterInString(s, state)
		v.put(cl, width)
	}
}

func lastRuneStart(s string) int {
	i := len(s) - 1
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// put writes cluster cl of width cells at the cursor.
func (v *vt) put(cl string, width int) {
	v.printed++
	if width == 0 { // joins the cell before
		if i := v.y*v.w + v.x - 1; v.x > 0 {
			v.cells[i].s += cl
		}
		return
	}
	x := min(v.x, v.w-width)
	v.unhalve(x)
	if width > 1 {
		v.unhalve(x + 1)
		v.cells[v.y*v.w+x+1] = vtCell{pen: v.pen}
	}
	v.cells[v.y*v.w+x] = vtCell{s: cl, pen: v.pen}
	v.x = x + width
}

// unhalve blanks the other half of a wide rune that cell x is part of.
func (v *vt) unhalve(x int) {
	row := v.cells[v.y*v.w : (v.y+1)*v.w]
	if row[x].s == "" && x > 0 {
		row[x-1].s = " "
	}
	if x+1 < v.w && row[x+1].s == "" {
		row[x+1].s = " "
	}
}

// vtEscDone reports whether e is a whole sequence: CSI, OSC (to BEL or
// ST), a charset choice, or ESC and one character.
func vtEscDone(e []byte) bool {
	if len(e) < 2 {
		return false
	}
	switch last := e[len(e)-1]; e[1] {
	case '[':
		return len(e) > 2 && last >= 0x40 && last <= 0x7e
	case ']':
		return last == 0x07 || len(e) > 3 && e[len(e)-2] == 0x1b && last == '\\'
	case '(', ')', '*', '+':
		return len(e) == 3
	}
	return true
}

func (v *vt) escape(e string) {
	if len(e) < 3 || e[1] != '[' {
		return
	}
	params, final := e[2:len(e)-1], e[len(e)-1]
	switch final {
	case 'H', 'f':
		f := strings.Split(params, ";")
		v.y = min(max(vtNum(f, 0, 1)-1, 0), v.h-1)
		v.x = min(max(vtNum(f, 1, 1)-1, 0), v.w-1)
	case 'J': // to the end of the screen, or (2) all of it
		from := v.y*v.w + v.x
		if params == "2" {
			from = 0
		}
		for i := from; i < len(v.cells); i++ {
			v.cells[i] = vtCell{s: " ", pen: vtPen{bg: v.pen.bg}}
		}
	case '@':
		row := v.cells[v.y*v.w : (v.y+1)*v.w]
		copy(row[v.x+1:], row[v.x:])
		row[v.x] = vtCell{s: " ", pen: vtPen{bg: v.pen.bg}}
	case 'h', 'l':
		if params == "?25" {
			v.visible = final == 'h'
		}
	case 'm':
		v.sgr(strings.Split(params, ";"))
	}
}

func vtNum(f []string, i, def int) int {
	if i >= len(f) || f[i] == "" {
		return def
	}
	n, err := strconv.Atoi(f[i])
	if err != nil {
		return def
	}
	return n
}

// sgr sets the pen.
func (v *vt) sgr(f []string) {
	p := &v.pen
	for i := 0; i < len(f); i++ {
		switch n := vtNum(f, i, 0); {
		case n == 0:
			*p = vtPen{}
		case n == 1, n == 2, n == 3, n == 4, n == 5, n == 7, n == 9:
			*map[int]*bool{1: &p.bold, 2: &p.dim, 3: &p.italic, 4: &p.ul, 5: &p.blink, 7: &p.rev, 9: &p.strk}[n] = true
		case n >= 30 && n <= 37, n >= 40 && n <= 47:
			*vtColour(p, n/10 == 3) = fmt.Sprintf("i%d", n%10)
		case n >= 90 && n <= 97, n >= 100 && n <= 107:
			*vtColour(p, n/10 == 9) = fmt.Sprintf("i%d", n%10+8)
		case n == 39, n == 49:
			*vtColour(p, n == 39) = ""
		case (n == 38 || n == 48) && vtNum(f, i+1, 0) == 5:
			*vtColour(p, n == 38) = fmt.Sprintf("i%d", vtNum(f, i+2, 0))
			i += 2
		case (n == 38 || n == 48) && vtNum(f, i+1, 0) == 2:
			*vtColour(p, n == 38) = fmt.Sprintf("#%02x%02x%02x", vtNum(f, i+2, 0), vtNum(f, i+3, 0), vtNum(f, i+4, 0))
			i += 4
		}
	}
}

func vtColour(p *vtPen, fg bool) *string {
	if fg {
		return &p.fg
	}
	return &p.bg
}

// diff says where the screens of v and o differ, "" if nowhere.
func (v *vt) diff(o *vt) string {
	if v.w != o.w || v.h != o.h {
		return fmt.Sprintf("size %dx%d, want %dx%d", v.w, v.h, o.w, o.h)
	}
	for i, c := range v.cells {
		if c != o.cells[i] {
			return fmt.Sprintf("cell (%d,%d): %q %+v, want %q %+v", i%v.w, i/v.w, c.s, c.pen, o.cells[i].s, o.cells[i].pen)
		}
	}
	if v.visible != o.visible || v.visible && (v.x != o.x || v.y != o.y) {
		return fmt.Sprintf("cursor at (%d,%d) shown %v, want (%d,%d) shown %v", v.x, v.y, v.visible, o.x, o.y, o.visible)
	}
	return ""
}

// text is the screen's text, a line per row.
func (v *vt) text() string {
	var b strings.Builder
	for i, c := range v.cells {
		b.WriteString(c.s)
		if i%v.w == v.w-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
