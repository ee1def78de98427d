package classroom

import (
	"io"
	"unicode/utf8"

	"github.com/gdamore/tcell/v2"
	"github.com/gdamore/tcell/v2/terminfo"
	"github.com/rivo/uniseg"
)

// diffScreen is a student's terminal screen that sends only the cells a
// frame changed. tview clears the screen before every frame and draws
// every cell again; tcell's cell buffer then marks every cell written
// since the clear as changed (CellBuffer.Put forgets what was shown), so
// each frame, even one that changes a digit, went out whole: the text
// of every pane, encoded, encrypted and sent over SSH. diffScreen keeps
// the frame being drawn in its own grid and, on Show, passes to the
// terminal screen only the cells that differ from the frame before; the
// terminal screen, never cleared, compares them with what it showed and
// sends those that really changed. A frame that changed nothing is not
// shown at all.
//
// On a student's terminal (newTermScreen) the diffScreen writes the
// changed cells to the terminal itself (termWriter) instead of passing
// them to tcell and calling its Show, which walks every cell of its own
// buffer again to find them. tcell's screen keeps the input, the window
// changes and the terminal's set-up and restoring.
//
// The grid is small and holds no pointers (a rune and a style's number
// per cell): a frame writes every cell of it.
//
// Its drawing methods run on the lab's UI goroutine, where tview draws.
type diffScreen struct {
	tcell.Screen
	w, h  int
	style tcell.Style // the screen's style: what the default style shows as (SetStyle)
	cur   []dcell     // the frame being drawn
	prev  []dcell     // the frame last passed on
	valid bool        // prev is what the terminal screen holds

	styles    []tcell.Style // the styles met, by number
	styleNum  map[tcell.Style]int32
	none      []bool // styles[i] has a colour ColorNone (the cell's stays)
	last      tcell.Style
	lastNum   int32    // the number of last, or -1
	graphemes []string // the graphemes of more than one rune, by number
	gNum      map[string]rune
	widths    map[rune]int // the widths of the runes measured

	cursor, shown cursorAt // the cursor drawn, and the one last shown
	drawn         func()   // if set, called on Show: the keys so far are drawn

	out    io.Writer          // the terminal, for newTermScreen
	ti     *terminfo.Terminfo // its description
	tw     *termWriter        // writes the frames, if not nil (from Init)
	resync bool               // tcell's screen must be redrawn whole
	gWidth []int              // the widths of graphemes, by number
}

// dcell is a cell: a rune (or, if negative, -1-n for graphemes[n]) and a
// style's number.
type dcell struct {
	r  rune
	st int32
}

type cursorAt struct {
	x, y int
	on   bool
}

// maxStyles bounds the styles and graphemes remembered; past it the
// screen starts over (a whole frame).
const maxStyles = 1 << 14

func newDiffScreen(s tcell.Screen) *diffScreen {
	d := &diffScreen{Screen: s}
	d.forget()
	return d
}

// newTermScreen is a diffScreen over ts, tcell's screen for the terminal
// ti describes, that writes its frames to out (ts's Tty) itself.
func newTermScreen(ts tcell.Screen, out io.Writer, ti *terminfo.Terminfo) *diffScreen {
	d := newDiffScreen(ts)
	d.out, d.ti = out, ti
	return d
}

// forget drops the styles and graphemes met, and the frame shown.
func (d *diffScreen) forget() {
	d.styles, d.none, d.styleNum, d.lastNum = nil, nil, map[tcell.Style]int32{}, -1
	d.graphemes, d.gNum, d.widths, d.gWidth = nil, map[string]rune{}, map[rune]int{}, nil
	d.cur, d.valid = nil, false
}

// num is the number of style st.
func (d *diffScreen) num(st tcell.Style) int32 {
	if d.lastNum >= 0 && st == d.last {
		return d.lastNum
	}
	n, ok := d.styleNum[st]
	if !ok {
		n = int32(len(d.styles))
		if d.tw != nil && !d.tw.encodable(st) { // tcell's screen draws from now on
			d.tw, d.valid, d.resync = nil, false, true
		}
		fg, bg, _ := st.Decompose()
		d.styles = append(d.styles, st)
		d.none = append(d.none, fg == tcell.ColorNone || bg == tcell.ColorNone)
		d.styleNum[st] = n
	}
	d.last, d.lastNum = st, n
	return n
}

// styled is the number of st written over a cell of style was: a
// ColorNone keeps the cell's colour, as tcell's cell buffer does.
func (d *diffScreen) styled(st tcell.Style, was int32) int32 {
	n := d.num(st)
	if !d.none[n] {
		return n
	}
	fg, bg, _ := st.Decompose()
	ofg, obg, _ := d.styles[was].Decompose()
	if fg == tcell.ColorNone {
		st = st.Foreground(ofg)
	}
	if bg == tcell.ColorNone {
		st = st.Background(obg)
	}
	return d.num(st)
}

