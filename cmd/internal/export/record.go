package export

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/cmd/internal/tui"
	"ftplab/sim"
)

// Run is a finished lab run to draw: what ran, its timeline and result.
type Run struct {
	Run              sim.Run
	TL               *sim.Timeline
	Outcome, Blocked string
	Size             int64 // the downloaded file's size (the data bar's width)
}

// Look is how frames are drawn: the screen's size and the UI's theme.
type Look struct {
	W, H  int
	Theme string // dark or projector
	Mono  bool
}

// DefaultLook is 80x24 in the dark theme.
var DefaultLook = Look{W: 80, H: 24, Theme: "dark"}

// stepWait bounds the wait for one step's frame.
const stepWait = 5 * time.Second

// Record runs the lab's UI over r on a simulation screen, pressing Space
// once per step, and returns the frame at rest at each step from 0 to
// last (all steps if last < 0 or beyond the run). Records must not run
// concurrently: the UI's theme is process-wide (tview's Styles).
func Record(ctx context.Context, r Run, look Look, last int) ([]Frame, error) {
	if look.W < tui.MinWidth || look.H < tui.MinHeight {
		return nil, fmt.Errorf("size %dx%d: the lab needs at least %dx%d", look.W, look.H, tui.MinWidth, tui.MinHeight)
	}
	sess, err := newSteppedRun(r.TL, r.Outcome, r.Blocked, r.Size)
	if err != nil {
		return nil, err
	}
	n := r.TL.Len()
	if last < 0 || last > n {
		last = n
	}
	scr := newRecScreen()
	app := tui.New(tui.Options{
		Run:   r.Run,
		Start: func(context.Context, sim.Run) (tui.Session, error) { return sess, nil },
		Theme: look.Theme, Mono: look.Mono, Screen: scr,
	})
	scr.SetSize(look.W, look.H) // after New: SetScreen resets the size
	end := make(chan error, 1)
	go func() { end <- app.Run() }()
	defer func() {
		app.Stop()
		<-end
	}()
	frames := make([]Frame, 0, last+1)
	for k := 0; k <= last; k++ {
		if k > 0 {
			scr.InjectKey(tcell.KeyRune, ' ', tcell.ModNone)
		}
		f, err := waitStep(ctx, scr, k, n)
		if err != nil {
			return nil, err
		}
		frames = append(frames, f)
	}
	return frames, nil
}

// waitStep waits for the frame of step k at rest: the status bar says
// "step k/" (one event revealed per step), nothing is starting or
// waiting, and at the last step the run's outcome is shown.
func waitStep(ctx context.Context, scr *recScreen, k, n int) (Frame, error) {
	deadline := time.NewTimer(stepWait)
	defer deadline.Stop()
	want := fmt.Sprintf("step %d/", k) // the total shows only once the last step is
	for {
		f, shows := scr.frame()
		if shows > 0 && atRest(f.Row(f.H-1), want, k == n) {
			return f, nil
		}
		select {
		case <-scr.notify:
		case <-ctx.Done():
			return Frame{}, ctx.Err()
		case <-deadline.C:
			return Frame{}, fmt.Errorf("step %d of %d: the lab did not show it within %v; last frame:\n%s", k, n, stepWait, f.Text())
		}
	}
}

func atRest(status, want string, final bool) bool {
	if !strings.Contains(status, want) || strings.Contains(status, "starting the lab") || strings.Contains(status, "waiting for the lab") {
		return false
	}
	return !final || strings.Contains(status, "run: ")
}
