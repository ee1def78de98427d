package ftpclient

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"time"

	"ftplab/realnet/wire"
)

// pendingData is a data connection on its way: the passive connection
// made before the transfer command, or the listener that waits for the
// server's connection after it.
type pendingData struct {
	mode Mode
	conn net.Conn        // passive
	ln   *activeListener // active
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
// APPE, LIST, NLST, MLSD, or anything else): it opens the data connection
// in the Conn's mode, sends REST offset when offset > 0, sends cmd, and
// once the server has answered 1xx calls fn with the data connection.
// Then it closes the data connection (the end of a file in stream mode,
// RFC 959 §3.4.1) and reads the final reply, which must be 2xx.
func (c *Conn) Transfer(cmd string, offset int64, fn func(data io.ReadWriter) error) error {
	return c.transfer(cmd, offset, func(_ Reply, d *dataConn) error { return fn(d) })
}

// transfer is Transfer with the server's 1xx reply (which may announce
// the size: "(1000 bytes)") and the counting data connection given to fn.
func (c *Conn) transfer(cmd string, offset int64, fn func(first Reply, d *dataConn) error) error {
	p, err := c.openData()
	if err != nil {
		return err
	}
	if offset > 0 {
		if _, err := c.cmd(wire.CodePendingInfo, "REST "+strconv.FormatInt(offset, 10)); err != nil {
			p.abort()
			return err
		}
	}
	first, final, err := c.exchange(p, cmd, fn)
	switch {
	case err != nil:
		return err
	case first.Code/100 != 1:
		return &ReplyError{Code: first.Code, Msg: first.Msg, Cmd: cmd}
	case final.Code/100 != 2:
		return &ReplyError{Code: final.Code, Msg: final.Msg, Cmd: cmd}
	}
	return nil
}

// exchange sends cmd with the data connection p on its way, and reads
// the server's first reply. Unless it is 1xx, p is closed and that reply
// returned. After a 1xx, once the data connection is made, fn runs with
// it; then the data connection is closed and the final reply read.
//
// The data connection is made while the 1xx reply is awaited: in active
// mode the server connects before or after its 150 depending on the
// server, and a TLS server may start the handshake either way.
func (c *Conn) exchange(p *pendingData, cmd string, fn func(first Reply, d *dataConn) error) (first, final Reply, err error) {
	if err := c.send(cmd); err != nil {
		p.abort()
		return first, final, err
	}
	ch := make(chan established, 1)
	prelim := make(chan struct{})
	go func() {
		conn, err := p.establish(c, prelim)
		ch <- established{conn, err}
	}()
	first, err = c.readReply()
	close(prelim)
	if err != nil || first.Code/100 != 1 {
		p.abort()
		if res := <-ch; res.conn != nil {
			res.conn.Close()
		}
		if err != nil {
			err = fmt.Errorf("%s: %w", cmd, err)
		}
		return first, final, err
	}
	d, err := c.awaitData(p, ch)
	if err != nil {
		c.pending++ // the server still owes the final reply (425 or 426)
		return first, final, err
	}
	ferr := fn(first, d)
	d.Close()
	final, err = c.readReply()
	switch {
	case ferr != nil:
		return first, final, fmt.Errorf("%s: %w", cmd, ferr)
	case err != nil:
		return first, final, fmt.Errorf("%s: %w", cmd, err)
	}
	return first, final, nil
}

// established is what establish returned.
type established struct {
	conn *dataConn
	err  error
}

// awaitData waits, once the server has said 1xx, for the data connection
// on its way to ch, within the data timeout.
func (c *Conn) awaitData(p *pendingData, ch <-chan established) (*dataConn, error) {
	var timeout <-chan time.Time
	if c.cfg.dataTimeout > 0 {
		t := time.NewTimer(c.cfg.dataTimeout)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case res := <-ch:
		return res.conn, res.err
	case <-timeout:
	}
	p.abort()
	if res := <-ch; res.conn != nil {
		res.conn.Close()
	}
	if p.ln != nil {
		return nil, p.ln.timeout(c.cfg.dataTimeout)
	}
	return nil, &DataError{Mode: p.mode, Op: "TLS handshake", Local: p.conn.LocalAddr().String(),
		Remote: p.conn.RemoteAddr().String(), Failure: DataTimeout, After: c.cfg.dataTimeout, Err: fmt.Errorf("timeout")}
}
