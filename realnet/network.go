package realnet

import (
	"context"
	"net"
)

// Network is all the FTP server and client need of a network. The OS
// network and the lab both satisfy it, so one FTP implementation runs on
// either without knowing which.
type Network interface {
	// Listen announces on address ("host:port"; port 0 lets the network
	// choose). network is "tcp", "tcp4" or "tcp6".
	Listen(ctx context.Context, network, address string) (net.Listener, error)

	// Dial connects to raddr. If laddr is not empty the connection is
	// first bound to it: an FTP server uses this to send active-mode
	// data from its port L-1 (RFC 959 §3.2).
	Dial(ctx context.Context, network, laddr, raddr string) (net.Conn, error)
}
