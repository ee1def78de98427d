package lab

import (
	"context"
	"encoding/binary"
	"net"
	"net/netip"
	"time"

	"ftplab/sim"
)

// A data listener whose dialer failed to reach it (issue 9 item 12): in
// the lab a dropped SYN fails at once, so a server that then waits for
// the data connection would wait its real data timeout. The lab makes
// that wait logical too: Accept gives up with a timeout event, and the
// server answers 425 as a real one does after its data timeout.

// missed marks the data listener at addr (or the server's on addr's
// port), if any, as one that no
// connection will reach, and wakes an Accept already waiting on it. Only
// the server's (passive) listeners: in active mode the client reads the
// server's 425 and stops waiting itself.
func (l *Lab) missed(addr netip.AddrPort, server string) {
	l.mu.Lock()
	ln := l.listeners[addr]
	if ln == nil {
		// Behind NAT the client dials an address the server does not
		// have (the router's, from pasv_address): the listener is the
		// server's on that port.
		for a, cand := range l.listeners {
			if a.Port() == addr.Port() && cand.host == server {
				ln = cand
			}
		}
	}
	if ln == nil || ln.control() || len(ln.open) > 0 || ln.missed {
		l.mu.Unlock()
		return
	}
	ln.missed = true
	l.mu.Unlock()
	// A connection that names no lab connection (id 0) wakes Accept,
	// which drops it and finds the listener missed.
	if c, err := net.Dial("tcp4", ln.real.Addr().String()); err == nil {
		var hdr [8]byte
		binary.BigEndian.PutUint64(hdr[:], 0)
		c.Write(hdr[:])
		c.Close()
	}
}

// giveUp returns the error of an Accept on a missed listener, after
// recording the logical wait; nil when a connection may still come.
func (ln *labListener) giveUp() error {
	ln.lab.mu.Lock()
	missed := ln.missed && len(ln.open) == 0
	ln.lab.mu.Unlock()
	if !missed {
		return nil
	}
	var wait time.Duration
	ln.lab.do(context.Background(), func(n *sim.Net) {
		wait = time.Duration(n.DataTimeout(ln.host)) * time.Millisecond
		n.AcceptTimeout(ln.host, ln.addr)
	})
	return &net.OpError{Op: "accept", Net: "tcp", Addr: tcpAddr(ln.addr), Err: &timeoutError{after: wait}}
}
