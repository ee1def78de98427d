//go:build windows

package realnet

import "syscall"

// winsockErrnos maps the Winsock codes (winerror.h) of the failures
// callers tell apart to the Unix errno values they test with errors.Is;
// on Windows the syscall package's ECONNREFUSED and friends are Go's own
// numbers, which no Winsock call returns.
var winsockErrnos = map[syscall.Errno]syscall.Errno{
	10013: syscall.EACCES,        // WSAEACCES
	10048: syscall.EADDRINUSE,    // WSAEADDRINUSE
	10049: syscall.EADDRNOTAVAIL, // WSAEADDRNOTAVAIL
	10051: syscall.ENETUNREACH,   // WSAENETUNREACH
	10060: syscall.ETIMEDOUT,     // WSAETIMEDOUT
	10061: syscall.ECONNREFUSED,  // WSAECONNREFUSED
	10065: syscall.EHOSTUNREACH,  // WSAEHOSTUNREACH
}

// portableErr adds to err's chain the Unix errno matching its Winsock
// code; the message stays Windows' own.
func portableErr(err error) error { return withErrno(err, winsockErrnos) }
