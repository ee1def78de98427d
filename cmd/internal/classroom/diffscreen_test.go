package classroom

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gdamore/tcell/v2"
)

// drawOp is one write a frame makes.
type drawOp func(s tcell.Screen)

// randomFrame is a frame of n random writes in styles: runes (wide ones
// too), graphemes with combining marks, strings.
func randomFrame(rng *rand.Rand, w, h, n int, styles []tcell.Style) []drawOp {
	runes := []rune{'a', 'b', ' ', '─', '│', '→', '世', '界', '✓', 'é'}
	var ops []drawOp
	for range n {
		x, y := rng.IntN(w+2)-1, rng.IntN(h+2)-1 // some outside
		r, st := runes[rng.IntN(len(runes))], styles[rng.IntN(len(styles))]
		switch rng.IntN(5) {
		case 0:
			ops = append(ops, func(s tcell.Screen) { s.SetContent(x, y, r, []rune{'\u0301'}, st) })
		case 1:
			str := string([]rune{r, runes[rng.IntN(len(runes))], 'z'})
			ops = append(ops, func(s tcell.Screen) { s.PutStrStyled(x, y, str, st) })
		case 2:
			ops = append(ops, func(s tcell.Screen) { s.Put(x, y, string(r), st) })
		default:
			ops = append(ops, func(s tcell.Screen) { s.SetContent(x, y, r, nil, st) })
		}
	}
	return ops
}

// TestDiffScreenShowsTheFrame: whatever the frames, after each Show the
// terminal screen behind a diffScreen holds what it holds when every
// frame is drawn whole on it after a Clear (tview's way).
func TestDiffScreenShowsTheFrame(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ref, behind := tcell.NewSimulationScreen(""), tcell.NewSimulationScreen("")
	ref.Init()
	d := newDiffScreen(behind)
	d.Init()
	sizes := [][2]int{{12, 5}, {12, 5}, {12, 5}, {9, 7}, {9, 7}}
	for f := range 200 {
		w, h := sizes[f/40][0], sizes[f/40][1]
		ref.SetSize(w, h)
		d.SetSize(w, h)
		ops := randomFrame(rng, w, h, rng.IntN(40), richStyles[:5])
		if f%17 == 0 {
			ops = nil // an empty frame
		}
		for _, s := range []tcell.Screen{ref, d} {
			s.Clear()
			for _, op := range ops {
				op(s)
			}
			s.Show()
		}
		if diff := cellDiff(ref, behind); diff != "" {
			t.Fatalf("frame %d (%dx%d): %s", f, w, h, diff)
		}
	}
}

func cellDiff(want, got tcell.SimulationScreen) string {
	wc, w, h := want.GetContents()
	gc, gw, gh := got.GetContents()
	if w != gw || h != gh {
		return fmt.Sprintf("size %dx%d, want %dx%d", gw, gh, w, h)
	}
	for i := range wc {
		a, b := wc[i], gc[i]
		if string(a.Runes) != string(b.Runes) || a.Style != b.Style {
			return fmt.Sprintf("cell (%d,%d): %q %v, want %q %v", i%w, i/w, string(b.Runes), b.Style, string(a.Runes), a.Style)
		}
	}
	return ""
}

// counting counts the writes and Shows a screen gets.
type counting struct {
	tcell.Screen
	puts, shows int
}

func (c *counting) Put(x, y int, s string, st tcell.Style) (string, int) {
	c.puts++
	return c.Screen.Put(x, y, s, st)
}

func (c *counting) Show() { c.shows++; c.Screen.Show() }

// TestDiffScreenPassesChangesOnly: a frame passes the cells it changed,
// and a frame that changed nothing is not shown.
func TestDiffScreenPassesChangesOnly(t *testing.T) {
	sim := tcell.NewSimulationScreen("")
	sim.Init()
	sim.SetSize(20, 4)
	c := &counting{Screen: sim}
	d := newDiffScreen(c)
	frame := func(text string) (puts, shows int) {
		c.puts, c.shows = 0, 0
		d.Clear()
		d.PutStrStyled(0, 1, text, tcell.StyleDefault.Bold(true))
		d.Show()
		return c.puts, c.shows
	}
	tests := []struct {
		text        string
		puts, shows int
	}{
		{"step 1/9", 80, 1}, // the first frame: every cell
		{"step 2/9", 1, 1},
		{"step 2/9", 0, 0},
		{"step 12/9", 3, 1}, // "1", "2" and "/" moved; "9" moved too
	}
	tests[3].puts = 4
	for i, tc := range tests {
		if puts, shows := frame(tc.text); puts != tc.puts || shows != tc.shows {
			t.Errorf("#%d %q: %d cells passed, %d shows; want %d, %d", i, tc.text, puts, shows, tc.puts, tc.shows)
		}
	}
}
