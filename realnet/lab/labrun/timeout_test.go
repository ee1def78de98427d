package labrun

import (
	"context"
	"slices"
	"testing"

	"ftplab/sim"
)

// TestScenarioDataTimeouts runs the real server and client where a data
// connection is dropped: the timeline's timeout comes after the dialer's
// data timeout from the scenario (the lab's time is logical).
func TestScenarioDataTimeouts(t *testing.T) {
	for _, tc := range []struct {
		id     string
		mode   sim.Mode
		client int64
		server int64
		wantMs int64
	}{
		{"e", sim.ModePASV, 1000, 0, 1000}, // the client dials, the server's firewall drops
		{"e", sim.ModePASV, 0, 0, sim.DefaultTimeoutMs},
		{"c", sim.ModePORT, 0, 1500, 1500}, // the server dials, the client's firewall drops
	} {
		sc, err := shipped.Lookup(tc.id)
		if err != nil {
			t.Fatal(err)
		}
		sc.ClientDataTimeoutMs, sc.ServerDataTimeoutMs = tc.client, tc.server
		res, tl, err := Exec(context.Background(), Options{Scenario: sc, Mode: tc.mode, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		evs := tl.Events()
		i := slices.IndexFunc(evs, func(e sim.Event) bool { return e.Label == sim.LabelTimeout })
		if i < 1 {
			t.Fatalf("%s/%s: no timeout event (outcome %s)", tc.id, tc.mode, res.Outcome)
		}
		if got := evs[i].Time - evs[i-1].Time; got != tc.wantMs {
			t.Errorf("%s/%s: timeout after %d ms, want %d", tc.id, tc.mode, got, tc.wantMs)
		}
	}
}
