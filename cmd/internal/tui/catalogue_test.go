package tui

import (
	"context"
	"net/netip"
	"testing"

	"github.com/gdamore/tcell/v2"

	"ftplab/sim"
)

// TestOwnCatalogue: the lab opens a scenario of the catalogue it is given
// (ftplab lab --scenario FILE): a teacher's, next to the shipped ones.
func TestOwnCatalogue(t *testing.T) {
	sf, err := sim.ParseScenario("teach.md", []byte("---\nid: teach\ntitle: Router that rejects\nfamily: routed\n---\nThe teacher's own network.\n"))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalogue.With(sim.CatalogueOf(sf))
	if err != nil {
		t.Fatal(err)
	}
	s := tcell.NewSimulationScreen("")
	app := New(Options{Run: sim.Run{Scenario: "teach", Mode: sim.ModePASV}, Catalogue: cat, Mono: true, Screen: s,
		Start: func(_ context.Context, run sim.Run) (Session, error) {
			sc, err := run.Resolve(cat)
			if err != nil {
				return nil, err
			}
			n := sim.New(sc, 1)
			if _, err := n.Listen(sc.ServerHost, netip.AddrPortFrom(sc.ServerAddr, sim.ControlPort)); err != nil {
				return nil, err
			}
			return NewReplay(n.Timeline(), "ok", "-"), nil
		}})
	s.SetSize(140, 40)
	h := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
	go func() { h.end <- app.Run() }()
	t.Cleanup(h.quit)
	h.attached()
	h.waitFor("teach", "Router that rejects")
}
