package capture

import (
	"net/netip"
	"strings"
	"time"

	"ftplab/realnet/capture/pcap"
	"ftplab/sim"
)

// tcpConn is one lab connection on the wire: its addresses at each
// capture point (before and after NAT), where it was dropped or refused,
// and the sequence numbers so far on each side.
type tcpConn struct {
	state      sim.ConnState
	dialerSide int
	view       [2][2]netip.AddrPort // per side: dialer's and acceptor's address there
	crosses    bool                 // the dialer's SYN reaches the far side
	rstByPath  bool                 // a RST comes from the router, not the far host
	timeoutMs  int64                // when the dialer gave up on an unanswered SYN, -1 if never
	isn        [2]uint32            // dialer's, acceptor's
	off        [2][2]uint32         // per side, per direction: bytes sent so far
	closed     bool
}

const synWindow = 64240

// newConn works out a connection's addresses and fate from the final
// state and its events; nil for a host off the two capture points.
func (s *synth) newConn(c sim.ConnState, evs []sim.Event) *tcpConn {
	tc := &tcpConn{state: c, crosses: true, timeoutMs: -1}
	switch c.Dialer {
	case "client":
		tc.dialerSide = sideClient
	case "server":
		tc.dialerSide = sideServer
	default:
		return nil
	}
	if c.Acceptor != "" && c.Acceptor != "client" && c.Acceptor != "server" {
		return nil
	}
	for _, e := range evs {
		if e.Conn != c.ID {
			continue
		}
		switch e.Label {
		case sim.LabelFWDrop:
			if e.Host != "client" && e.Host != "server" || e.Host == c.Dialer {
				tc.crosses = false // dropped on the router (or on the way out)
			}
		case sim.LabelTimeout:
			tc.timeoutMs = e.Time
		case sim.LabelRefused, sim.LabelFWReject:
			if e.Host == "router" || strings.Contains(e.Text, "router") {
				tc.crosses, tc.rstByPath = false, true
			}
		}
	}
	near := [2]netip.AddrPort{c.DialerLocal, c.DialerRemote}
	far := [2]netip.AddrPort{c.AcceptorRemote, c.AcceptorLocal}
	if !c.AcceptorLocal.IsValid() {
		far = s.translated(c)
	}
	tc.view[tc.dialerSide] = near
	tc.view[1-tc.dialerSide] = far
	tc.isn = [2]uint32{uint32(c.ID)*0x9e3779b1 + 1000, uint32(c.ID)*0x85ebca6b + 5000}
	return tc
}

// translated applies the router's NAT mappings of the connection to the
// dialer's addresses: what the far side would have seen.
func (s *synth) translated(c sim.ConnState) [2]netip.AddrPort {
	src, dst := c.DialerLocal, c.DialerRemote
	for _, m := range s.final.NAT {
		if m.Conn != c.ID {
			continue
		}
		if m.Kind == "SNAT" && m.From == src {
			src = m.To
		}
		if m.Kind == "DNAT" && m.From == dst {
			dst = m.To
		}
	}
	return [2]netip.AddrPort{src, dst}
}

func (c *tcpConn) dialerIs(host string) bool { return c.state.Dialer == host }

// sides are the capture points a packet from the dialer (or acceptor)
// passes; all says the connection got through.
func (c *tcpConn) sides(all bool) []int {
	if all || c.crosses {
		return []int{sideClient, sideServer}
	}
	return []int{c.dialerSide}
}

// seg builds a segment on a side; dir 0 is from the dialer.
func (c *tcpConn) seg(side, dir int, flags uint8, payload []byte) pcap.Segment {
	s := pcap.Segment{Src: c.view[side][dir], Dst: c.view[side][1-dir], Flags: flags, Window: 65535, Payload: payload}
	s.Seq = c.isn[dir] + 1 + c.off[side][dir]
	if flags&pcap.ACK != 0 {
		s.Ack = c.isn[1-dir] + 1 + c.off[side][1-dir]
	}
	return s
}

