package export

import (
	"context"
	"testing"

	"ftplab/sim"
)

// labRun runs a scenario in the real lab (loopback sockets, the real
// server and client) at full speed.
func labRun(t testing.TB, id string, mode sim.Mode) Run {
	t.Helper()
	r, err := Exec(context.Background(), sim.Run{Scenario: id, Mode: mode}, 1)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
