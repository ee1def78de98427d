package ftpclient

import (
	"context"
	"crypto/tls"
	"io"
	"net"
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

// watchedConn is a data connection that Conn.Close closes too (see
// Conn.ctx); closing it first stops the watch.
type watchedConn struct {
	net.Conn
	stop func() bool
}

func (c *Conn) watched(nc net.Conn) *watchedConn {
	return &watchedConn{Conn: nc, stop: context.AfterFunc(c.ctx, func() { nc.Close() })}
}

func (w *watchedConn) Close() error {
	w.stop()
	return w.Conn.Close()
}

// CloseWrite half-closes the connection when the network's connection can.
func (w *watchedConn) CloseWrite() error {
	if cw, ok := w.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
