package proxy

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"os"
	"sync"
	"syscall"
	"time"
)

// dataSlot holds the one data listener a session has prepared: a new
// PORT, EPRT, PASV or EPSV replaces it, and a refused one clears it.
type dataSlot struct {
	mu sync.Mutex
	ln net.Listener
}

// set closes the listener held, if any, and holds ln instead.
func (d *dataSlot) set(ln net.Listener) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ln != nil {
		d.ln.Close()
	}
	d.ln = ln
}

// take gives up ln if it is still the one held.
func (d *dataSlot) take(ln net.Listener) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ln == ln {
		d.ln = nil
	}
}

func (s *session) listen(local netip.AddrPort) (net.Listener, error) {
	ln, err := s.p.cfg.Network.Listen(s.ctx, "tcp", local.String())
	if err != nil {
		return nil, err
	}
	s.data.set(ln)
	s.emit(Event{Kind: DataListen, Local: addrPort(ln.Addr())})
	return ln, nil
}

// startData waits on ln for the peer that opens this data connection
// (the client in passive mode, the server in active mode), then dials
// target, the other peer, and relays between them.
func (s *session) startData(ln net.Listener, target netip.AddrPort, passive bool) {
	want, waited, dialled, mode := s.serverAddr.Addr(), "server", "client", "active"
	if passive {
		want, waited, dialled, mode = s.clientAddr.Addr(), "client", "server", "passive"
	}
	s.relays.Add(1)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer s.relays.Add(-1)
		in, err := s.accept(ln, want)
		if err != nil {
			s.emit(Event{Kind: DataFailed, Local: addrPort(ln.Addr()), Err: err, Passive: passive,
				Note: "the " + waited + " did not connect to the proxy's " + mode + " port"})
			return
		}
		out, err := s.dial(target)
		if err != nil {
			in.Close()
			s.emit(Event{Kind: DataFailed, From: addrPort(in.RemoteAddr()), To: target, Err: err, Passive: passive,
				Note: "the " + dialled + "'s " + mode + " port: " + dialOutcome(err)})
			return
		}
		c, u := in, out // relay takes the client's leg first
		if !passive {
			c, u = out, in
		}
		s.relay(c, u, addrPort(in.RemoteAddr()), target, passive)
	}()
}

// accept takes the first connection on ln that comes from want, within the
// data timeout; any other peer is closed at once (no port stealing).
func (s *session) accept(ln net.Listener, want netip.Addr) (net.Conn, error) {
	defer s.data.take(ln)
	defer ln.Close()
	t := time.AfterFunc(s.p.cfg.DataTimeout, func() { ln.Close() })
	defer t.Stop()
	for {
		c, err := ln.Accept()
		if err != nil {
			if s.ctx.Err() == nil && !t.Stop() {
				return nil, errNoDataConn
			}
			return nil, err
		}
		if from := addrPort(c.RemoteAddr()); from.Addr() != want {
			s.emit(Event{Kind: Refused, From: from, Local: addrPort(ln.Addr()),
				Note: "data connection from " + from.Addr().String() + " closed: only " + want.String() + " may connect (port stealing defence)"})
			c.Close()
			continue
		}
		return c, nil
	}
}

var errNoDataConn = errors.New("no data connection within the data timeout")

func (s *session) dial(target netip.AddrPort) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(s.ctx, s.p.cfg.DialTimeout)
	defer cancel()
	return s.p.cfg.Network.Dial(ctx, "tcp", "", target.String())
}

// relay copies both ways between the client's leg c and the server's leg
// u until both have closed; from dialled to (the client in passive mode,
// the server in active mode). relayCopy lets the kernel splice between two
// TCP connections, so the bytes are not copied through user space.
func (s *session) relay(c, u net.Conn, from, to netip.AddrPort, passive bool) {
	s.emit(Event{Kind: DataOpen, From: from, To: to, Passive: passive})
	setWriteBuffer(c)
	setWriteBuffer(u)
	// The session's end ends its transfers too.
	stop := context.AfterFunc(s.ctx, func() { c.Close(); u.Close() })
	defer stop()
	var up int64
	var uerr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		up, uerr = relayCopy(u, c)
		closeWrite(u)
		if up > 0 {
			s.emit(Event{Kind: DataBytes, From: from, To: to, Passive: passive, Up: up})
		}
	}()
	// In stream mode the sender's close ends the file (RFC 959 §3.4.1):
	// each direction is reported as it ends, the connection once both have.
	down, derr := relayCopy(c, u)
	closeWrite(c)
	if down > 0 {
		s.emit(Event{Kind: DataBytes, From: from, To: to, Passive: passive, Down: down})
	}
	<-done
	c.Close()
	u.Close()
	s.emit(Event{Kind: DataClose, From: from, To: to, Passive: passive, Up: up, Down: down, Err: errors.Join(uerr, derr)})
}

// relayWriteBuffer is the send buffer of each leg of a data connection
// (SO_SNDBUF; Linux doubles it). The relay's cost is the kernel's work on
// a second TCP hop, and each time the receiver frees room the relay
// wakes: with Linux's autotuned buffer (4 MiB at most) a 256 MiB RETR
// from vsftpd to curl woke it about 1400 times and took 100 ms of CPU,
// with this one about 960 times and 84 ms (means of 20, bench/README.md).
// It bounds, not reserves, the memory queued per connection.
const relayWriteBuffer = 4 << 20

// setWriteBuffer sets c's send buffer to relayWriteBuffer where the
// connection has one; a failure leaves the default, which only costs CPU.
func setWriteBuffer(c net.Conn) {
	if b, ok := c.(interface{ SetWriteBuffer(int) error }); ok {
		b.SetWriteBuffer(relayWriteBuffer)
	}
}

func closeWrite(c net.Conn) {
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
		return
	}
	c.Close()
}

// dialOutcome names how a dial failed, in the lab's words.
func dialOutcome(err error) string {
	switch {
	case err == nil:
		return "established"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "refused"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "unreachable (" + err.Error() + ")"
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded):
		return "no answer (timeout)"
	}
	return err.Error()
}