// connect lays down the SYN and, for a dialer that gets no answer, its
// retransmissions with Linux's back-off (1 s, doubling) until it gives up.
func (s *synth) connect(c *tcpConn, ms int64) {
	for i, delay := 0, int64(0); ; i++ {
		t := ms + delay
		for _, side := range c.sides(false) {
			syn := c.seg(side, 0, pcap.SYN, nil)
			syn.Seq, syn.Window = c.isn[0], synWindow
			s.emit(at(t, 0), side, syn, mss)
		}
		delay = delay*2 + 1000
		if c.timeoutMs < 0 || ms+delay >= c.timeoutMs || i > 8 {
			return
		}
	}
}

// accept lays down the SYN-ACK and the ACK that completes the handshake.
func (s *synth) accept(c *tcpConn, ms int64) {
	for _, side := range c.sides(true) {
		sa := c.seg(side, 1, pcap.SYN|pcap.ACK, nil)
		sa.Seq, sa.Window = c.isn[1], synWindow
		s.emit(at(ms, 0), side, sa, mss)
		s.emit(at(ms, 1), side, c.seg(side, 0, pcap.ACK, nil), 0)
	}
	c.crosses = true
}

// refuse lays down the RST that answers the SYN.
func (s *synth) refuse(c *tcpConn, ms int64) {
	sides := c.sides(false)
	if c.rstByPath {
		sides = []int{c.dialerSide}
	}
	for _, side := range sides {
		rst := c.seg(side, 1, pcap.RST|pcap.ACK, nil)
		rst.Seq, rst.Window = 0, 0
		s.emit(at(ms, 0), side, rst, 0)
	}
}

// send lays down one write of the control connection, near as its
// sender's side sees it and far as the other side does (nf_nat_ftp may
// have rewritten it), each followed by the receiver's ACK.
func (s *synth) send(c *tcpConn, ms int64, fromDialer bool, near, far []byte) {
	dir, senderSide := 0, c.dialerSide
	if !fromDialer {
		dir, senderSide = 1, 1-c.dialerSide
	}
	for _, side := range c.sides(true) {
		b := far
		if side == senderSide {
			b = near
		}
		s.segments(c, at(ms, 0), side, dir, b)
	}
}

// segments cuts b into MSS-sized segments, the receiver acknowledging
// every second one and the last.
func (s *synth) segments(c *tcpConn, t time.Time, side, dir int, b []byte) {
	n := 0
	for len(b) > 0 || n == 0 {
		k := min(len(b), mss)
		flags := uint8(pcap.ACK)
		if k == len(b) {
			flags |= pcap.PSH
		}
		s.emit(t.Add(time.Duration(n)*20*time.Microsecond), side, c.seg(side, dir, flags, b[:k]), 0)
		c.off[side][dir] += uint32(k)
		b = b[k:]
		n++
		if n%2 == 0 || len(b) == 0 {
			s.emit(t.Add(time.Duration(n)*20*time.Microsecond+10*time.Microsecond), side, c.seg(side, 1-dir, pcap.ACK, nil), 0)
		}
		if k == 0 {
			break
		}
	}
}

// sendBytes lays down n bytes of a data connection, or of TLS records on
// a control connection after AUTH TLS.
func (s *synth) sendBytes(c *tcpConn, ms int64, fromDialer bool, n int) {
	b := make([]byte, n)
	if c.state.Control && n >= 5 { // one TLS application-data record
		b[0], b[1], b[2], b[3], b[4] = 0x17, 3, 3, byte((n-5)>>8), byte(n-5)
	}
	for i := range b[min(5, n):] {
		b[5+i] = byte(i*7 + 1)
	}
	dir := 0
	if !fromDialer {
		dir = 1
	}
	for _, side := range c.sides(true) {
		s.segments(c, at(ms, 0), side, dir, b)
	}
}

// close lays down the FIN from the closer, the peer's FIN and the last
// ACK.
func (s *synth) close(c *tcpConn, ms int64, byDialer bool) {
	if c.closed {
		return
	}
	c.closed = true
	dir := 0
	if !byDialer {
		dir = 1
	}
	for _, side := range c.sides(true) {
		s.emit(at(ms, 0), side, c.seg(side, dir, pcap.FIN|pcap.ACK, nil), 0)
		c.off[side][dir]++
		s.emit(at(ms, 1), side, c.seg(side, 1-dir, pcap.FIN|pcap.ACK, nil), 0)
		c.off[side][1-dir]++
		s.emit(at(ms, 2), side, c.seg(side, dir, pcap.ACK, nil), 0)
	}
}
