//go:build !unix

package tui

import "time"

// processCPU is 0 where getrusage(2) is missing: the benchmarks then
// report no CPU per move, only the wall clock.
func processCPU() time.Duration { return 0 }
