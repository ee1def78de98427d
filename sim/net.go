package sim

import (
	"fmt"
	"net/netip"
	"strings"
)

// DefaultTimeoutMs is the lab's data-connect timeout: how long a dialer
// waits for a SYN that vanished (the oracle used 3 s).
const DefaultTimeoutMs = 3000

// stepMs is how far each event advances the logical clock.
const stepMs = 1

// Net is one simulated network built from a scenario: its hosts,
// firewalls, conntrack tables, listeners and connections, and the
// timeline of what happened. It is not safe for concurrent use.
type Net struct {
	sc        Scenario
	topo      Topology
	fws       []Firewall
	ports     map[string]*portAllocator
	conns     []*conn
	st        State
	tl        *Timeline
	now       int64
	timeoutMs int64
}

// conn is the simulator's own record of a connection: the path its SYN
// took, with the packet as it arrived at and left each host.
type conn struct {
	id                ConnID
	control           bool
	dialer, acceptor  string
	hops              []hop
	delivered, closed bool
	encrypted         bool
	authPending       bool
}

// hop is one host on a connection's path, dialer first.
type hop struct {
	host          string
	in, out       string // interface names; "" at the ends
	arrive, leave packet // the SYN as it arrived (or was sent) and as it left (after NAT)
}

// New builds the network of scenario sc. seed drives every random choice
// (ephemeral ports): the same scenario, seed and calls give the same
// timeline.
func New(sc Scenario, seed uint64) *Net {
	n := &Net{
		sc:    sc.clone(),
		ports: map[string]*portAllocator{},
		tl:    newTimeline(),
	}
	n.topo = n.sc.Topology
	n.fws = n.sc.Firewalls
	for _, h := range n.topo.Hosts {
		n.ports[h.Name] = newPortAllocator(seed, h.Name)
	}
	return n
}

// SetTimeout sets the logical time every dropped connection attempt
// waits before its timeout event, over the scenario's data timeouts
// (default DefaultTimeoutMs).
func (n *Net) SetTimeout(ms int64) { n.timeoutMs = ms }

// Scenario returns the scenario the network was built from.
func (n *Net) Scenario() Scenario { return n.sc.clone() }

// Timeline returns the network's timeline; it grows as calls are made.
func (n *Net) Timeline() *Timeline { return n.tl }

// State returns the current state (the state after the last event).
func (n *Net) State() State {
	s := n.st.clone()
	s.Step, s.Time = n.tl.Len(), n.now
	return s
}

func (n *Net) firewall(host string) *Firewall {
	for i := range n.fws {
		if n.fws[i].Host == host {
			return &n.fws[i]
		}
	}
	return nil
}

func (n *Net) fwName(host string) string {
	if f := n.firewall(host); f != nil {
		return f.Name
	}
	return ""
}

func (n *Net) tracks(host string) bool { return n.firewall(host).Tracks() }

// emit stamps e, advances the clock and snapshots the state.
func (n *Net) emit(e Event) {
	n.advance(stepMs)
	e.Seq = n.tl.Len() + 1
	e.Time = n.now
	n.tl.add(e, n.st.clone())
}

func (n *Net) advance(ms int64) {
	n.now += ms
	n.pruneExpectations()
}

func (n *Net) conn(id ConnID) (*conn, error) {
	if id < 1 || int(id) > len(n.conns) {
		return nil, fmt.Errorf("sim: no connection %d", id)
	}
	return n.conns[id-1], nil
}

func (n *Net) connState(id ConnID) *ConnState { return &n.st.Conns[id-1] }

// Listen opens a listener of host on addr. An unspecified (or zero)
// address listens on all the host's addresses; port 0 picks an ephemeral
// port. It returns the address listened on.
func (n *Net) Listen(host string, addr netip.AddrPort) (netip.AddrPort, error) {
	h := n.topo.host(host)
	if h == nil {
		return netip.AddrPort{}, fmt.Errorf("sim: listen on %s: no host %q", addr, host)
	}
	a := addr.Addr()
	if !a.IsValid() {
		a = netip.IPv4Unspecified()
	}
	if !a.IsUnspecified() && !h.Owns(a) {
		return netip.AddrPort{}, fmt.Errorf("sim: listen on %s: %s is not an address of host %s", addr, a, host)
	}
	port := addr.Port()
	if port == 0 {
		p, err := n.ports[host].pick(host, func(q uint16) bool { return n.portInUse(host, q) })
		if err != nil {
			return netip.AddrPort{}, err
		}
		port = p
	}
	for _, l := range n.st.Listeners {
		if l.Host == host && l.Addr.Port() == port &&
			(l.Addr.Addr() == a || l.Addr.Addr().IsUnspecified() || a.IsUnspecified()) {
			return netip.AddrPort{}, fmt.Errorf("sim: listen on %s:%d on host %s: address in use by listener %s", a, port, host, l.Addr)
		}
	}
	ap := netip.AddrPortFrom(a, port)
	l := Listener{Host: host, Addr: ap, Control: port == ControlPort}
	n.st.Listeners = append(n.st.Listeners, l)
	label, what := LabelDataListen, "data"
	if l.Control {
		label, what = LabelControlListen, "control"
	}
	n.emit(Event{Host: host, Kind: kindOf(label), Label: label, To: ap,
		Text: fmt.Sprintf("%s listens on %s (%s)", host, ap, what)})
	return ap, nil
}

