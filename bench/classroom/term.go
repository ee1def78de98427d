package main

import (
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// term is the little of a terminal a student needs to read its screen:
// the text of each cell. It follows what tcell sends an xterm: cursor
// positioning (CSI row;col H), clearing (CSI 2J) and printable text; any
// other escape sequence (colours, modes, titles) is skipped. A frame that
// changed a few cells arrives as those cells only, so the screen can only
// be read from such a model, not from the bytes of one write.
type term struct {
	w, h    int
	cells   []rune
	x, y    int
	changes int    // cells written with another rune than they had
	esc     []byte // an escape sequence not finished yet
	part    []byte // the start of a UTF-8 rune cut by the write's end
}

func newTerm(w, h int) *term {
	t := &term{w: w, h: h, cells: make([]rune, w*h)}
	t.clear()
	return t
}

func (t *term) clear() {
	for i := range t.cells {
		t.cells[i] = ' '
	}
}

// write feeds the terminal what the server sent.
func (t *term) write(p []byte) {
	if len(t.part) > 0 {
		p = append(t.part, p...)
		t.part = nil
	}
	for i := 0; i < len(p); {
		b := p[i]
		switch {
		case len(t.esc) > 0 || b == 0x1b:
			t.esc = append(t.esc, b)
			if t.escDone() {
				t.escape(t.esc)
				t.esc = t.esc[:0]
			}
			i++
		case b == '\r':
			t.x, i = 0, i+1
		case b == '\n':
			t.y, i = min(t.y+1, t.h-1), i+1
		case b == '\b':
			t.x, i = max(t.x-1, 0), i+1
		case b < 0x20 || b == 0x7f:
			i++
		default:
			if !utf8.FullRune(p[i:]) {
				t.part = append([]byte(nil), p[i:]...)
				return
			}
			r, n := utf8.DecodeRune(p[i:])
			t.put(r)
			i += n
		}
	}
}

func (t *term) put(r rune) {
	if t.x < t.w && t.y < t.h && t.cells[t.y*t.w+t.x] != r {
		t.cells[t.y*t.w+t.x] = r
		t.changes++
	}
	t.x += max(1, uniseg.StringWidth(string(r)))
}

// escDone reports whether t.esc holds a whole sequence: CSI (ESC [
// parameters final), OSC (ESC ] ... BEL or ESC \), a charset choice
// (ESC ( X) or ESC and one character.
func (t *term) escDone() bool {
	e := t.esc
	if len(e) < 2 {
		return false
	}
	switch e[1] {
	case '[':
		last := e[len(e)-1]
		return len(e) > 2 && last >= 0x40 && last <= 0x7e
	case ']':
		return e[len(e)-1] == 0x07 || len(e) > 3 && e[len(e)-2] == 0x1b && e[len(e)-1] == '\\'
	case '(', ')', '*', '+':
		return len(e) == 3
	}
	return true
}

// escape acts on the sequences that move the cursor or clear.
func (t *term) escape(e []byte) {
	if len(e) < 3 || e[1] != '[' {
		return
	}
	params, final := string(e[2:len(e)-1]), e[len(e)-1]
	switch final {
	case 'H', 'f':
		row, col := 1, 1
		if f := strings.Split(params, ";"); params != "" {
			row = atoiOr(f[0], 1)
			if len(f) > 1 {
				col = atoiOr(f[1], 1)
			}
		}
		t.y, t.x = min(max(row-1, 0), t.h-1), min(max(col-1, 0), t.w-1)
	case 'J':
		if params == "2" {
			t.clear()
			t.changes++
		}
	}
}

func atoiOr(s string, def int) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return def
		}
		n = n*10 + int(c-'0')
	}
	if s == "" {
		return def
	}
	return n
}

// row is the text of row y.
func (t *term) row(y int) string { return string(t.cells[y*t.w : (y+1)*t.w]) }

// text is the whole screen, a line per row.
func (t *term) text() string {
	var b strings.Builder
	for y := range t.h {
		b.WriteString(t.row(y))
		b.WriteByte('\n')
	}
	return b.String()
}
