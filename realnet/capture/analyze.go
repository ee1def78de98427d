package capture

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"ftplab/realnet/capture/pcap"
)

// Result is the analysis of one capture file.
type Result struct {
	File      string     `json:"file"`
	Packets   int        `json:"packets"`
	Undecoded int        `json:"undecoded,omitempty"` // packets whose headers did not parse
	Flows     int        `json:"tcp_connections"`
	Sessions  []*Session `json:"sessions"`
}

// analyzer follows every TCP connection of a capture, packet by packet.
type analyzer struct {
	now      time.Time
	flows    map[flowKey]*flow
	nflows   int
	sessions []*Session
	awaiting []*Attempt // attempts that may still get a data connection
	res      Result
}

// AnalyzeFile reads and analyses the capture file at path.
func AnalyzeFile(path string) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Analyze(path, f)
}

// Analyze reads a capture from r (name is for messages) and returns its
// FTP sessions. A capture without FTP is an error that says what it held.
func Analyze(name string, r io.Reader) (*Result, error) {
	rd, err := pcap.NewReader(name, r)
	if err != nil {
		return nil, err
	}
	a := &analyzer{flows: map[flowKey]*flow{}, res: Result{File: name}}
	var last pcap.Packet
	for {
		p, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		last = p
		a.res.Packets++
		d, err := pcap.Decode(p.Link, p.Data)
		if err != nil {
			a.res.Undecoded++
			continue
		}
		a.now = p.Time
		a.packet(d)
	}
	a.finish()
	if len(a.res.Sessions) == 0 {
		return nil, &pcap.FormatError{File: name, Offset: last.Offset + int64(len(last.Data)),
			Msg: fmt.Sprintf("no FTP control connection in %d packets (%d TCP connections): none on port 21 and none greeted with 220", a.res.Packets, a.nflows)}
	}
	return &a.res, nil
}

func (a *analyzer) packet(d pcap.Decoded) {
	if u := d.Unrch; u != nil {
		if f := a.flows[keyOf(u.Src, u.Dst)]; f != nil && f.unreach == nil {
			f.unreach, f.unreachAt = u, a.now
		}
		return
	}
	s := d.TCP
	if s == nil {
		return
	}
	k := keyOf(s.Src, s.Dst)
	f := a.flows[k]
	if f != nil && f.closed && s.Flags&pcap.SYN != 0 && s.Flags&pcap.ACK == 0 && s.Seq != f.synISN {
		a.retire(f) // the ports were used again: a new connection
		delete(a.flows, k)
		f = nil
	}
	if f == nil {
		f = a.open(s)
		a.flows[k] = f
	}
	before := *f
	f.segment(s, a.now)
	a.observe(f, &before)
	if f.closed && f.sess == nil {
		delete(a.flows, k) // not FTP: forget it, memory stays bounded
	}
}

// open starts following a new connection and decides what it is: the data
// connection of an announcement, an FTP control connection, or unknown
// until its first bytes say.
func (a *analyzer) open(s *pcap.Segment) *flow {
	a.nflows++
	f := newFlow(a.nflows, s, a.now, true)
	if at := a.match(f); at != nil {
		a.attach(at, f, true)
		return f
	}
	if f.acceptor.Port() == 21 || f.dialer.Port() == 21 {
		if f.dialer.Port() == 21 && f.acceptor.Port() != 21 {
			f.dialer, f.acceptor = f.acceptor, f.dialer
		}
		a.control(f)
		return f
	}
	if sess := a.opaqueSession(f); sess != nil {
		at := &Attempt{sess: sess}
		sess.Attempts = append(sess.Attempts, at)
		a.attach(at, f, false)
		at.Passive = !f.dc.ByServer
		return f
	}
	f.sniff = true
	for d := range f.dir {
		dir := d
		f.dir[d].onData = func(b []byte, missing int64) { a.sniffed(f, dir, b) }
	}
	return f
}

