package classroom

import (
	"io"
	"os"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/gdamore/tcell/v2/terminfo"
)

// termWriter writes a student's frames to their terminal itself: only the
// cells given, encoded for the terminal's TERM the way tcell's terminal
// screen encodes them (tscreen.go: draw, drawCell, sendFgBg, showCursor),
// in one write, inside synchronized output where tcell uses it. tcell's
// Show walks every cell of its buffer to find the few that changed (28 %
// of the classroom server's CPU); the diffScreen already knows them.
//
// It encodes what the labs draw: colours (downgraded to the terminal's
// colours, or to reverse video on a terminal without colours, as tcell
// does), bold, dim, italic, underline, reverse, blink, strike-through,
// wide runes and graphemes, the cursor. Not sent: the extras tcell
// hard-codes for xterms rather than takes from terminfo. A style with
// underline colours, curly or dotted underlines or a hyperlink makes the
// diffScreen leave frames to tcell (see encodable); the cursor's shape
// and colour, which the labs never set, are not sent (tcell resets the
// shape, ESC [0 q, whenever it shows the cursor). Text goes out as
// UTF-8: for another character set the diffScreen leaves frames to tcell
// too (see newTermWriter).
type termWriter struct {
	ti        *terminfo.Terminfo
	out       io.Writer
	colors    int           // tcell's Colors(): 0 is a monochrome terminal
	truecolor bool          // RGB colours are sent as they are
	palette   []tcell.Color // the terminal's colours, to fit others to
	fitted    map[tcell.Color]tcell.Color
	seqs      map[tcell.Style]string // styles encoded
	xterm     bool                   // tcell's XTermLike: synchronized output
	bottom    bool                   // the last cell needs tcell's insert-character trick
	w, h      int                    // the frame's size
	buf       []byte                 // the frame being encoded
	cx, cy    int                    // where the terminal's cursor is, -1 if not known
	def       tcell.Style            // what the default style shows as
	pen       tcell.Style
	penKnown  bool // pen is the terminal's style
}

// newTermWriter is a writer to out for the terminal ti describes, or nil
// if frames should stay with tcell: a character set other than UTF-8
// (tcell then transliterates, with its private fallbacks).
func newTermWriter(out io.Writer, ti *terminfo.Terminfo, charset string) *termWriter {
	if cs := strings.ToLower(charset); cs != "utf-8" && cs != "utf8" {
		return nil
	}
	// The colours as tcell's Init and Colors decide them, from the same
	// terminfo (LookupTerminfo has added RGB for COLORTERM) and variables.
	truecolor := (ti.SetFgBgRGB != "" || ti.SetFgRGB != "" || ti.SetBgRGB != "") &&
		os.Getenv("TCELL_TRUECOLOR") != "disable"
	colors, n := ti.Colors, min(ti.Colors, 256)
	switch {
	case os.Getenv("NO_COLOR") != "":
		colors, n = 0, 0
	case truecolor:
		colors = 1 << 24
	}
	t := &termWriter{ti: ti, out: out, colors: colors, truecolor: truecolor,
		fitted: map[tcell.Color]tcell.Color{}, seqs: map[tcell.Style]string{},
		xterm:  ti.XTermLike || strings.HasPrefix(ti.Name, "xterm"),
		bottom: ti.AutoMargin && ti.DisableAutoMargin == "" && ti.InsertChar != ""}
	for i := range n {
		t.palette = append(t.palette, tcell.Color(i)|tcell.ColorValid)
		t.fitted[tcell.Color(i)|tcell.ColorValid] = tcell.Color(i) | tcell.ColorValid
	}
	return t
}

// encodable reports whether the writer sends st as tcell would (see
// termWriter).
func (t *termWriter) encodable(st tcell.Style) bool {
	if st.Url("") != st {
		return false
	}
	if !t.xterm { // tcell sends a plain underline for every kind
		return true
	}
	us, uc := st.GetUnderlineStyle(), st.GetUnderlineColor()
	return us == tcell.UnderlineStyleNone ||
		us == tcell.UnderlineStyleSolid && uc != tcell.ColorReset && !uc.Valid()
}

