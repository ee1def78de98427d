//go:build !unix

package peertest

import (
	"os"
	"syscall"
)

// groupAttr: no process groups here; the peers (vsftpd, pure-ftpd) are
// Unix programs and tests that need them skip when they are missing.
func groupAttr() *syscall.SysProcAttr { return nil }

// stopGroup kills p itself.
func stopGroup(p *os.Process, _ bool) { _ = p.Kill() }
