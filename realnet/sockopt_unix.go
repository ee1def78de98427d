//go:build unix

package realnet

import "syscall"

// setReuseAddr sets SO_REUSEADDR: a local port whose last connection is
// in TIME_WAIT can be bound again.
func setReuseAddr(fd uintptr) error {
	return syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
}