// puts adds a terminfo string; its padding ($<5>) is dropped: tcell
// waits for it instead of sending anything, and a frame goes out whole.
func (t *termWriter) puts(s string) {
	for {
		i := strings.Index(s, "$<")
		if i < 0 {
			t.buf = append(t.buf, s...)
			return
		}
		t.buf = append(t.buf, s[:i]...)
		s = s[i+2:]
		j := strings.IndexByte(s, '>')
		if j < 0 {
			t.buf = append(t.buf, "$<"+s...)
			return
		}
		s = s[j+1:]
	}
}

// begin starts a frame of w x h cells, where a cell of the default style
// shows in style def (the screen's); the cursor is hidden while it is
// drawn. Nothing is assumed of the terminal's cursor or style.
func (t *termWriter) begin(w, h int, def tcell.Style) {
	t.w, t.h, t.def = w, h, def
	t.buf, t.cx, t.cy, t.penKnown = t.buf[:0], -1, -1, false
	if t.xterm {
		t.buf = append(t.buf, startSync...)
	}
	t.hideCursor()
}

func (t *termWriter) hideCursor() {
	if t.ti.HideCursor != "" {
		t.puts(t.ti.HideCursor)
		return
	}
	t.cx, t.cy = t.w, t.h // no way to hide it: out of the way
	t.puts(t.ti.TGoto(t.cx, t.cy))
}

// clear clears the screen to style st (the screen's style), as tcell's
// Sync does before drawing every cell.
func (t *termWriter) clear(st tcell.Style) {
	t.puts(t.ti.AttrOff)
	fg, bg, _ := st.Decompose()
	t.fgBg(fg, bg, tcell.AttrNone)
	t.puts(t.ti.Clear)
}

// end shows the cursor at c (or leaves it hidden) and writes the frame.
func (t *termWriter) end(c cursorAt) error {
	if c.on && c.x >= 0 && c.y >= 0 && c.x < t.w && c.y < t.h {
		t.puts(t.ti.TGoto(c.x, c.y))
		t.puts(t.ti.ShowCursor)
		t.cx, t.cy = c.x, c.y
	} else {
		t.hideCursor()
	}
	if t.xterm {
		t.buf = append(t.buf, endSync...)
	}
	_, err := t.out.Write(t.buf)
	if cap(t.buf) > 1<<16 {
		t.buf = nil // a whole frame of a large screen: not kept
	}
	return err
}

// moveTo puts the cursor at x, y unless it is there.
func (t *termWriter) moveTo(x, y int) {
	if t.cx != x || t.cy != y {
		t.puts(t.ti.TGoto(x, y))
		t.cx, t.cy = x, y
	}
}

// cell writes str, of width cells, at x, y in style st; it returns the
// width it took (1 for a wide rune that does not fit).
func (t *termWriter) cell(x, y int, str string, width int, st tcell.Style) int {
	t.moveTo(x, y)
	t.style(st)
	width = max(width, 1)
	if x > t.w-width { // too wide to fit: a space instead
		width, str = 1, " "
	}
	if width > 1 && x+width < t.w {
		// as tcell: clear the next cell first, for terminals that leave
		// the image of an overwritten half
		t.buf = append(t.buf, "  \b\b"...)
	}
	t.buf = append(t.buf, str...)
	t.cx += width
	if width > 1 {
		t.cx = -1
	}
	return width
}

// lastCell writes the bottom right cell on a terminal that would scroll
// if it were written there (tcell's trick): it is written one to the
// left, and shifted into place by inserting the cell before it, which is
// then written again.
func (t *termWriter) lastCell(str string, width int, st tcell.Style, before string, bw int, bst tcell.Style) {
	x, y := t.w-1, t.h-1
	t.cx = -1
	t.moveTo(x-1, y)
	t.style(st)
	if width > 1 {
		str = " "
	}
	t.buf = append(t.buf, str...)
	t.puts(t.ti.TGoto(x-1, y))
	t.puts(t.ti.InsertChar)
	t.cx, t.cy = x-1, y
	t.cell(x-1, y, before, bw, bst)
	t.puts(t.ti.TGoto(0, 0))
	t.cx, t.cy = 0, 0
}
