package export

import (
	"context"
	"fmt"
)

// Snapshot returns the frame of step k of r (0 is before the first
// event), as the lab shows it after k steps.
func Snapshot(ctx context.Context, r Run, look Look, k int) (Frame, error) {
	if k < 0 || k > r.TL.Len() {
		return Frame{}, fmt.Errorf("step %d: the run has steps 0 to %d", k, r.TL.Len())
	}
	frames, err := Record(ctx, r, look, k)
	if err != nil {
		return Frame{}, err
	}
	return frames[k], nil
}
