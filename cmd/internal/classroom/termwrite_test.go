package classroom

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
)

// bufTTY is a terminal in memory for tcell's screen: what is written is
// kept, the window size is set by the test.
type bufTTY struct {
	mu     sync.Mutex
	out    bytes.Buffer
	writes int
	n      int  // bytes written
	drop   bool // do not keep them
	size   tcell.WindowSize
	resize func()
	stop   chan struct{}
	once   sync.Once
}

func newBufTTY(w, h int) *bufTTY {
	return &bufTTY{size: tcell.WindowSize{Width: w, Height: h}, stop: make(chan struct{})}
}

func (t *bufTTY) Read([]byte) (int, error) { <-t.stop; return 0, errDrained }
func (t *bufTTY) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.writes++
	t.n += len(p)
	if t.drop {
		return len(p), nil
	}
	return t.out.Write(p)
}
func (t *bufTTY) Close() error { return nil }
func (t *bufTTY) Start() error { return nil }
func (t *bufTTY) Stop() error  { return nil }
func (t *bufTTY) Drain() error { t.once.Do(func() { close(t.stop) }); return nil }
func (t *bufTTY) NotifyResize(cb func()) {
	t.mu.Lock()
	t.resize = cb
	t.mu.Unlock()
}

func (t *bufTTY) WindowSize() (tcell.WindowSize, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.size, nil
}

// take returns what was written since the last take, and in how many
// writes.
func (t *bufTTY) take() ([]byte, int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p, n := bytes.Clone(t.out.Bytes()), t.writes
	t.out.Reset()
	t.writes = 0
	return p, n
}

// setSize is the client's window change.
func (t *bufTTY) setSize(w, h int) {
	t.mu.Lock()
	t.size = tcell.WindowSize{Width: w, Height: h}
	cb := t.resize
	t.mu.Unlock()
	if cb != nil {
		cb()
	}
}

// terminal is a screen on a bufTTY for TERM term and the model of the
// terminal it writes to; whole: tcell's screen alone, else a diffScreen
// writing its frames itself.
type terminal struct {
	screen tcell.Screen
	tty    *bufTTY
	vt     *vt
	events chan tcell.Event
}

func newTerminal(t *testing.T, term string, w, h int, whole bool) *terminal {
	t.Helper()
	ti, err := tcell.LookupTerminfo(term)
	if err != nil {
		t.Fatalf("terminfo %q: %v", term, err)
	}
	tty := newBufTTY(w, h)
	ts, err := tcell.NewTerminfoScreenFromTtyTerminfo(tty, ti)
	if err != nil {
		t.Fatal(err)
	}
	s := ts
	if !whole {
		s = newTermScreen(ts, tty, ti)
	}
	if err := s.Init(); err != nil {
		t.Fatalf("%s: %v", term, err)
	}
	tm := &terminal{screen: s, tty: tty, vt: newVT(w, h), events: make(chan tcell.Event, 16)}
	quit := make(chan struct{})
	go s.ChannelEvents(tm.events, quit)
	t.Cleanup(func() { close(quit); s.Fini() })
	tm.read()
	return tm
}

// read feeds the model what the screen wrote; it returns the bytes and
// writes.
func (tm *terminal) read() (int, int) {
	p, n := tm.tty.take()
	tm.vt.write(p)
	return len(p), n
}

// resize changes the window and waits for the screen to say so, as
// tview does before it redraws.
func (tm *terminal) resize(t *testing.T, w, h int) {
	tm.tty.setSize(w, h)
	tm.vt.resize(w, h)
	deadline := time.After(5 * time.Second)
	for {
		select {
		case ev := <-tm.events:
			if r, ok := ev.(*tcell.EventResize); ok {
				if ew, eh := r.Size(); ew == w && eh == h {
					return
				}
			}
		case <-deadline:
			t.Fatalf("no resize event for %dx%d", w, h)
		}
	}
}