// sniffed looks at the first bytes of an unknown connection: a 220 from
// one side makes it an FTP control connection on a port other than 21.
func (a *analyzer) sniffed(f *flow, dir int, b []byte) {
	if !f.sniff || len(b) == 0 {
		return
	}
	f.sniff = false
	if len(b) >= 4 && string(b[:3]) == "220" && (b[3] == ' ' || b[3] == '-') {
		if dir == 0 {
			f.dialer, f.acceptor = f.acceptor, f.dialer
			f.dir[0], f.dir[1] = f.dir[1], f.dir[0]
		}
		sess := a.control(f)
		sess.feed(a, 1, b, 0)
		return
	}
	for _, h := range f.dir {
		h.keep, h.onData = false, nil
		h.pending, h.pendLen = nil, 0
	}
}

// control makes f the control connection of a new session.
func (a *analyzer) control(f *flow) *Session {
	sess := &Session{ID: len(a.sessions) + 1, Client: f.dialer, Server: f.acceptor, Start: f.first, ctl: f}
	sess.newConn()
	f.sess = sess
	a.sessions = append(a.sessions, sess)
	f.dir[0].onData = func(b []byte, missing int64) { sess.feed(a, 0, b, missing) }
	f.dir[1].onData = func(b []byte, missing int64) { sess.feed(a, 1, b, missing) }
	if f.syns > 0 { // found by its greeting, after the handshake
		sess.connectEvent(f, f.first)
	}
	if f.synAck {
		sess.acceptEvent(f, f.synAckAt)
	}
	return sess
}

// await lists an attempt as open for a data connection.
func (a *analyzer) await(at *Attempt) {
	for _, x := range a.awaiting {
		if x == at {
			return
		}
	}
	a.awaiting = append(a.awaiting, at)
	if len(a.awaiting) > 4096 { // bounded: the oldest are long over
		a.awaiting = a.awaiting[1:]
	}
}

// match finds the attempt whose announcement this new connection answers.
func (a *analyzer) match(f *flow) *Attempt {
	for i := len(a.awaiting) - 1; i >= 0; i-- {
		at := a.awaiting[i]
		if at.finished || !at.Announced.IsValid() {
			continue
		}
		s := at.sess
		to := f.acceptor
		if at.Passive && to.Port() == at.Announced.Port() && (to.Addr() == at.Announced.Addr() || to.Addr() == s.Server.Addr()) {
			return at
		}
		if !at.Passive && to == at.Announced {
			return at
		}
	}
	return nil
}

// opaqueSession finds a session under TLS between the same two hosts: its
// data connections cannot be linked to an announcement the capture never
// read.
func (a *analyzer) opaqueSession(f *flow) *Session {
	for i := len(a.sessions) - 1; i >= 0; i-- {
		s := a.sessions[i]
		if !s.TLS || s.ctl.closed {
			continue
		}
		x, y := f.dialer.Addr(), f.acceptor.Addr()
		if x == s.Client.Addr() && y == s.Server.Addr() || y == s.Client.Addr() && x == s.Server.Addr() {
			return s
		}
	}
	return nil
}

// attach makes f a data connection of the attempt.
func (a *analyzer) attach(at *Attempt, f *flow, announced bool) {
	s := at.sess
	dc := &DataConn{Conn: s.newConn(), From: f.dialer, To: f.acceptor, flow: f, announced: announced}
	dc.ByServer = f.dialer.Addr() == s.Server.Addr() && f.dialer.Addr() != s.Client.Addr() || !at.Passive && announced
	at.Data = append(at.Data, dc)
	f.dc = dc
	f.sess = s
	for _, h := range f.dir {
		h.keep = false
	}
	if f.syns > 0 {
		s.dataConnectEvent(dc, f.first)
	}
}

// retire ends a connection whose ports are used again.
func (a *analyzer) retire(f *flow) {
	f.finish()
	if f.dc != nil {
		f.sess.dataEnd(f.dc, a.now)
	}
}

func (a *analyzer) finish() {
	end := a.now
	for _, f := range a.flows {
		f.finish()
	}
	for _, s := range a.sessions {
		s.End = end
		if s.ctl.dir[0].inOrder+s.ctl.dir[1].inOrder == 0 && !s.TLS {
			continue
		}
		s.finish(end)
		a.res.Sessions = append(a.res.Sessions, s)
	}
	a.res.Flows = a.nflows
}
