//go:build !unix

package classroom

import "time"

// cpuTime is 0 where getrusage(2) is missing: the benchmarks then report
// no CPU per key, only the wall clock.
func cpuTime() time.Duration { return 0 }