// richStyles are the styles of richFrame: colours of every kind
// (named, palette, RGB, reset, none), every attribute.
var richStyles = []tcell.Style{
	tcell.StyleDefault,
	tcell.StyleDefault.Foreground(tcell.ColorRed),
	tcell.StyleDefault.Background(tcell.ColorBlue).Bold(true),
	tcell.StyleDefault.Foreground(tcell.ColorNone).Background(tcell.ColorGreen),
	tcell.StyleDefault.Foreground(tcell.ColorYellow).Background(tcell.ColorNone),
	tcell.StyleDefault.Foreground(tcell.PaletteColor(208)).Background(tcell.PaletteColor(17)),
	tcell.StyleDefault.Foreground(tcell.NewRGBColor(10, 200, 30)).Background(tcell.NewRGBColor(40, 0, 90)),
	tcell.StyleDefault.Foreground(tcell.NewRGBColor(250, 250, 250)).Background(tcell.ColorNavy),
	tcell.StyleDefault.Foreground(tcell.ColorReset).Background(tcell.ColorBlack).Dim(true).Italic(true),
	tcell.StyleDefault.Foreground(tcell.ColorBlack).Reverse(true).Underline(true),
	tcell.StyleDefault.Foreground(tcell.ColorWhite).Blink(true).StrikeThrough(true),
	tcell.StyleDefault.Foreground(tcell.ColorSilver).Background(tcell.ColorDefault),
	tcell.StyleDefault.Background(tcell.ColorBlue), // only bold differs from the third
}

// richFrame is a random frame of n writes in richStyles, with the cursor
// shown somewhere or hidden.
func richFrame(rng *rand.Rand, w, h, n int) []drawOp {
	ops := randomFrame(rng, w, h, n, richStyles)
	switch x, y := rng.IntN(w+1), rng.IntN(h); rng.IntN(3) {
	case 0:
		ops = append(ops, func(s tcell.Screen) { s.ShowCursor(x, y) })
	case 1:
		ops = append(ops, func(s tcell.Screen) { s.HideCursor() })
	}
	return ops
}

// TestTermWriterShowsWhatTcellShows: for every terminal, the bytes the
// diffScreen writes itself leave the terminal showing the same screen
// (text, colours, attributes, cursor) as tcell's screen drawing every
// frame whole after a Clear (tview's way): styles that change, wide
// runes, graphemes, the cursor, a resize, a Sync, the screen's style; one
// write per frame. Where the writer cannot encode as tcell does (another
// character set, a curly underline on an xterm), tcell draws, and the
// screen is the same too.
func TestTermWriterShowsWhatTcellShows(t *testing.T) {
	curly := tcell.StyleDefault.Underline(tcell.UnderlineStyleCurly, tcell.ColorRed)
	tests := []struct {
		term  string
		env   string      // NAME=value for the test
		late  tcell.Style // if set, drawn from frame 10 on
		tcell bool        // tcell draws the frames in the end
	}{
		{term: "xterm"},
		{term: "xterm-256color"},
		{term: "xterm-direct"}, // truecolor
		{term: "xterm-256color", env: "TCELL_TRUECOLOR=disable"},
		{term: "xterm-256color", env: "NO_COLOR=1"}, // monochrome
		{term: "vt100"}, // no colours, no civis, padding
		{term: "screen"},
		{term: "linux"},
		{term: "cygwin"}, // tcell's trick for the bottom right cell
		{term: "screen", late: curly},
		{term: "xterm-256color", late: curly, tcell: true},
		{term: "xterm", env: "LC_ALL=C", tcell: true},
	}
	for _, tc := range tests {
		t.Run(tc.term+" "+tc.env, func(t *testing.T) {
			if k, v, ok := strings.Cut(tc.env, "="); ok {
				t.Setenv(k, v)
			}
			ref, got := newTerminal(t, tc.term, 12, 5, true), newTerminal(t, tc.term, 12, 5, false)
			rng := rand.New(rand.NewPCG(3, 4))
			frames := 40
			if tc.term == "vt100" {
				frames = 12 // tcell sleeps for its padding
			}
			for f := range frames {
				ops := richFrame(rng, ref.vt.w, ref.vt.h, rng.IntN(30))
				if f >= 10 && tc.late != tcell.StyleDefault {
					ops = append(ops, func(s tcell.Screen) { s.PutStrStyled(1, 1, "~~", tc.late) })
				}
				writes := drawBoth(t, ref, got, f, frames, ops)
				if d := got.vt.diff(ref.vt); d != "" {
					t.Fatalf("frame %d: %s\ngot:\n%swant:\n%s", f, d, got.vt.text(), ref.vt.text())
				}
				if writer := got.screen.(*diffScreen).tw != nil; writer && writes > 1 && f != frames/3 {
					t.Errorf("frame %d: %d writes, want 1", f, writes)
				}
			}
			if writer := got.screen.(*diffScreen).tw != nil; writer == tc.tcell {
				t.Errorf("frames written by the diffScreen: %v, want %v", writer, !tc.tcell)
			}
		})
	}
}

