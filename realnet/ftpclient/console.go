package ftpclient

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"ftplab/realnet/wire"
)

// Console drives the protocol by hand, one typed line at a time, the way
// a student learns it: each line is sent as typed and its reply returned,
// a 4xx or 5xx being a reply, not an error. Lines that concern the data
// connection are followed through:
//
//   - PASV and EPSV: the client connects to the port the 227 or 229 reply
//     announces (as the Conn's mode says for 227: the reply's address in
//     mode PASV or WithPasvAddress, the control peer otherwise).
//   - PORT and EPRT typed without an argument: the client listens first
//     and sends the command with its own address. With an argument they
//     are sent as typed (the bounce-attack lesson names a third host).
//   - LIST, NLST, MLSD, RETR, STOR, STOU, APPE: sent over the data
//     connection the last of the above prepared; after a 1xx reply the
//     data is read into (or, for an upload, written from) the caller's
//     streams, and the final reply read.
//
// A Console belongs to one Conn and, like it, is not safe for concurrent
// use. Mixing it with the Conn's own transfers is fine: each of those
// opens its own data connection.
type Console struct {
	c    *Conn
	data *pendingData // prepared by the last PASV, EPSV, PORT or EPRT
}

// Console returns a console on c.
func (c *Conn) Console() *Console { return &Console{c: c} }

// Exchange is what one console line did.
type Exchange struct {
	Sent  string // the line as sent: a bare PORT or EPRT carries the listener's address
	Reply Reply  // the server's reply to it
	// For a transfer that started (a 1xx Reply): the final reply (Code 0
	// if none could be read) and the bytes the data connection carried.
	Final Reply
	Bytes int64
}

// Transferred reports whether the line started a transfer.
func (x Exchange) Transferred() bool { return x.Reply.Code/100 == 1 }

// ErrNoDataConnection is the error when the server starts a transfer the
// console prepared no data connection for.
var ErrNoDataConnection = errors.New("no data connection: send PASV, EPSV, PORT or EPRT first")

var (
	downloadVerbs = map[string]bool{"LIST": true, "NLST": true, "MLSD": true, "RETR": true}
	uploadVerbs   = map[string]bool{"STOR": true, "STOU": true, "APPE": true}
)

// Do sends one line. What a download brings goes to sink (nil discards
// it); an upload sends what source holds (nil: an empty file). The error
// is for what the client could not do: send the line, read a reply, make
// or use the data connection; the Exchange holds what happened until
// then.
func (k *Console) Do(line string, sink io.Writer, source io.Reader) (Exchange, error) {
	line = strings.TrimSpace(line)
	cmd, err := wire.ParseCommand(line)
	if err != nil {
		cmd = wire.Command{Verb: strings.ToUpper(line)}
	}
	switch {
	case (cmd.Verb == "PORT" || cmd.Verb == "EPRT") && cmd.Arg == "":
		return k.active(cmd.Verb)
	case cmd.Verb == "PASV" || cmd.Verb == "EPSV":
		return k.passive(line)
	case downloadVerbs[cmd.Verb]:
		if sink == nil {
			sink = io.Discard
		}
		return k.transfer(line, func(d io.ReadWriter) error { _, err := io.Copy(sink, d); return err })
	case uploadVerbs[cmd.Verb]:
		if source == nil {
			source = strings.NewReader("")
		}
		return k.transfer(line, func(d io.ReadWriter) error { _, err := io.Copy(d, source); return err })
	}
	r, err := k.c.raw(line)
	return Exchange{Sent: line, Reply: r}, err
}

// setData replaces the prepared data connection.
func (k *Console) setData(p *pendingData) {
	if k.data != nil {
		k.data.abort()
	}
	k.data = p
}

// Close closes the prepared data connection, if any.
func (k *Console) Close() { k.setData(nil) }

// passive sends PASV or EPSV and connects to the port the reply
// announces.
func (k *Console) passive(line string) (Exchange, error) {
	k.setData(nil)
	r, err := k.c.raw(line)
	x := Exchange{Sent: line, Reply: r}
	if err != nil || (r.Code != wire.CodePassive && r.Code != wire.CodeExtendedPassive) {
		return x, err
	}
	conn, mode, err := k.c.dialPassive(r)
	if err != nil {
		return x, err
	}
	k.setData(&pendingData{mode: mode, conn: conn})
	return x, nil
}

// active listens and announces the listener with PORT or EPRT (verb).
func (k *Console) active(verb string) (Exchange, error) {
	k.setData(nil)
	mode := PORT
	if verb == "EPRT" {
		mode = EPRT
	}
	l, err := k.c.listenActive(mode)
	if err != nil {
		return Exchange{}, err
	}
	line, err := l.command(mode)
	if err != nil {
		l.Close()
		return Exchange{}, err
	}
	r, err := k.c.raw(line)
	x := Exchange{Sent: line, Reply: r}
	if err != nil || r.Code/100 != 2 {
		l.Close()
		return x, err
	}
	k.setData(&pendingData{mode: mode, ln: l})
	return x, nil
}

// transfer sends a transfer command over the prepared data connection.
func (k *Console) transfer(line string, fn func(io.ReadWriter) error) (Exchange, error) {
	p := k.data
	k.data = nil
	if p == nil {
		r, err := k.c.raw(line)
		x := Exchange{Sent: line, Reply: r}
		if err == nil && x.Transferred() {
			k.c.pending++ // the server owes a final reply (425)
			err = fmt.Errorf("%s: %w", line, ErrNoDataConnection)
		}
		return x, err
	}
	x := Exchange{Sent: line}
	first, final, err := k.c.exchange(p, line, func(_ Reply, d *dataConn) error {
		defer func() { x.Bytes = d.in + d.out }()
		return fn(d)
	})
	x.Reply, x.Final = first, final
	return x, err
}
