package tui

import (
	"testing"

	script "ftplab/cmd/internal/tui/internal/scripted"
	"ftplab/sim"
)

// scriptFileSize is the size of the file a scripted run downloads.
const scriptFileSize = script.FileSize

// scripted plays login, the mode's data connection and RETR with sim
// calls alone (package scripted) and returns a replay of the timeline:
// the UI's tests need no sockets.
func scripted(t testing.TB, id string, mode sim.Mode) (sim.Scenario, *Replay) {
	t.Helper()
	res, err := script.Run(id, mode)
	if err != nil {
		t.Fatal(err)
	}
	r := NewReplay(res.Timeline, res.Outcome, "-")
	r.Size = scriptFileSize
	return res.Scenario, r
}
