//go:build !unix && !windows

package proxy

import "net"

// setRcvLowat does nothing where the socket API has no SO_RCVLOWAT
// (plan9, js, wasip1).
func setRcvLowat(net.Conn, int) bool { return false }
