//go:build unix && !linux

package peertest

import "syscall"

// groupAttr starts a server in its own process group, so that its session
// processes can be stopped with it (no Pdeathsig outside Linux).
func groupAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