// fit sizes the grids to the terminal screen; a new size starts over.
func (d *diffScreen) fit() {
	w, h := d.Screen.Size()
	if w == d.w && h == d.h && d.cur != nil {
		return
	}
	if len(d.styles) > maxStyles || len(d.graphemes) > maxStyles {
		d.forget()
	}
	d.w, d.h = w, h
	d.cur, d.prev = make([]dcell, w*h), make([]dcell, w*h)
	d.valid = false
	st := d.num(tcell.StyleDefault) // as a new cell buffer, and Clear
	for i := range d.cur {
		d.cur[i] = dcell{r: ' ', st: st}
	}
}

func (d *diffScreen) Clear() { d.Fill(' ', tcell.StyleDefault) }

func (d *diffScreen) Fill(r rune, st tcell.Style) {
	d.fit()
	n := d.num(st)
	for i := range d.cur {
		c := &d.cur[i]
		if d.none[n] {
			*c = dcell{r: r, st: d.styled(st, c.st)}
		} else {
			*c = dcell{r: r, st: n}
		}
	}
}

func (d *diffScreen) SetStyle(st tcell.Style) {
	d.style = st
	d.Screen.SetStyle(st)
}

func (d *diffScreen) at(x, y int) *dcell {
	if d.cur == nil {
		d.fit()
	}
	if x < 0 || y < 0 || x >= d.w || y >= d.h {
		return nil
	}
	return &d.cur[y*d.w+x]
}

// grapheme is the cell value of g, a grapheme of several runes.
func (d *diffScreen) grapheme(g string) rune {
	n, ok := d.gNum[g]
	if !ok {
		n = rune(len(d.graphemes))
		d.graphemes = append(d.graphemes, g)
		d.gWidth = append(d.gWidth, clusterWidth(g))
		d.gNum[g] = n
	}
	return -1 - n
}

func (d *diffScreen) SetContent(x, y int, r rune, comb []rune, st tcell.Style) {
	c := d.at(x, y)
	if c == nil {
		return
	}
	if len(comb) > 0 {
		r = d.grapheme(string(append([]rune{r}, comb...)))
	}
	*c = dcell{r: r, st: d.styled(st, c.st)}
}

// Put keeps the first grapheme of str, as tcell's Put does, and returns
// the rest and the grapheme's width.
func (d *diffScreen) Put(x, y int, str string, st tcell.Style) (string, int) {
	var r rune
	var rest string
	var width int
	if r0, n := utf8.DecodeRuneInString(str); n == len(str) {
		r, width = r0, d.width(r0) // one rune: the lab's common case
	} else {
		var g string
		state := -1
		for width == 0 && str != "" {
			var cl string
			cl, str, width, state = uniseg.FirstGraphemeClusterInString(str, state)
			g += cl
		}
		rest = str
		if r0, n := utf8.DecodeRuneInString(g); n == len(g) {
			r = r0
		} else {
			r = d.grapheme(g)
		}
	}
	c := d.at(x, y)
	if c == nil {
		return rest, 0
	}
	*c = dcell{r: r, st: d.styled(st, c.st)}
	return rest, width
}

// width is the cells rune r takes, as tcell measures it.
func (d *diffScreen) width(r rune) int {
	if r >= 0x20 && r < 0x300 {
		return 1
	}
	w, ok := d.widths[r]
	if !ok {
		w = uniseg.StringWidth(string(r))
		d.widths[r] = w
	}
	return w
}

func (d *diffScreen) PutStrStyled(x, y int, str string, st tcell.Style) {
	for str != "" && x < d.w {
		var w int
		if str, w = d.Put(x, y, str, st); w == 0 {
			return
		}
		x += w
	}
}

func (d *diffScreen) PutStr(x, y int, str string) { d.PutStrStyled(x, y, str, tcell.StyleDefault) }

func (d *diffScreen) SetCell(x, y int, st tcell.Style, ch ...rune) {
	if len(ch) == 0 {
		d.SetContent(x, y, ' ', nil, st)
		return
	}
	d.SetContent(x, y, ch[0], ch[1:], st)
}

func (d *diffScreen) Get(x, y int) (string, tcell.Style, int) {
	c := d.at(x, y)
	if c == nil {
		return d.Screen.Get(x, y)
	}
	s := d.str(*c)
	return s, d.styles[c.st], max(1, uniseg.StringWidth(s))
}

func (d *diffScreen) GetContent(x, y int) (rune, []rune, tcell.Style, int) {
	s, st, w := d.Get(x, y)
	rs := []rune(s)
	return rs[0], rs[1:], st, w
}

func (d *diffScreen) str(c dcell) string {
	switch {
	case c.r < 0:
		return d.graphemes[-1-c.r]
	case c.r == 0:
		return " "
	}
	return string(c.r)
}

func (d *diffScreen) ShowCursor(x, y int) {
	d.cursor = cursorAt{x, y, true}
	d.Screen.ShowCursor(x, y)
}