// Unlisten closes host's listener on addr (as Listen returned it).
func (n *Net) Unlisten(host string, addr netip.AddrPort) error {
	for i, l := range n.st.Listeners {
		if l.Host == host && l.Addr == addr {
			n.st.Listeners = append(n.st.Listeners[:i], n.st.Listeners[i+1:]...)
			label := LabelDataUnlisten
			if l.Control {
				label = LabelControlUnlisten
			}
			n.emit(Event{Host: host, Kind: kindOf(label), Label: label, To: addr,
				Text: fmt.Sprintf("%s stops listening on %s", host, addr)})
			return nil
		}
	}
	return fmt.Errorf("sim: unlisten %s on host %s: no such listener", addr, host)
}

func kindOf(label string) Kind {
	k, _, _ := strings.Cut(label, ".")
	return Kind(k)
}

// Verdict is what the network did with a connection attempt.
type Verdict string

// Verdicts.
const (
	// Delivered: the SYN reached a listener and the handshake completed.
	Delivered Verdict = "deliver"
	// Dropped: a packet of the handshake vanished; the dialer waits and
	// times out.
	Dropped Verdict = "drop"
	// Rejected: a RST came back (a reject rule, or nothing listening);
	// the dialer is refused at once.
	Rejected Verdict = "reject"
)

// Attempt is the outcome of Connect.
type Attempt struct {
	Conn    ConnID
	Verdict Verdict
	// Local is the dialer's own endpoint; Remote what it dialed.
	Local, Remote netip.AddrPort
	// To is the host that accepts (when delivered); SeenLocal and
	// SeenRemote are the connection as it sees it (after NAT): its own
	// endpoint and the peer's. Listener is the listener that takes it.
	To                    string
	SeenLocal, SeenRemote netip.AddrPort
	Listener              netip.AddrPort
	// By, Rule and Reason say who decided a drop or reject: a firewall
	// and its rule, or a host with nothing listening (Rule empty).
	By, Rule, Reason string
	// RuleLine is Rule's line in its file (0 for a policy or no rule).
	RuleLine int
	// Unreachable: the reject was an ICMP error meaning "no route to
	// host" (the dialer fails with EHOSTUNREACH, not ECONNREFUSED).
	Unreachable bool
}

