//go:build unix

package peertest

import (
	"os"
	"syscall"
)

// stopGroup signals the process group led by p: SIGTERM, or SIGKILL when
// hard.
func stopGroup(p *os.Process, hard bool) {
	sig := syscall.SIGTERM
	if hard {
		sig = syscall.SIGKILL
	}
	_ = syscall.Kill(-p.Pid, sig)
}
