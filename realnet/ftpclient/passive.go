package ftpclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"

	"ftplab/realnet/wire"
)

// openPassive asks the server to listen and connects to it, in the
// Conn's passive mode. It returns the connection and the mode used.
func (c *Conn) openPassive() (net.Conn, Mode, error) {
	switch c.cfg.mode {
	case EPSV:
		return c.epsv()
	case PASV:
		return c.pasv(false)
	case PASVCtlIP:
		return c.pasv(true)
	}
	if !c.cfg.noEPSV && !c.epsvRefused {
		conn, mode, err := c.epsv()
		var re *ReplyError
		if c.cfg.noFallback || !errors.As(err, &re) || re.Code/100 != 5 {
			return conn, mode, err
		}
		// A server that does not know EPSV (RFC 2428) answers 500 or
		// 502: try PASV now and from now on.
		c.epsvRefused = true
		c.tr.printf("data: EPSV refused (%d), falling back to PASV", re.Code)
	}
	return c.pasv(!c.cfg.pasvAddress)
}

// epsv sends EPSV and connects to the control peer's address with the
// port of the 229 reply (RFC 2428 §3).
func (c *Conn) epsv() (net.Conn, Mode, error) {
	r, err := c.cmd(wire.CodeExtendedPassive, "EPSV")
	if err != nil {
		return nil, EPSV, err
	}
	return c.dialPassive(r)
}

// pasv sends PASV and connects to the 227 reply's address or, with ctlIP,
// to the control peer's address with the 227 reply's port.
func (c *Conn) pasv(ctlIP bool) (net.Conn, Mode, error) {
	mode := PASV
	if ctlIP {
		mode = PASVCtlIP
	}
	r, err := c.cmd(wire.CodePassive, "PASV")
	if err != nil {
		return nil, mode, err
	}
	ap, err := wire.Parse227(r.Msg)
	if err != nil {
		return nil, mode, err
	}
	if ctlIP {
		peer, err := addrPort(c.tcp.RemoteAddr())
		if err != nil {
			return nil, mode, err
		}
		if ap.Addr() != peer.Addr() {
			c.tr.printf("data: ignoring the 227 address %s, connecting to the control peer %s instead", ap.Addr(), peer.Addr())
		}
		ap = netip.AddrPortFrom(peer.Addr(), ap.Port())
	}
	conn, err := c.dialData(mode, ap)
	return conn, mode, err
}

// dialPassive connects to the data port a 227 or 229 reply announces,
// for a PASV or EPSV typed at the Console: to the control peer with the
// 229 port; to the 227 address in mode PASV or with WithPasvAddress, and
// otherwise to the control peer with the 227 port.
func (c *Conn) dialPassive(r Reply) (net.Conn, Mode, error) {
	peer, err := addrPort(c.tcp.RemoteAddr())
	if err != nil {
		return nil, 0, err
	}
	var mode Mode
	var target netip.AddrPort
	switch r.Code {
	case wire.CodeExtendedPassive:
		port, err := wire.Parse229(r.Msg)
		if err != nil {
			return nil, EPSV, err
		}
		mode, target = EPSV, netip.AddrPortFrom(peer.Addr(), port)
	case wire.CodePassive:
		ap, err := wire.Parse227(r.Msg)
		if err != nil {
			return nil, PASV, err
		}
		mode, target = PASV, ap
		if c.cfg.mode != PASV && !c.cfg.pasvAddress {
			mode, target = PASVCtlIP, netip.AddrPortFrom(peer.Addr(), ap.Port())
		}
	default:
		return nil, 0, fmt.Errorf("reply %q announces no passive address (want 227 or 229)", r)
	}
	conn, err := c.dialData(mode, target)
	return conn, mode, err
}

// dialData connects to target within the data timeout. Failures become a
// *DataError that says whether the attempt timed out or was refused.
func (c *Conn) dialData(mode Mode, target netip.AddrPort) (net.Conn, error) {
	ctx := c.ctx
	if c.cfg.dataTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.cfg.dataTimeout)
		defer cancel()
	}
	c.tr.printf("data: connecting to %s (%s)", target, mode)
	start := time.Now()
	conn, err := c.cfg.network.Dial(ctx, "tcp", "", target.String())
	if err != nil {
		de := &DataError{Mode: mode, Op: "connect", Remote: target.String(), Failure: classify(err), After: elapsed(err, time.Since(start)), Err: err}
		c.tr.printf("data: %v", de)
		return nil, de
	}
	c.tr.printf("data: connected %s -> %s", conn.LocalAddr(), conn.RemoteAddr())
	return c.watched(conn), nil
}
