package export

import (
	"context"
	"testing"

	"ftplab/realnet/lab/labrun"
	"ftplab/sim"
)

// labRun runs a scenario in the real lab (loopback sockets, the real
// server and client) at full speed.
func labRun(t testing.TB, id string, mode sim.Mode) Run {
	t.Helper()
	r := sim.Run{Scenario: id, Mode: mode}
	sc, err := r.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	res, tl, err := labrun.Exec(context.Background(), labrun.Options{Scenario: sc, Mode: mode, Seed: 1})
	if err != nil {
		t.Fatalf("scenario %s mode %s: %v", id, mode, err)
	}
	return Run{Run: r, TL: tl, Outcome: res.Outcome, Blocked: res.BlockedAt, Size: labrun.FileSize}
}
