//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// raiseNofile lifts the soft descriptor limit to the hard one (Go does so
// at start-up too; this also reports the limit when it is low).
func raiseNofile() {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return
	}
	if rl.Cur < rl.Max {
		rl.Cur = rl.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil && !errors.Is(err, syscall.EPERM) {
			fmt.Fprintln(os.Stderr, "load: setrlimit:", err)
		}
	}
	if rl.Cur < 4096 {
		fmt.Fprintf(os.Stderr, "load: warning: only %d file descriptors\n", rl.Cur)
	}
}
