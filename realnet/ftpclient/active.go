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

// activeListener is the client's side of an active-mode data connection:
// a listener on the control connection's local address, to be announced
// with PORT or EPRT, that accepts the server's connection.
type activeListener struct {
	c      *Conn
	ln     net.Listener
	stop   func() bool // stops closing ln with the Conn
	addr   netip.AddrPort
	peer   netip.Addr // only connections from here are accepted
	mode   Mode
	closed atomic.Bool
}

// listenActive listens for a data connection on the control connection's
// local IP address (virtual in the lab; never assumed to be loopback), on
// a port the network chooses, for mode (PORT or EPRT) to announce.
func (c *Conn) listenActive(mode Mode) (*activeListener, error) {
	local, err := addrPort(c.tcp.LocalAddr())
	if err != nil {
		return nil, err
	}
	peer, err := addrPort(c.tcp.RemoteAddr())
	if err != nil {
		return nil, err
	}
	ctx := c.ctx
	if c.cfg.dataTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.cfg.dataTimeout)
		defer cancel()
	}
	laddr := netip.AddrPortFrom(local.Addr(), 0).String()
	ln, err := c.cfg.network.Listen(ctx, "tcp", laddr)
	if err != nil {
		return nil, &DataError{Mode: mode, Op: "listen", Local: laddr, Failure: DataOther, Err: err}
	}
	addr, err := addrPort(ln.Addr())
	if err != nil {
		ln.Close()
		return nil, err
	}
	l := &activeListener{c: c, ln: ln, addr: addr, peer: peer.Addr(), mode: mode,
		stop: context.AfterFunc(c.ctx, func() { ln.Close() })}
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

// Close stops listening.
func (l *activeListener) Close() error {
	if l.closed.Swap(true) {
		return nil
	}
	l.stop()
	return l.ln.Close()
}

// accept returns the first connection from the control connection's peer.
// A connection from anywhere else is closed at once: it could be another
// host stealing the port we announced (RFC 2577 §5).
func (l *activeListener) accept() (net.Conn, error) {
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
			return l.c.watched(conn), nil
		}
		l.c.tr.printf("data: refused a connection from %s: not the control connection's peer %s", conn.RemoteAddr(), l.peer)
		conn.Close()
	}
}

func (l *activeListener) timeout(after time.Duration) error {
	de := &DataError{Mode: l.mode, Op: "accept", Local: l.addr.String(), Failure: DataTimeout, After: after,
		Err: errors.New("the server never connected")}
	l.c.tr.printf("data: %v", de)
	return de
}

// openActive listens and announces the listener with EPRT or PORT in the
// Conn's active mode, falling back from EPRT to PORT on a 5xx reply in
// mode Active.
func (c *Conn) openActive() (*activeListener, error) {
	l, err := c.listenActive(c.activeMode())
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
func (l *activeListener) announce(mode Mode) error {
	line, err := l.command(mode)
	if err != nil {
		return err
	}
	_, err = l.c.cmd(2, line)
	return err
}

// command is the PORT or EPRT line that announces the listener.
func (l *activeListener) command(mode Mode) (string, error) {
	if mode == EPRT {
		return "EPRT " + wire.FormatEPRT(l.addr), nil
	}
	arg, err := wire.FormatPORT(l.addr)
	if err != nil {
		return "", fmt.Errorf("active mode on %s: %w (use EPRT)", l.addr, err)
	}
	return "PORT " + arg, nil
}