// Connect makes host dial remote from local. A zero local address means
// the address of the interface the route leaves by; local port 0 picks an
// ephemeral port. A connection to port 21 is a control connection, any
// other a data connection. The attempt walks the path (firewalls, NAT,
// conntrack, expectations) and records its events; an error means the
// call itself was invalid (unknown host, foreign address, no route).
func (n *Net) Connect(host string, local, remote netip.AddrPort) (Attempt, error) {
	h := n.topo.host(host)
	if h == nil {
		return Attempt{}, fmt.Errorf("sim: connect %s -> %s: no host %q", local, remote, host)
	}
	if !remote.IsValid() || !remote.Addr().Is4() || remote.Port() == 0 {
		return Attempt{}, fmt.Errorf("sim: connect from host %s: invalid remote %q", host, remote)
	}
	out, _, err := h.Route(remote.Addr())
	if err != nil {
		return Attempt{}, err
	}
	la := local.Addr()
	if !la.IsValid() || la.IsUnspecified() {
		la = out.Addr.Addr()
	} else if !h.Owns(la) {
		return Attempt{}, fmt.Errorf("sim: connect %s -> %s: %s is not an address of host %s", local, remote, la, host)
	}
	if h.Owns(remote.Addr()) {
		return Attempt{}, fmt.Errorf("sim: connect %s -> %s: host %s dialing itself is not modelled", local, remote, host)
	}
	lp := local.Port()
	if lp == 0 {
		if lp, err = n.ports[host].pick(host, func(q uint16) bool { return n.portInUse(host, q) }); err != nil {
			return Attempt{}, err
		}
	}
	c := &conn{id: ConnID(len(n.conns) + 1), control: remote.Port() == ControlPort, dialer: host}
	n.conns = append(n.conns, c)
	src := netip.AddrPortFrom(la, lp)
	n.st.Conns = append(n.st.Conns, ConnState{ID: c.id, Control: c.control, Dialer: host,
		DialerLocal: src, DialerRemote: remote, Status: StatusConnecting})
	label, what := LabelDataConnect, "data"
	if c.control {
		label, what = LabelControlConnect, "control"
	}
	n.emit(Event{Host: host, Conn: c.id, Kind: kindOf(label), Label: label, From: src, To: remote,
		Text: fmt.Sprintf("%s dials %s from %s (%s connection)", host, remote, src, what)})

	a := n.walk(c, packet{src: src, dst: remote, flags: FlagSYN})
	a.Conn, a.Local, a.Remote = c.id, src, remote
	cs := n.connState(c.id)
	switch a.Verdict {
	case Delivered:
		c.delivered, c.acceptor = true, a.To
		cs.Status, cs.Acceptor, cs.AcceptorLocal, cs.AcceptorRemote = StatusOpen, a.To, a.SeenLocal, a.SeenRemote
		for _, hp := range c.hops {
			if i := n.st.ctIndex(hp.host, c.id); i >= 0 {
				n.st.Conntrack[i].State = CTEstablishedTCP
			}
		}
		label := LabelDataAccept
		if c.control {
			label = LabelControlAccept
		}
		n.emit(Event{Host: a.To, Conn: c.id, Kind: kindOf(label), Label: label, From: a.SeenRemote, To: a.SeenLocal,
			Text: fmt.Sprintf("%s accepts %s on %s (listener %s)", a.To, a.SeenRemote, a.SeenLocal, a.Listener)})
	case Dropped:
		cs.Status = StatusDropped
		wait := n.dialTimeout(c)
		n.advance(wait - stepMs)
		n.emit(Event{Host: host, Conn: c.id, Kind: KindTimeout, Label: LabelTimeout, From: src, To: remote,
			Verdict: string(Dropped), Firewall: a.By, Rule: a.Rule, RuleLine: a.RuleLine,
			Text: fmt.Sprintf("%s gives up on %s after %d ms: no answer (%s)", host, remote, wait, a.Reason)})
	case Rejected:
		cs.Status = StatusRefused
		for _, hp := range c.hops {
			if i := n.st.ctIndex(hp.host, c.id); i >= 0 {
				n.st.Conntrack[i].State = CTClose
			}
		}
		n.emit(Event{Host: host, Conn: c.id, Kind: KindTCP, Label: LabelRefused, From: src, To: remote,
			Verdict: string(Rejected), Firewall: a.By, Rule: a.Rule, RuleLine: a.RuleLine,
			Text: fmt.Sprintf("%s: connection to %s %s: %s", host, remote, a.refusal(), a.Reason)})
	}
	return a, nil
}

// Line carries one whole control line (without CRLF) over connection id,
// from the dialer (a command) or from the acceptor (a reply). Every
// conntrack helper on the path reads it in turn and may record an
// expectation or, under NAT, rewrite it; Line returns the line the other
// end receives. After a 234 reply to AUTH TLS the connection is encrypted:
// later lines are recorded but no middlebox can read them (the lab may
// report ciphertext with Bytes instead).
func (n *Net) Line(id ConnID, fromDialer bool, line string) (string, error) {
	c, err := n.conn(id)
	if err != nil {
		return line, fmt.Errorf("sim: line %q: %w", line, err)
	}
	if !c.delivered || c.closed {
		return line, fmt.Errorf("sim: line %q on connection %d: connection is not open", line, id)
	}
	cs := n.connState(id)
	sender, from, to := c.dialer, cs.DialerLocal, cs.DialerRemote
	if !fromDialer {
		sender, from, to = c.acceptor, cs.AcceptorLocal, cs.AcceptorRemote
	}
	label, kind := lineLabel(line, fromDialer)
	text := fmt.Sprintf("%s sends %q", sender, line)
	if c.encrypted {
		text += " inside TLS: the network sees only ciphertext"
	}
	n.emit(Event{Host: sender, Conn: id, Kind: kind, Label: label, From: from, To: to, Line: line, Text: text})
	out := line
	if !c.encrypted {
		for i := range c.hops {
			hp := c.hops[i]
			if !fromDialer {
				hp = c.hops[len(c.hops)-1-i]
			}
			out = n.runHelper(c, hp, fromDialer, out)
		}
	}
	code, rest, _ := strings.Cut(line, " ")
	switch {
	case fromDialer && strings.EqualFold(code, "AUTH") && (strings.EqualFold(strings.TrimSpace(rest), "TLS") || strings.EqualFold(strings.TrimSpace(rest), "SSL")):
		c.authPending = true
	case !fromDialer && c.authPending && len(line) >= 4 && line[3] == ' ':
		c.authPending = false
		if code == "234" {
			c.encrypted = true
			cs.TLS = true
			n.emit(Event{Host: c.acceptor, Conn: id, Kind: KindTLS, Label: LabelTLSStart, From: from, To: to,
				Text: "TLS starts on the control connection: from now on the ftp helpers see only ciphertext (no expectation, no rewrite)"})
		}
	}
	return out, nil
}

