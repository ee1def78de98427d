package lab

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/netip"
	"sync"
	"syscall"
	"time"

	"ftplab/realnet"
	"ftplab/sim"
)

// Lab is the simulated network: every address and port is virtual, every
// byte travels over a real loopback socket. Before each connection and
// each control line the lab asks the model (package sim) what the network
// does with it, and makes the real sockets behave so: a dropped SYN makes
// the dialer time out, a rejected one is refused at once, NAT changes the
// addresses the peers see, and the firewall's FTP helper rewrites lines in
// flight.
//
// The model is not safe for concurrent use; the lab serialises every call
// to it under mu, in the order the real FTP code makes them.
type Lab struct {
	Stepper *Stepper

	mu        sync.Mutex
	net       *sim.Net
	listeners map[netip.AddrPort]*labListener // by virtual address, per host below
	conns     map[sim.ConnID]*pending         // dialled, not yet accepted
	owner     map[sim.ConnID]*labListener     // accepted, by the listener that took them
	changed   chan struct{}
	closed    bool
	ctx       context.Context
	cancel    context.CancelFunc
}

// pending is a delivered connection the accepting side has not taken yet.
type pending struct {
	attempt sim.Attempt
}

// New returns a lab running the model n at the stepper's pace.
func New(n *sim.Net, st *Stepper) *Lab {
	ctx, cancel := context.WithCancel(context.Background())
	return &Lab{
		Stepper:   st,
		net:       n,
		listeners: make(map[netip.AddrPort]*labListener),
		conns:     make(map[sim.ConnID]*pending),
		owner:     make(map[sim.ConnID]*labListener),
		changed:   make(chan struct{}, 1),
		ctx:       ctx,
		cancel:    cancel,
	}
}

// Host returns the network as the named host of the model sees it.
func (l *Lab) Host(name string) realnet.Network { return &labHost{lab: l, name: name} }

// Changed is signalled (without blocking the lab) after each event, so a
// user interface can redraw.
func (l *Lab) Changed() <-chan struct{} { return l.changed }

// Timeline returns a copy of the model's timeline so far.
func (l *Lab) Timeline() *sim.Timeline {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.net.Timeline().Snapshot()
}

// Close releases every held operation with an error and closes all
// listeners. Connections already made are closed by their owners.
func (l *Lab) Close() error {
	l.mu.Lock()
	l.closed = true
	ls := make([]*labListener, 0, len(l.listeners))
	for _, ln := range l.listeners {
		ls = append(ls, ln)
	}
	l.mu.Unlock()
	l.cancel()
	for _, ln := range ls {
		ln.Close()
	}
	return nil
}

// do waits for the stepper, then runs f under the lab's lock.
func (l *Lab) do(ctx context.Context, f func(n *sim.Net)) error {
	if err := l.Stepper.wait(mergeDone(ctx, l.ctx)); err != nil {
		return err
	}
	l.mu.Lock()
	f(l.net)
	l.mu.Unlock()
	select {
	case l.changed <- struct{}{}:
	default:
	}
	return nil
}

// mergeDone returns a context that ends when either a or b does.
func mergeDone(a, b context.Context) context.Context {
	ctx, cancel := context.WithCancel(a)
	context.AfterFunc(b, cancel)
	return ctx
}

type labHost struct {
	lab  *Lab
	name string
}

func (h *labHost) Listen(ctx context.Context, network, address string) (net.Listener, error) {
	ap, err := parseVirtual(address)
	if err != nil {
		return nil, &net.OpError{Op: "listen", Net: network, Err: err}
	}
	real, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ln := &labListener{lab: h.lab, host: h.name, real: real, open: make(map[sim.ConnID]bool)}
	var lerr error
	err = h.lab.do(ctx, func(n *sim.Net) {
		ln.addr, lerr = n.Listen(h.name, ap)
		if lerr == nil {
			h.lab.listeners[ln.addr] = ln
		}
	})
	if err == nil {
		err = lerr
	}
	if err != nil {
		real.Close()
		return nil, &net.OpError{Op: "listen", Net: network, Addr: tcpAddr(ap), Err: err}
	}
	return ln, nil
}

func (h *labHost) Dial(ctx context.Context, network, laddr, raddr string) (net.Conn, error) {
	remote, err := parseVirtual(raddr)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	var local netip.AddrPort
	if laddr != "" {
		if local, err = parseVirtual(laddr); err != nil {
			return nil, &net.OpError{Op: "dial", Net: network, Err: err}
		}
	}
	var at sim.Attempt
	var target *labListener
	var cerr error
	var waitMs int64
	var passive bool // the client failed to reach a port the server listens on
	var server string
	err = h.lab.do(ctx, func(n *sim.Net) {
		waitMs = n.DataTimeout(h.name)
		at, cerr = n.Connect(h.name, local, remote)
		if at.Verdict != sim.Delivered {
			sc := n.Scenario()
			passive, server = h.name == sc.ClientHost, sc.ServerHost
		}
		if cerr == nil && at.Verdict == sim.Delivered {
			target = h.lab.listeners[at.Listener]
			h.lab.conns[at.Conn] = &pending{attempt: at}
			if target != nil && !target.control() {
				target.open[at.Conn] = true
				h.lab.owner[at.Conn] = target
			}
		}
	})
	if err == nil {
		err = cerr
	}
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Addr: tcpAddr(remote), Err: err}
	}
	op := &net.OpError{Op: "dial", Net: network, Source: tcpAddr(at.Local), Addr: tcpAddr(remote)}
	if passive && cerr == nil {
		h.lab.missed(remote, server)
	}
	switch at.Verdict {
	case sim.Dropped:
		// The SYN vanished. The model has logged the lab timeout as an
		// event; the stepper has already held it as long as the user
		// wanted, so the dialer gives up now.
		op.Err = &timeoutError{after: time.Duration(waitMs) * time.Millisecond}
		return nil, op
	case sim.Rejected:
		op.Err = syscall.ECONNREFUSED
		if at.Unreachable {
			op.Err = syscall.EHOSTUNREACH
		}
		return nil, op
	}
	if target == nil {
		op.Err = fmt.Errorf("lab: no socket behind listener %v", at.Listener)
		return nil, op
	}
	c, err := net.Dial("tcp4", target.real.Addr().String())
	if err != nil {
		op.Err = err
		return nil, op
	}
	// The first eight bytes name the connection to the accepting side; the
	// FTP code on either end never sees them.
	var hdr [8]byte
	binary.BigEndian.PutUint64(hdr[:], uint64(at.Conn))
	if _, err := c.Write(hdr[:]); err != nil {
		c.Close()
		op.Err = err
		return nil, op
	}
	return newLabConn(h.lab, c, at, true), nil
}

