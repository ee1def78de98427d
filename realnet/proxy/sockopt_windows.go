//go:build windows

package proxy

import "net"

// setRcvLowat does nothing on Windows: the relay's low-water mark was
// measured on Linux only (bench/README.md).
func setRcvLowat(net.Conn, int) bool { return false }
