//go:build windows

package ftpd

import (
	"net"
	"syscall"
)

// soOOBInline is SO_OOBINLINE in winsock2.h; the syscall package does not
// name it on Windows.
const soOOBInline = 0x0100

// setOOBInline keeps TCP urgent data in the stream, as on Unix: Winsock
// too delivers the urgent byte of an ABOR apart from the stream unless
// SO_OOBINLINE is set, and the line would never end.
func setOOBInline(c net.Conn) {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return
	}
	rc.Control(func(fd uintptr) {
		syscall.SetsockoptInt(syscall.Handle(fd), syscall.SOL_SOCKET, soOOBInline, 1)
	})
}
