//go:build unix

package proxy

import (
	"net"
	"runtime"
	"syscall"
)

// setRcvLowat sets c's receive low-water mark (SO_RCVLOWAT) to n bytes and
// says whether it did. Linux caps it at half the receive buffer, and
// grows the buffer (unless it was set by hand) so that n bytes fit. Only
// on Linux: there the relay was measured (bench/README.md), and on other
// systems a low-water mark above the receive buffer can keep a socket
// from ever being readable.
func setRcvLowat(c net.Conn, n int) bool {
	if runtime.GOOS != "linux" {
		return false
	}
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	var serr error
	if err := rc.Control(func(fd uintptr) {
		serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVLOWAT, n)
	}); err != nil {
		return false
	}
	return serr == nil
}
