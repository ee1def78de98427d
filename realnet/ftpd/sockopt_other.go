//go:build !unix && !windows

package ftpd

import "net"

// setOOBInline does nothing where the socket API has no SO_OOBINLINE
// (plan9, js, wasip1).
func setOOBInline(net.Conn) {}
