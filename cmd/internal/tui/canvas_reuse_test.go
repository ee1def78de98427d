package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"ftplab/sim"
)

// TestReuseIsNew: a canvas drawn in the cells of another, larger or
// smaller, of other content and style, is the canvas drawn anew; larger
// cells are reused, too few are not.
func TestReuseIsNew(t *testing.T) {
	th := darkTheme()
	for _, c := range []struct {
		oldW, oldH, w, h int
		same             bool // the old cells are reused
	}{
		{100, 10, 100, 10, true},
		{100, 10, 80, 9, true},
		{100, 10, 100, 11, false},
		{0, 0, 5, 1, false},
		{5, 1, 0, 0, true},
	} {
		old := newCanvas(c.oldW, c.oldH, th.Drop)
		for i := range old.cells {
			old.cells[i].r = 'x'
		}
		got := reuse(old, c.w, c.h, th.Base)
		want := newCanvas(c.w, c.h, th.Base)
		if got.w != want.w || got.h != want.h || !slices.Equal(got.cells, want.cells) {
			t.Errorf("%dx%d in %dx%d: not a new canvas:\n%s", c.w, c.h, c.oldW, c.oldH, got)
		}
		if (got == old) != c.same {
			t.Errorf("%dx%d in %dx%d: reused %v, want %v", c.w, c.h, c.oldW, c.oldH, got == old, c.same)
		}
	}
	if c := reuse(nil, 3, 2, th.Base); c.w != 3 || c.h != 2 || len(c.cells) != 6 {
		t.Errorf("reuse(nil) = %dx%d with %d cells, want 3x2", c.w, c.h, len(c.cells))
	}
}

// TestViewsRedrawInOldCells: stepping a run forward and back, at sizes
// that shrink and grow, the diagram, the timeline and the status bar
// drawn in their views' old canvases are those drawn anew.
func TestViewsRedrawInOldCells(t *testing.T) {
	const id, mode = "d", sim.ModePORT
	_, r := scripted(t, id, mode)
	events := r.TL.Events()
	th := darkTheme()
	net := newNetworkView()
	tv := newTimelineView(th, nil)
	st := &statusView{Box: tview.NewBox(), theme: th}
	s := tcell.NewSimulationScreen("")
	s.Init()
	s.SetSize(120, 40)
	steps := []int{0, 1, 2, 5, 4, r.TL.Len(), 3}
	sizes := [][2]int{{98, 12}, {78, 9}, {118, 14}, {78, 8}, {98, 12}, {200, 30}, {80, 9}}
	for i, step := range steps {
		w, h := sizes[i][0], sizes[i][1]
		scene := sceneAt(t, id, mode, step)
		net.setScene(scene)
		if got, want := net.render(w, h).String(), fitNetwork(scene, w, h).String(); got != want {
			t.Errorf("step %d at %dx%d: the diagram in old cells differs:\n%s\nwant:\n%s", step, w, h, got, want)
		}
		tv.set(events[:step], step)
		tv.SetRect(0, 0, w, h)
		tv.Draw(s)
		if got, want := tv.cache.String(), renderTimeline(nil, events[:step], step, tv.offset, w-2, h-2, th).String(); got != want {
			t.Errorf("step %d at %dx%d: the timeline in old cells differs:\n%s\nwant:\n%s", step, w, h, got, want)
		}
		st.info = fmt.Sprintf(" %s │ %s │ step %d/… │%s", id, mode, step, strings.Repeat(" waiting │", step%3))
		st.SetRect(0, 0, w, 1)
		st.Draw(s)
		if got, want := st.cache.String(), renderStatus(nil, st.info, w, th).String(); got != want {
			t.Errorf("step %d at width %d: the status bar in old cells differs:\n%q\nwant:\n%q", step, w, got, want)
		}
	}
}
