package capture

import (
	"net/netip"
	"time"

	"ftplab/realnet/capture/pcap"
)

// flowKey names a connection whichever way a packet goes.
type flowKey struct{ a, b netip.AddrPort }

func keyOf(src, dst netip.AddrPort) flowKey {
	if src.Addr().Less(dst.Addr()) || src.Addr() == dst.Addr() && src.Port() < dst.Port() {
		return flowKey{src, dst}
	}
	return flowKey{dst, src}
}

// flow is one TCP connection as the capture saw it. The dialer is the
// sender of the first SYN; without one (the capture began later) the
// sender of the first packet, corrected when the FTP greeting says
// otherwise.
type flow struct {
	id               int
	dialer, acceptor netip.AddrPort
	first, last      time.Time
	sawSYN           bool
	syns             int // SYNs from the dialer: 1 + retransmissions
	synISN           uint32
	lastSYN          time.Time
	synAck           bool
	synAckAt         time.Time
	rst              int // 0, or 1 + the side (0 dialer, 1 acceptor) that reset
	rstAt            time.Time
	unreach          *pcap.Unreachable
	unreachAt        time.Time
	fin              [2]bool
	finAt            [2]time.Time
	dir              [2]*half // 0: dialer to acceptor, 1: acceptor to dialer
	closed           bool     // both FINs or a RST: a new SYN starts a new flow
	flowRole
}

func newFlow(id int, s *pcap.Segment, t time.Time, keep bool) *flow {
	f := &flow{id: id, dialer: s.Src, acceptor: s.Dst, first: t, last: t}
	if s.Flags&pcap.SYN != 0 && s.Flags&pcap.ACK != 0 { // SYN-ACK first: the SYN was missed
		f.dialer, f.acceptor = s.Dst, s.Src
	}
	f.dir[0], f.dir[1] = newHalf(keep), newHalf(keep)
	return f
}

// side is 0 for a segment from the dialer, 1 from the acceptor.
func (f *flow) side(s *pcap.Segment) int {
	if s.Src == f.dialer {
		return 0
	}
	return 1
}

// established says the handshake was seen answered, or data went both
// ways (a capture that began mid-connection).
func (f *flow) established() bool {
	return f.synAck || f.dir[1].inOrder > 0 && f.dir[0].started
}

// segment updates the flow with one segment.
func (f *flow) segment(s *pcap.Segment, t time.Time) {
	f.last = t
	d := f.side(s)
	switch {
	case s.Flags&pcap.RST != 0:
		if f.rst == 0 {
			f.rst, f.rstAt = 1+d, t
		}
		f.closed = true
		return
	case s.Flags&pcap.SYN != 0 && s.Flags&pcap.ACK == 0:
		if d == 0 {
			f.sawSYN = true
			f.syns++
			f.synISN, f.lastSYN = s.Seq, t
			f.dir[0].syn(s.Seq)
		}
		return
	case s.Flags&pcap.SYN != 0:
		if d == 1 && !f.synAck {
			f.synAck, f.synAckAt = true, t
		}
		f.dir[d].syn(s.Seq)
		return
	}
	fin := s.Flags&pcap.FIN != 0
	f.dir[d].segment(s.Seq, s.Len, s.Payload, fin)
	if fin && !f.fin[d] {
		f.fin[d], f.finAt[d] = true, t
	}
	if f.fin[0] && f.fin[1] {
		f.closed = true
	}
}

// finish flushes both directions at the end of the capture.
func (f *flow) finish() {
	f.dir[0].flush()
	f.dir[1].flush()
}

// What the analysis made of a flow (analyze.go).
type flowRole struct {
	sess  *Session  // the session it belongs to (control or data)
	dc    *DataConn // set for a data connection
	sniff bool      // unknown yet: its first bytes will tell
}
