//go:build linux

package peertest

import "syscall"

// groupAttr starts a server in its own process group, so that its session
// processes can be stopped with it, and kills it if the test binary dies.
func groupAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{
		Setpgid:   true,
		Pdeathsig: syscall.SIGKILL, // no server outlives a killed test binary
	}
}
