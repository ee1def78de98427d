package ftpclient

import (
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"
)

// dataConn is an open data connection: it keeps the idle timeout on every
// read and write, counts bytes, and traces its close with the totals.
type dataConn struct {
	net.Conn
	raw     net.Conn // the TCP connection under TLS; Conn itself without
	tr      *tracer
	idle    time.Duration
	desc    string // "from -> to", the direction of the TCP connection
	start   time.Time
	in, out int64
	eof     bool // a read returned io.EOF: the server ended the data
	// serverClosesFirst: see WithServerClosesFirst.
	serverClosesFirst bool
	closeOnce         bool
}

func (c *Conn) wrapData(conn, raw net.Conn, desc string) *dataConn {
	return &dataConn{Conn: conn, raw: raw, tr: c.tr, idle: c.cfg.timeout, desc: desc, start: time.Now(),
		serverClosesFirst: c.cfg.serverClosesFirst}
}

func (d *dataConn) Read(p []byte) (int, error) {
	if d.idle > 0 {
		d.Conn.SetReadDeadline(time.Now().Add(d.idle))
	}
	n, err := d.Conn.Read(p)
	d.in += int64(n)
	d.eof = d.eof || err == io.EOF
	return n, err
}

func (d *dataConn) Write(p []byte) (int, error) {
	if d.idle > 0 {
		d.Conn.SetWriteDeadline(time.Now().Add(d.idle))
	}
	n, err := d.Conn.Write(p)
	d.out += int64(n)
	return n, err
}

func (d *dataConn) Close() error {
	if tc, ok := d.Conn.(*tls.Conn); ok && d.out > 0 {
		d.closeTLSUpload(tc)
	} else if ok && d.eof && d.serverClosesFirst {
		d.awaitServerClose()
	}
	err := d.Conn.Close()
	if !d.closeOnce {
		d.closeOnce = true
		d.tr.printf("data: closed %s: %d bytes received, %d sent in %v",
			d.desc, d.in, d.out, time.Since(d.start).Round(time.Microsecond))
	}
	return err
}

// awaitServerClose waits briefly, after a TLS download ended with the
// server's close_notify, for the server to close the TCP connection before
// answering with ours (WithServerClosesFirst).
func (d *dataConn) awaitServerClose() {
	d.raw.SetReadDeadline(time.Now().Add(quitLinger))
	io.Copy(io.Discard, io.LimitReader(d.raw, quitDrain))
}

// closeTLSUpload ends an upload over TLS gracefully. A TLS 1.3 server
// sends session tickets the uploading client never reads; closing a socket
// with unread data makes the kernel send RST, and the server may then lose
// the end of the file (vsftpd answers "426 Failure reading network
// stream"). So: close_notify, FIN, then read until the server closes.
func (d *dataConn) closeTLSUpload(tc *tls.Conn) {
	if err := tc.CloseWrite(); err != nil {
		return
	}
	if cw, ok := d.raw.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	wait := d.idle
	if wait <= 0 || wait > 5*time.Second {
		wait = 5 * time.Second
	}
	tc.SetReadDeadline(time.Now().Add(wait))
	io.Copy(io.Discard, tc)
}

// pendingData is a data connection on its way: the passive connection
// made before the transfer command, or the listener that waits for the
// server's connection after it.
type pendingData struct {
	mode Mode
	conn net.Conn        // passive
	ln   *ActiveListener // active
}

// openData prepares the data connection in the Conn's mode.
func (c *Conn) openData() (*pendingData, error) {
	if c.cfg.mode.IsPassive() {
		conn, mode, err := c.openPassive()
		if err != nil {
			return nil, err
		}
		return &pendingData{mode: mode, conn: conn}, nil
	}
	l, err := c.openActive()
	if err != nil {
		return nil, err
	}
	return &pendingData{mode: l.mode, ln: l}, nil
}

