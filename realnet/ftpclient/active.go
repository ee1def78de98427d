package ftpclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync/atomic"
	"time"

	"ftplab/realnet/wire"
)

// ActiveListener is the client's side of an active-mode data connection:
// a listener on the control connection's local address, to be announced
// with PORT or EPRT, that accepts the server's connection.
type ActiveListener struct {
	c      *Conn
	ln     net.Listener
	addr   netip.AddrPort
	peer   netip.Addr // only connections from here are accepted
	mode   Mode
	closed atomic.Bool
}

// ListenActive listens for a data connection on the control connection's
// local IP address (virtual in the lab; never assumed to be loopback), on
// a port the network chooses. Announce Addr with PORT or EPRT (wire.FormatPORT,
// wire.FormatEPRT), send the transfer command, then Accept.
func (c *Conn) ListenActive() (*ActiveListener, error) {
	local, err := addrPort(c.tcp.LocalAddr())
	if err != nil {
		return nil, err
	}
	peer, err := addrPort(c.tcp.RemoteAddr())
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	if c.cfg.dataTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.cfg.dataTimeout)
		defer cancel()
	}
	laddr := netip.AddrPortFrom(local.Addr(), 0).String()
	ln, err := c.cfg.network.Listen(ctx, "tcp", laddr)
	if err != nil {
		return nil, &DataError{Mode: c.activeMode(), Op: "listen", Local: laddr, Failure: DataOther, Err: err}
	}
	addr, err := addrPort(ln.Addr())
	if err != nil {
		ln.Close()
		return nil, err
	}
	l := &ActiveListener{c: c, ln: ln, addr: addr, peer: peer.Addr(), mode: c.activeMode()}
	c.tr.printf("data: listening on %s (%s)", addr, l.mode)
	return l, nil
}

// activeMode is the command the next active transfer starts with.
func (c *Conn) activeMode() Mode {
	switch {
	case c.cfg.mode == PORT || c.cfg.mode == EPRT:
		return c.cfg.mode
	case c.cfg.noEPRT || c.eprtRefused:
		return PORT
	}
	return EPRT
}

// Addr is the address to announce.
func (l *ActiveListener) Addr() netip.AddrPort { return l.addr }

// Close stops listening.
func (l *ActiveListener) Close() error {
	if l.closed.Swap(true) {
		return nil
	}
	return l.ln.Close()
}

// Accept waits, within the data timeout, for the server's data connection
// and secures it with TLS after PROT P. The listener is closed afterwards.
func (l *ActiveListener) Accept() (net.Conn, error) {
	defer l.Close()
	start := time.Now()
	var timedOut atomic.Bool
	if d := l.c.cfg.dataTimeout; d > 0 {
		t := time.AfterFunc(d, func() { timedOut.Store(true); l.Close() })
		defer t.Stop()
	}
	conn, err := l.accept()
	if err != nil {
		if timedOut.Load() {
			return nil, l.timeout(time.Since(start))
		}
		return nil, err
	}
	raw := conn
	if l.c.prot {
		tc, err := l.c.secureData(conn, l.c.cfg.dataTimeout)
		if err != nil {
			conn.Close()
			return nil, err
		}
		conn = tc
	}
	return l.c.wrapData(conn, raw, conn.RemoteAddr().String()+" -> "+conn.LocalAddr().String()), nil
}

// accept returns the first connection from the control connection's peer.
// A connection from anywhere else is closed at once: it could be another
// host stealing the port we announced (RFC 2577 §5).
func (l *ActiveListener) accept() (net.Conn, error) {
	for {
		conn, err := l.ln.Accept()
		if err != nil {
			if l.closed.Load() {
				return nil, fmt.Errorf("listener on %s closed: %w", l.addr, net.ErrClosed)
			}
			return nil, &DataError{Mode: l.mode, Op: "accept", Local: l.addr.String(), Failure: classify(err), Err: err}
		}
		from, err := addrPort(conn.RemoteAddr())
		if err == nil && from.Addr() == l.peer {
			l.c.tr.printf("data: accepted from %s on %s", from, l.addr)
			return conn, nil
		}
		l.c.tr.printf("data: refused a connection from %s: not the control connection's peer %s", conn.RemoteAddr(), l.peer)
		conn.Close()
	}
}

func (l *ActiveListener) timeout(after time.Duration) error {
	de := &DataError{Mode: l.mode, Op: "accept", Local: l.addr.String(), Failure: DataTimeout, After: after,
		Err: errors.New("the server never connected")}
	l.c.tr.printf("data: %v", de)
	return de
}

// openActive listens and announces the listener with EPRT or PORT in the
// Conn's active mode, falling back from EPRT to PORT on a 5xx reply in
// mode Active.
func (c *Conn) openActive() (*ActiveListener, error) {
	l, err := c.ListenActive()
	if err != nil {
		return nil, err
	}
	err = l.announce(l.mode)
	var re *ReplyError
	if err != nil && c.cfg.mode == Active && l.mode == EPRT && !c.cfg.noFallback && errors.As(err, &re) && re.Code/100 == 5 {
		c.eprtRefused = true
		c.tr.printf("data: EPRT refused (%d), falling back to PORT", re.Code)
		l.mode = PORT
		err = l.announce(PORT)
	}
	if err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}

// announce sends PORT or EPRT with the listener's address.
func (l *ActiveListener) announce(mode Mode) error {
	if mode == EPRT {
		_, err := l.c.cmd(2, "EPRT "+wire.FormatEPRT(l.addr))
		return err
	}
	arg, err := wire.FormatPORT(l.addr)
	if err != nil {
		return fmt.Errorf("active mode on %s: %w (use EPRT)", l.addr, err)
	}
	_, err = l.c.cmd(2, "PORT "+arg)
	return err
}
