package export

import (
	"context"
	"fmt"

	"ftplab/cmd/internal/tui"
	"ftplab/realnet/lab/labrun"
	"ftplab/sim"
)

// Exec runs r in the lab at full speed (the real server and client over
// loopback, the lab's logical time) with the given port seed: the same
// timeline, byte for byte, as the UI's stepped run.
func Exec(ctx context.Context, r sim.Run, seed uint64) (Run, error) {
	sc, err := r.Resolve(tui.Shipped())
	if err != nil {
		return Run{}, err
	}
	res, tl, err := labrun.Exec(ctx, labrun.Options{Scenario: sc, Mode: r.Mode, Seed: seed, Script: r.Script})
	if err != nil {
		return Run{}, fmt.Errorf("run %s: %w", r, err)
	}
	return Run{Run: r, TL: tl, Outcome: res.Outcome, Blocked: res.BlockedAt, Size: labrun.FileSize}, nil
}
