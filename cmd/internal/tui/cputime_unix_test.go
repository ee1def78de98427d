//go:build unix

package tui

import (
	"syscall"
	"time"
)

// processCPU is the process's CPU time so far (user and system): on a
// busy machine a move's cost, where the wall clock also counts others'
// work.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