// drawBoth draws frame f of frames, ops, on ref and got, as tview draws:
// Clear, the ops, Show; frames/3 comes after a resize, frames/2 is a
// Sync, 2*frames/3 a Sync with a new style for the screen. It returns how
// many writes got's frame took.
func drawBoth(t *testing.T, ref, got *terminal, f, frames int, ops []drawOp) (writes int) {
	show := func(s tcell.Screen) { s.Show() }
	pre := func(s tcell.Screen) {}
	switch f {
	case frames / 3:
		ref.resize(t, 9, 7)
		got.resize(t, 9, 7)
	case frames / 2:
		show = func(s tcell.Screen) { s.Sync() }
	case 2 * frames / 3:
		pre = func(s tcell.Screen) { s.SetStyle(tcell.StyleDefault.Background(tcell.ColorTeal)) }
		show = func(s tcell.Screen) { s.Sync() }
	}
	for _, tm := range []*terminal{ref, got} {
		pre(tm.screen)
		tm.screen.Clear()
		for _, op := range ops {
			op(tm.screen)
		}
		show(tm.screen)
		_, writes = tm.read()
	}
	return writes
}

// TestTermWriterWritesChangesOnly: a frame writes the cells it changed,
// in one write; a frame that changed nothing writes nothing.
func TestTermWriterWritesChangesOnly(t *testing.T) {
	tm := newTerminal(t, "xterm-256color", 20, 4, false)
	tests := []struct {
		text          string
		cells, writes int
	}{
		{"step 1/9", 80, 1}, // the first frame: every cell
		{"step 2/9", 1, 1},
		{"step 2/9", 0, 0},
		{"step 12/9", 4, 1}, // "1", "2", "/" and "9" moved
	}
	for i, tc := range tests {
		tm.vt.printed = 0
		tm.screen.Clear()
		tm.screen.PutStrStyled(0, 1, tc.text, tcell.StyleDefault.Bold(true))
		tm.screen.Show()
		n, writes := tm.read()
		if tm.vt.printed != tc.cells || writes != tc.writes {
			t.Errorf("#%d %q: %d cells in %d writes (%d bytes); want %d in %d", i, tc.text, tm.vt.printed, writes, n, tc.cells, tc.writes)
		}
		if got := strings.Split(tm.vt.text(), "\n")[1]; strings.TrimSpace(got) != tc.text {
			t.Errorf("#%d: row 1 shows %q, want %q", i, got, tc.text)
		}
	}
}

// BenchmarkShowFrame is the cost of showing a frame of 100x30 in a few
// styles, box lines and text, in which ten cells changed (show-cpu-ns:
// the CPU time of Show alone): "tcell" passes them to tcell's screen and
// calls its Show (which walks its whole buffer), "write" writes them
// itself.
func BenchmarkShowFrame(b *testing.B) {
	for _, name := range []string{"tcell", "write"} {
		b.Run(name, func(b *testing.B) {
			tm := &terminal{tty: newBufTTY(100, 30)}
			tm.tty.drop = true
			ti, err := tcell.LookupTerminfo("xterm-256color")
			if err != nil {
				b.Fatal(err)
			}
			ts, err := tcell.NewTerminfoScreenFromTtyTerminfo(tm.tty, ti)
			if err != nil {
				b.Fatal(err)
			}
			d := newDiffScreen(ts)
			if name == "write" {
				d = newTermScreen(ts, tm.tty, ti)
			}
			if err := d.Init(); err != nil {
				b.Fatal(err)
			}
			defer d.Fini()
			put := func(x, y int, s string, st tcell.Style) { // as tview draws: a rune at a time
				for _, r := range s {
					d.SetContent(x, y, r, nil, st)
					x++
				}
			}
			frames := 0
			var cpu time.Duration
			for b.Loop() {
				d.Clear()
				for y := range 30 {
					put(0, y, "│ step 1: server listens ──────────", richStyles[y%4])
					put(40, y, "on 198.51.100.20:21 (control) │", richStyles[5+y%3])
				}
				put(frames%90, 29, "0123456789", richStyles[1])
				cpu0 := cpuTime()
				d.Show()
				cpu += cpuTime() - cpu0
				frames++
			}
			b.ReportMetric(float64(tm.tty.n)/float64(frames), "B/frame")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(frames), "show-cpu-ns/frame")
		})
	}
}
