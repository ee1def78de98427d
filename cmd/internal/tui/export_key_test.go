package tui

import (
	"errors"
	"testing"

	"github.com/gdamore/tcell/v2"

	"ftplab/sim"
)

// TestExportKey: x hands the run so far (to the step shown) to the
// exporter and shows where it went, or its error.
func TestExportKey(t *testing.T) {
	for _, tc := range []struct {
		name   string
		err    error
		screen string
	}{
		{"ok", nil, "exported to run.cast"},
		{"fails", errors.New("disk full"), "export: disk full"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []RunSoFar
			s := tcell.NewSimulationScreen("")
			app := New(Options{Run: sim.Run{Scenario: "d", Mode: sim.ModePORT}, Start: replayStarter(t), Screen: s,
				Export: func(r RunSoFar) (string, error) {
					got = append(got, r)
					return "run.cast", tc.err
				}})
			s.SetSize(100, 30)
			h := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
			go func() { h.end <- app.Run() }()
			t.Cleanup(h.quit)
			h.attached()
			h.steps(3)
			h.waitFor("step 3/")
			h.rune('x')
			h.waitFor(tc.screen)
			h.app.app.QueueUpdate(func() {}) // the exporter ran on the UI goroutine
			if len(got) != 1 {
				t.Fatalf("exporter called %d times, want 1", len(got))
			}
			r := got[0]
			if r.Step != 3 || r.Run.Scenario != "d" || r.Run.Mode != sim.ModePORT || r.TL.Len() < 3 || r.W != 100 || r.H != 30 || r.Theme != "dark" {
				t.Errorf("exporter got step %d of %s/%s (%d events) at %dx%d %s, want step 3 of d/PORT at 100x30 dark",
					r.Step, r.Run.Scenario, r.Run.Mode, r.TL.Len(), r.W, r.H, r.Theme)
			}
			if r.Outcome != "" {
				t.Errorf("outcome %q before the end of the run, want none", r.Outcome)
			}
		})
	}
}

func TestExportKeyWithoutExporter(t *testing.T) {
	h := startApp(t, "a", sim.ModePASV, 100, 30, false)
	h.rune('x')
	h.waitFor("no export in this lab")
}

// TestPcapKey: w hands the run so far to the capture writer.
func TestPcapKey(t *testing.T) {
	var got []RunSoFar
	s := tcell.NewSimulationScreen("")
	app := New(Options{Run: sim.Run{Scenario: "c", Mode: sim.ModePORT}, Start: replayStarter(t), Screen: s,
		Pcap: func(r RunSoFar) (string, error) {
			got = append(got, r)
			return "c.pcapng", nil
		}})
	s.SetSize(100, 30)
	h := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
	go func() { h.end <- app.Run() }()
	t.Cleanup(h.quit)
	h.attached()
	h.steps(5)
	h.waitFor("step 5/")
	h.rune('w')
	h.waitFor("exported to c.pcapng")
	h.app.app.QueueUpdate(func() {})
	if len(got) != 1 || got[0].Step != 5 || got[0].Run.Scenario != "c" {
		t.Fatalf("capture writer got %+v, want one call at step 5 of c", got)
	}
}
