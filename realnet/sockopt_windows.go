//go:build windows

package realnet

import "syscall"

// setReuseAddr sets SO_REUSEADDR, as on Unix, so that the data port L-1
// can be bound for several active transfers in a row. On Windows the
// option also lets a socket share a port another one is bound to; only
// the dialling socket sets it, never a listener.
func setReuseAddr(fd uintptr) error {
	return syscall.SetsockoptInt(syscall.Handle(fd), syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
}
