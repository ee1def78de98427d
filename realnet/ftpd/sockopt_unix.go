//go:build unix

package ftpd

import (
	"net"
	"syscall"
)

// setOOBInline keeps TCP urgent data in the stream. Clients send ABOR
// with its last byte urgent (python's ftplib sends the whole line with
// MSG_OOB); without SO_OOBINLINE Linux would take that byte out of the
// stream and the line would never end.
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
		syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_OOBINLINE, 1)
	})
}