// lineLabel is cmd.<VERB> for a line from the dialer (the client) and
// reply.<code> for one from the acceptor (the server).
func lineLabel(line string, fromDialer bool) (string, Kind) {
	if fromDialer {
		verb, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		return CmdLabel(strings.ToUpper(verb)), KindCmd
	}
	code := line
	if len(code) > 3 {
		code = code[:3]
	}
	return ReplyLabel(code), KindReply
}

// Bytes records count bytes sent over connection id (file data, or
// ciphertext on a TLS control connection).
func (n *Net) Bytes(id ConnID, fromDialer bool, count int) error {
	c, err := n.conn(id)
	if err != nil {
		return fmt.Errorf("sim: %d bytes: %w", count, err)
	}
	if !c.delivered || c.closed {
		return fmt.Errorf("sim: %d bytes on connection %d: connection is not open", count, id)
	}
	cs := n.connState(id)
	sender, from, to := c.dialer, cs.DialerLocal, cs.DialerRemote
	if fromDialer {
		cs.BytesFromDialer += int64(count)
	} else {
		sender, from, to = c.acceptor, cs.AcceptorLocal, cs.AcceptorRemote
		cs.BytesFromAcceptor += int64(count)
	}
	what := "bytes"
	if c.control {
		what = "bytes of ciphertext"
	}
	n.emit(Event{Host: sender, Conn: id, Kind: KindData, Label: LabelDataBytes, From: from, To: to, Bytes: count,
		Text: fmt.Sprintf("%s sends %d %s to %s", sender, count, what, to)})
	return nil
}

// Close closes connection id from one end. Only the first close of an
// open connection makes an event; closing a connection that never opened
// is a no-op.
func (n *Net) Close(id ConnID, byDialer bool) error {
	c, err := n.conn(id)
	if err != nil {
		return fmt.Errorf("sim: close: %w", err)
	}
	if !c.delivered || c.closed {
		return nil
	}
	c.closed = true
	cs := n.connState(id)
	cs.Status = StatusClosed
	for _, hp := range c.hops {
		if i := n.st.ctIndex(hp.host, c.id); i >= 0 {
			n.st.Conntrack[i].State = CTClose
		}
	}
	closer, from, to := c.dialer, cs.DialerLocal, cs.DialerRemote
	if !byDialer {
		closer, from, to = c.acceptor, cs.AcceptorLocal, cs.AcceptorRemote
	}
	label := LabelDataClose
	if c.control {
		label = LabelClose
	}
	n.emit(Event{Host: closer, Conn: id, Kind: kindOf(label), Label: label, From: from, To: to,
		Text: fmt.Sprintf("%s closes %s -> %s", closer, from, to)})
	return nil
}

// Conn returns connection id as it is now: its endpoints, whether it is a
// control connection, and whether TLS has started on it.
func (n *Net) Conn(id ConnID) (ConnState, error) {
	if _, err := n.conn(id); err != nil {
		return ConnState{}, err
	}
	return *n.connState(id), nil
}

// dialTimeout is how long the dialer of c waits for an answer: SetTimeout's
// time, else for a data connection the dialer's DataTimeout, else
// DefaultTimeoutMs.
func (n *Net) dialTimeout(c *conn) int64 {
	switch {
	case n.timeoutMs > 0:
		return n.timeoutMs
	case c.control:
		return DefaultTimeoutMs
	}
	return n.DataTimeout(c.dialer)
}

// DataTimeout is how long, in logical milliseconds, host waits for a
// data connection (to open it, or for it to come): SetTimeout's time,
// else the scenario's data timeout of the server or client, else
// DefaultTimeoutMs.
func (n *Net) DataTimeout(host string) int64 {
	switch {
	case n.timeoutMs > 0:
		return n.timeoutMs
	case host == n.sc.ServerHost && n.sc.ServerDataTimeoutMs > 0:
		return n.sc.ServerDataTimeoutMs
	case host == n.sc.ClientHost && n.sc.ClientDataTimeoutMs > 0:
		return n.sc.ClientDataTimeoutMs
	}
	return DefaultTimeoutMs
}

// refusal says how a rejected connection failed for its dialer.
func (a Attempt) refusal() string {
	if a.Unreachable {
		return "failed: ICMP unreachable (no route to host)"
	}
	return "refused (RST)"
}