// establish finishes the data connection once the transfer command is
// sent: it accepts the server's connection (active) and starts TLS (after
// PROT P). abort makes it return.
//
// The TLS handshake starts once the server's 1xx has been read (prelim
// closed), as vsftpd expects (it sends 150, then accepts TLS), or after
// tlsDataGrace for a server that wants the handshake before its 150.
// Waiting for the 150 also keeps the lab's timeline in one order.
func (p *pendingData) establish(c *Conn, prelim <-chan struct{}) (*dataConn, error) {
	conn := p.conn
	var desc string
	if p.ln != nil {
		var err error
		if conn, err = p.ln.accept(); err != nil {
			return nil, err
		}
		p.ln.Close()
		desc = conn.RemoteAddr().String() + " -> " + conn.LocalAddr().String()
	} else {
		desc = conn.LocalAddr().String() + " -> " + conn.RemoteAddr().String()
	}
	raw := conn
	if c.prot {
		t := time.NewTimer(tlsDataGrace)
		select {
		case <-prelim:
		case <-t.C:
		}
		t.Stop()
		tc, err := c.secureData(conn, c.cfg.dataTimeout)
		if err != nil {
			conn.Close()
			return nil, &DataError{Mode: p.mode, Op: "TLS handshake", Local: desc, Failure: classify(err), Err: err}
		}
		conn = tc
	}
	return c.wrapData(conn, raw, desc), nil
}

// tlsDataGrace is how long a TLS data connection waits for the server's
// 1xx before starting the handshake anyway.
const tlsDataGrace = time.Second

// abort closes whatever the pending connection holds.
func (p *pendingData) abort() {
	if p.ln != nil {
		p.ln.Close()
	}
	if p.conn != nil {
		p.conn.Close()
	}
}

// Transfer runs one command that uses a data connection (RETR, STOR,
// APPE, LIST, NLST, MLSD, or anything a student types): it opens the data
// connection in the Conn's mode, sends REST offset when offset > 0, sends
// cmd, and once the server has answered 1xx calls fn with the data
// connection. Then it closes the data connection (the end of a file in
// stream mode, RFC 959 §3.4.1) and reads the final reply, which must be
// 2xx.
//
// The data connection is made while the server's 1xx reply is awaited:
// in active mode the server connects before or after its 150 depending on
// the server, and a TLS server may start the handshake either way.
func (c *Conn) Transfer(cmd string, offset int64, fn func(data io.ReadWriter) error) error {
	p, err := c.openData()
	if err != nil {
		return err
	}
	if offset > 0 {
		if _, err := c.cmd(3, "REST "+strconv.FormatInt(offset, 10)); err != nil {
			p.abort()
			return err
		}
	}
	if err := c.send(cmd); err != nil {
		p.abort()
		return err
	}
	type result struct {
		conn *dataConn
		err  error
	}
	ch := make(chan result, 1)
	prelim := make(chan struct{})
	go func() {
		conn, err := p.establish(c, prelim)
		ch <- result{conn, err}
	}()
	r, err := c.readReply()
	close(prelim)
	if err == nil && r.Code/100 != 1 {
		err = &ReplyError{Code: r.Code, Msg: r.Msg, Cmd: cmd}
	} else if err != nil {
		err = fmt.Errorf("%s: %w", cmd, err)
	}
	if err != nil {
		p.abort()
		if res := <-ch; res.conn != nil {
			res.conn.Close()
		}
		return err
	}

	// The server has said 1xx: from now on the data connection has the
	// data timeout to appear.
	var timeout <-chan time.Time
	if c.cfg.dataTimeout > 0 {
		t := time.NewTimer(c.cfg.dataTimeout)
		defer t.Stop()
		timeout = t.C
	}
	var res result
	select {
	case res = <-ch:
	case <-timeout:
		p.abort()
		if res = <-ch; res.conn != nil {
			res.conn.Close()
		}
		if p.ln != nil {
			res.err = p.ln.timeout(c.cfg.dataTimeout)
		} else {
			res.err = &DataError{Mode: p.mode, Op: "TLS handshake", Local: p.conn.LocalAddr().String(),
				Remote: p.conn.RemoteAddr().String(), Failure: DataTimeout, After: c.cfg.dataTimeout, Err: fmt.Errorf("timeout")}
		}
	}
	if res.err != nil {
		// The server still owes the final reply (425 or 426).
		c.pending++
		return res.err
	}

	ferr := fn(res.conn)
	res.conn.Close()
	r, err = c.readReply()
	switch {
	case ferr != nil:
		return fmt.Errorf("%s: %w", cmd, ferr)
	case err != nil:
		return fmt.Errorf("%s: %w", cmd, err)
	case r.Code/100 != 2:
		return &ReplyError{Code: r.Code, Msg: r.Msg, Cmd: cmd}
	}
	return nil
}