type labListener struct {
	lab  *Lab
	host string
	real net.Listener
	addr netip.AddrPort
	once sync.Once

	// Guarded by lab.mu. An FTP data listener serves one connection: the
	// model drops it when that connection closes, not when the real
	// listener is closed, since closing it right after accept races with
	// the peer's next write and the timeline must not depend on which
	// goroutine wins.
	open       map[sim.ConnID]bool
	unlistened bool
	// missed: a dial to this data listener was dropped or refused. The
	// lab's client does not dial a passive port twice, so no connection
	// will come: Accept gives up after the lab's logical timeout instead
	// of waiting for the server's real data timeout (an hour in the lab).
	missed bool
}

func (ln *labListener) control() bool { return ln.addr.Port() == sim.ControlPort }

func (ln *labListener) Accept() (net.Conn, error) {
	for {
		if err := ln.giveUp(); err != nil {
			return nil, err
		}
		c, err := ln.real.Accept()
		if err != nil {
			return nil, err
		}
		var hdr [8]byte
		if _, err := io.ReadFull(c, hdr[:]); err != nil {
			c.Close() // a dialer that vanished before naming its connection
			continue
		}
		id := sim.ConnID(binary.BigEndian.Uint64(hdr[:]))
		ln.lab.mu.Lock()
		p := ln.lab.conns[id]
		delete(ln.lab.conns, id)
		ln.lab.mu.Unlock()
		if p == nil {
			c.Close()
			continue
		}
		return newLabConn(ln.lab, c, p.attempt, false), nil
	}
}

func (ln *labListener) Close() error {
	var err error
	ln.once.Do(func() {
		err = ln.real.Close()
		ln.lab.mu.Lock()
		if ln.lab.listeners[ln.addr] == ln {
			delete(ln.lab.listeners, ln.addr)
		}
		now := !ln.unlistened && len(ln.open) == 0
		ln.lab.mu.Unlock()
		if now {
			ln.lab.do(context.Background(), func(n *sim.Net) { ln.unlisten(n) })
		}
	})
	return err
}

// unlisten removes the listener from the model, once; lab.mu is held.
func (ln *labListener) unlisten(n *sim.Net) {
	if ln.unlistened || ln.lab.closed {
		return
	}
	ln.unlistened = true
	_ = n.Unlisten(ln.host, ln.addr) // the model reports only a listener it never had
}

// connClosed is called, under lab.mu, when the model has closed
// connection id: the data listener that delivered it goes too.
func (l *Lab) connClosed(n *sim.Net, id sim.ConnID) {
	ln := l.owner[id]
	if ln == nil {
		return
	}
	delete(l.owner, id)
	delete(ln.open, id)
	if len(ln.open) == 0 {
		ln.unlisten(n)
	}
}

func (ln *labListener) Addr() net.Addr { return tcpAddr(ln.addr) }

// timeoutError is what a dialer gets when the model dropped its SYN. The
// wait is logical: the model's timeline says the dialer gave up after
// it, while no real time passed (headless).
type timeoutError struct{ after time.Duration }

func (e *timeoutError) Error() string {
	return fmt.Sprintf("i/o timeout after %v (lab: SYN dropped, no answer)", e.after)
}
func (*timeoutError) Timeout() bool   { return true }
func (*timeoutError) Temporary() bool { return true }
func (*timeoutError) Is(err error) bool {
	return err == context.DeadlineExceeded
}

// Elapsed is the logical time the attempt took, which ftpclient reports
// instead of the real time it measured.
func (e *timeoutError) Elapsed() time.Duration { return e.after }

var _ net.Error = (*timeoutError)(nil)

func parseVirtual(s string) (netip.AddrPort, error) {
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return netip.AddrPort{}, err
	}
	var a netip.Addr
	if host != "" {
		if a, err = netip.ParseAddr(host); err != nil {
			return netip.AddrPort{}, fmt.Errorf("lab address %q: %w", s, err)
		}
	}
	var p uint16
	if _, err := fmt.Sscan(port, &p); err != nil {
		return netip.AddrPort{}, fmt.Errorf("lab address %q: bad port", s)
	}
	return netip.AddrPortFrom(a, p), nil
}

func tcpAddr(ap netip.AddrPort) *net.TCPAddr {
	if !ap.IsValid() {
		return nil
	}
	return net.TCPAddrFromAddrPort(ap)
}
