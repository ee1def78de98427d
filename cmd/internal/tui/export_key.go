package tui

import "ftplab/sim"

// RunSoFar is the run on screen, from its start to the step shown, as the
// x key hands it to an Exporter.
type RunSoFar struct {
	Run              sim.Run
	TL               *sim.Timeline // the timeline known so far (it may go past Step)
	Step             int
	Outcome, Blocked string // set once the run is over and its last step is shown
	Theme            string // the lab's theme and screen size
	Mono             bool
	W, H             int
}

// Exporter saves a run so far and says where (a file name). The lab calls
// it on the UI goroutine and the screen waits for it: an exporter that
// draws the lab itself (package export runs a second App on a simulation
// screen) then sets tview's process-wide styles while nothing else draws.
type Exporter func(r RunSoFar) (string, error)

// exportRun is the x and w keys: the run so far, through Options.Export
// (asciicast) or Options.Pcap (packet captures).
func (a *App) exportRun(export Exporter) {
	if export == nil {
		a.msg = "no export in this lab"
		a.refresh()
		return
	}
	p := a.p
	r := RunSoFar{Run: p.Run(), TL: p.Timeline(), Step: p.Step(), Theme: a.theme.Name, Mono: a.theme.Mono}
	r.W, r.H = a.screenSize()
	if p.AtEnd() {
		r.Outcome, r.Blocked = p.Outcome()
	}
	where, err := export(r)
	a.theme.apply() // the exporter's own lab set the styles to its theme
	if err != nil {
		a.msg = "export: " + err.Error()
	} else {
		a.msg = "exported to " + where
	}
	a.refresh()
}