func (d *diffScreen) HideCursor() {
	d.cursor = cursorAt{}
	d.Screen.HideCursor()
}

// Show writes the cells that changed since the last frame, or passes
// them to the terminal screen and shows them; nothing if nothing changed.
func (d *diffScreen) Show() {
	if d.drawn != nil {
		d.drawn()
	}
	switch {
	case d.tw != nil:
		d.write(false)
	case d.resync:
		d.Sync()
	case d.pass() > 0 || d.cursor != d.shown:
		d.shown = d.cursor
		d.Screen.Show()
	}
}

// Sync redraws the whole terminal from the frame last shown.
func (d *diffScreen) Sync() {
	if d.tw != nil {
		d.write(true)
		return
	}
	d.pass()
	d.shown, d.resync = d.cursor, false
	d.Screen.Sync()
}

// Init starts the terminal screen, and the writer of frames for a
// student's terminal: tcell's screen knows the character set from Init.
// The terminal screen may have lost what it showed: the next frame
// passes every cell.
func (d *diffScreen) Init() error {
	d.valid = false
	err := d.Screen.Init()
	if err == nil && d.out != nil {
		d.tw = newTermWriter(d.out, d.ti, d.Screen.CharacterSet())
		for _, st := range d.styles {
			if d.tw != nil && !d.tw.encodable(st) {
				d.tw = nil
			}
		}
	}
	return err
}
func (d *diffScreen) Resume() error { d.valid = false; return d.Screen.Resume() }
func (d *diffScreen) SetSize(w, h int) {
	d.valid = false
	d.Screen.SetSize(w, h)
}

// pass passes the cells that changed to the terminal screen; it returns
// how many.
func (d *diffScreen) pass() int {
	if w, h := d.Screen.Size(); w != d.w || h != d.h {
		d.valid, d.cur = false, nil // resized while drawing: the next frame is whole
		return 1
	}
	n := 0
	for i, c := range d.cur {
		if d.valid && c == d.prev[i] {
			continue
		}
		d.Screen.Put(i%d.w, i/d.w, d.str(c), d.styles[c.st])
		d.prev[i] = c
		n++
	}
	d.valid = true
	return n
}

// write writes the cells that changed since the last frame (every cell
// if clear, or if the terminal may have lost them, and then with the
// screen cleared first), and the cursor, to the terminal in one write;
// nothing if nothing changed.
func (d *diffScreen) write(clear bool) {
	if w, h := d.Screen.Size(); w != d.w || h != d.h {
		d.valid, d.cur = false, nil // resized while drawing: the next frame is whole
		return
	}
	d.tw.begin(d.w, d.h, d.style)
	if clear {
		d.tw.clear(d.style)
		d.valid = false
	}
	if d.writeCells() == 0 && !clear && d.cursor == d.shown {
		return
	}
	d.shown = d.cursor
	_ = d.tw.end(d.cursor) // a write fails when the session ends: it ends the lab too
}

// writeCells encodes the cells that changed, walking the grid as tcell's
// draw walks its buffer: a wide rune covers the cell after it, which is
// written again when it shows; it returns how many it wrote.
func (d *diffScreen) writeCells() (n int) {
	tw := d.tw
	for y := range d.h {
		row, prev := d.cur[y*d.w:(y+1)*d.w], d.prev[y*d.w:(y+1)*d.w]
		for x := 0; x < d.w; x++ {
			c := row[x]
			if d.valid && c == prev[x] {
				if x+1 < d.w && prev[x+1].st == covered {
					x++ // a wide rune shown, and still there
				}
				continue
			}
			prev[x] = c
			n++
			width := d.cellWidth(c)
			if tw.bottom && x == d.w-1 && y == d.h-1 && x > 0 {
				b := row[x-1]
				tw.lastCell(d.str(c), width, d.styles[c.st], d.str(b), d.cellWidth(b), d.styles[b.st])
				continue
			}
			if width = tw.cell(x, y, d.str(c), width, d.styles[c.st]); width > 1 {
				prev[x+1] = dcell{st: covered} // no cell's: written when no longer covered
				x += width - 1
			}
		}
	}
	d.valid = true
	return n
}

// covered is the style number, in the frame shown, of a cell a wide rune
// covers (no style's).
const covered = -1

// cellWidth is the cells c takes, as tcell's cell buffer measures it.
func (d *diffScreen) cellWidth(c dcell) int {
	switch {
	case c.r < 0:
		return max(1, d.gWidth[-1-c.r])
	case c.r == 0:
		return 1
	}
	return max(1, d.width(c.r))
}

// clusterWidth is the width tcell's cell buffer gives grapheme g: that of
// its first clusters up to one that is not of zero width.
func clusterWidth(g string) int {
	width, state := 0, -1
	for width == 0 && g != "" {
		_, g, width, state = uniseg.FirstGraphemeClusterInString(g, state)
	}
	return width
}
