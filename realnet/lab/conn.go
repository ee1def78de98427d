package lab

import (
	"bytes"
	"context"
	"net"
	"net/netip"
	"sync"

	"ftplab/sim"
)

// labConn is one end of a lab connection: a real loopback socket that
// reports the virtual addresses this end sees, and that passes everything
// it writes through the model first.
//
// On a control connection whole lines are handed to the model, which may
// rewrite them (the FTP helper behind NAT); a partial line waits for its
// end, as a line split over two segments is invisible to the kernel's
// helper. Once the control connection is encrypted (AUTH TLS), and on
// data connections, writes are counted as bytes.
type labConn struct {
	net.Conn
	lab           *Lab
	id            sim.ConnID
	dialer        bool // this end dialled
	local, remote netip.AddrPort
	control       bool

	wmu     sync.Mutex
	partial []byte // a control line not yet ended
	closeMu sync.Once
}

func newLabConn(l *Lab, c net.Conn, at sim.Attempt, dialer bool) *labConn {
	lc := &labConn{Conn: c, lab: l, id: at.Conn, dialer: dialer, control: at.Remote.Port() == sim.ControlPort}
	if dialer {
		lc.local, lc.remote = at.Local, at.Remote
	} else {
		lc.local, lc.remote = at.SeenLocal, at.SeenRemote
	}
	return lc
}

func (c *labConn) LocalAddr() net.Addr  { return tcpAddr(c.local) }
func (c *labConn) RemoteAddr() net.Addr { return tcpAddr(c.remote) }

func (c *labConn) Write(p []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if !c.control || c.encrypted() {
		if err := c.model(func(n *sim.Net) error { return n.Bytes(c.id, c.dialer, len(p)) }); err != nil {
			return 0, err
		}
		return c.Conn.Write(p)
	}
	c.partial = append(c.partial, p...)
	for {
		i := bytes.IndexByte(c.partial, '\n')
		if i < 0 {
			break
		}
		line := string(bytes.TrimRight(c.partial[:i], "\r"))
		c.partial = c.partial[i+1:]
		out := line
		if err := c.model(func(n *sim.Net) (err error) { out, err = n.Line(c.id, c.dialer, line); return err }); err != nil {
			return 0, err
		}
		if _, err := c.Conn.Write([]byte(out + "\r\n")); err != nil {
			return 0, err
		}
	}
	if len(c.partial) == 0 {
		c.partial = nil // let a large buffer go
	}
	return len(p), nil
}

// model runs f as one stepped operation of the lab.
func (c *labConn) model(f func(n *sim.Net) error) error {
	var ferr error
	if err := c.lab.do(context.Background(), func(n *sim.Net) { ferr = f(n) }); err != nil {
		return &net.OpError{Op: "write", Net: "tcp", Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: err}
	}
	if ferr != nil {
		return &net.OpError{Op: "write", Net: "tcp", Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: ferr}
	}
	return nil
}

// encrypted reports whether the model saw AUTH TLS succeed on this
// connection: from then on its bytes are ciphertext.
func (c *labConn) encrypted() bool {
	c.lab.mu.Lock()
	defer c.lab.mu.Unlock()
	cs, err := c.lab.net.Conn(c.id)
	return err == nil && cs.TLS
}

func (c *labConn) Close() error {
	c.closeMu.Do(func() {
		// Only the first close of a connection is an event worth a step.
		c.lab.mu.Lock()
		cs, err := c.lab.net.Conn(c.id)
		c.lab.mu.Unlock()
		if err != nil || cs.Status != sim.StatusOpen {
			return
		}
		_ = c.model(func(n *sim.Net) error {
			err := n.Close(c.id, c.dialer)
			c.lab.connClosed(n, c.id)
			return err
		})
	})
	return c.Conn.Close()
}

// CloseWrite half-closes like a TCP connection, for code that relies on it.
func (c *labConn) CloseWrite() error {
	if tc, ok := c.Conn.(*net.TCPConn); ok {
		return tc.CloseWrite()
	}
	return nil
}
