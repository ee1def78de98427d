package realnet

import (
	"context"
	"fmt"
	"net"
	"syscall"
)

// OS is the operating system's network. Its errors match the Unix errno
// values (syscall.ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, EADDRINUSE,
// EADDRNOTAVAIL, EACCES) with errors.Is on every platform, Windows
// included, so that callers classify failures once.
type OS struct{}

var _ Network = OS{}

// Listen listens on a real socket.
func (OS) Listen(ctx context.Context, network, address string) (net.Listener, error) {
	var lc net.ListenConfig
	l, err := lc.Listen(ctx, network, address)
	return l, portableErr(err)
}

// Dial opens a real TCP connection, bound to laddr when it is given.
// SO_REUSEADDR lets a server bind its data port L-1 for several active
// transfers in a row, as vsftpd does with connect_from_port_20.
func (OS) Dial(ctx context.Context, network, laddr, raddr string) (net.Conn, error) {
	var d net.Dialer
	if laddr != "" {
		la, err := net.ResolveTCPAddr(network, laddr)
		if err != nil {
			return nil, fmt.Errorf("local address %q: %w", laddr, err)
		}
		d.LocalAddr = la
		d.Control = func(_, _ string, c syscall.RawConn) error {
			var serr error
			if err := c.Control(func(fd uintptr) { serr = setReuseAddr(fd) }); err != nil {
				return err
			}
			return serr
		}
	}
	c, err := d.DialContext(ctx, network, raddr)
	return c, portableErr(err)
}
