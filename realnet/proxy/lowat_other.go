//go:build !linux

package proxy

import "net"

// setRcvLowat does nothing outside Linux: there the relay was measured
// (bench/README.md), and elsewhere a low-water mark above the receive
// buffer can keep a socket from ever being readable.
func setRcvLowat(net.Conn, int) bool { return false }
