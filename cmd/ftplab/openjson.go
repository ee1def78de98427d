package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/rivo/tview"

	"ftplab/cmd/internal/tui"
	"ftplab/realnet/watch"
	"ftplab/sim"
)

// readRecording reads file as a recorded session (the lab's timeline
// JSON, as proxy --record writes it) if its content is JSON; ok is false
// for anything else (a capture). ReadJSON keeps only the final state, so
// the state after each step is rebuilt from the events.
func readRecording(file string) (tl *sim.Timeline, ok bool, err error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, false, err
	}
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		return nil, false, nil
	}
	read, err := sim.ReadJSON(b)
	if err != nil {
		return nil, true, fmt.Errorf("open %s: %w", file, err)
	}
	tl, err = sim.ObserveEvents(read.Events())
	if err != nil {
		return nil, true, fmt.Errorf("open %s: %w", file, err)
	}
	return tl, true, nil
}

func recordingTitle(file string, tl *sim.Timeline) string {
	f := watch.FrameOf(tl)
	return fmt.Sprintf("%s: client %s, server %s: %s", file, f.Client, f.Server, f.Outcome)
}

// recordingOptions replay a recorded session framed by scenario a (a
// routed client and server) in the mode its client used; the timeline
// and its addresses are the recording's.
func recordingOptions(file string, tl *sim.Timeline) tui.Options {
	f := watch.FrameOf(tl)
	replay := tui.NewReplay(tl, f.Outcome, "-")
	start := func(context.Context, sim.Run) (tui.Session, error) { return replay, nil }
	return tui.Options{Observed: true, Run: sim.Run{Scenario: observedScenario, Mode: f.Mode}, Start: start,
		Lessons: observedText{"Recorded session " + file, nil}}
}

// observedScenario frames an observed session's diagram: a client and a
// server routed to each other, nothing in between.
const observedScenario = "a"

// observedText fills the lesson pane of an observed session (recorded or
// live): who talked to whom, the findings, and notes such as the list of
// live sessions.
type observedText struct {
	title string
	notes func() []string // read at each redraw; nil for none
}

func (o observedText) Lesson(sc sim.Scenario, _ sim.Mode, labels []string, _ tui.Theme) (string, int) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", o.title)
	if o.notes != nil {
		for _, n := range o.notes() {
			fmt.Fprintf(&b, "\n%s\n", n)
		}
	}
	fmt.Fprintf(&b, "\nThe diagram is scenario %s's (%s): a frame only. The timeline, its addresses and ports, and the findings are the real session's; each PORT, EPRT, 227 and 229 has a helper.parse step saying what a netfilter FTP helper would make of it.\n", sc.ID, sc.Title)
	return tview.Escape(b.String()), 0
}
