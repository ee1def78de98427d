package main

import (
	"fmt"
	"net/netip"

	"ftplab/realnet/capture/pcap"
)

// conn is one TCP connection's endpoints and sequence numbers.
type conn struct {
	a, b     netip.AddrPort // dialer, acceptor
	seq      [2]uint32
	window   uint16
	unanswer bool
}

func (c *conn) seg(dir int, flags uint8, payload []byte) pcap.Segment {
	src, dst := c.a, c.b
	if dir == 1 {
		src, dst = dst, src
	}
	s := pcap.Segment{Src: src, Dst: dst, Seq: c.seq[dir], Ack: c.seq[1-dir], Flags: flags, Window: 65535, Payload: payload}
	c.seq[dir] += uint32(len(payload))
	return s
}

// session is one FTP session, played a few packets per step.
type session struct {
	id      int
	ctl     *conn
	data    *conn
	passive bool
	left    int // data bytes still to send
	stage   int
	lines   []string
}

var payload = make([]byte, 1460)

func newSession(id, per int) *session {
	client := netip.AddrFrom4([4]byte{10, 1, byte(id >> 8), byte(id)})
	server := netip.AddrFrom4([4]byte{10, 0, 0, 1})
	s := &session{id: id, passive: id%2 == 0, left: per}
	s.ctl = &conn{a: netip.AddrPortFrom(client, uint16(30000+id%20000)), b: netip.AddrPortFrom(server, 21), seq: [2]uint32{uint32(id) * 7919, uint32(id) * 104729}}
	dport := uint16(40000 + id%1000)
	if s.passive {
		s.data = &conn{a: netip.AddrPortFrom(client, uint16(50000+id%10000)), b: netip.AddrPortFrom(server, dport)}
	} else {
		s.data = &conn{a: netip.AddrPortFrom(server, 20), b: netip.AddrPortFrom(client, dport)}
	}
	s.data.seq = [2]uint32{uint32(id) * 31337, uint32(id) * 65537}
	s.data.unanswer = id%10 == 9
	setup := fmt.Sprintf("PORT 10,1,%d,%d,%d,%d", byte(id>>8), byte(id), dport>>8, dport&0xff)
	reply := "200 PORT command successful."
	if s.passive {
		setup, reply = "PASV", fmt.Sprintf("227 Entering Passive Mode (10,0,0,1,%d,%d).", dport>>8, dport&0xff)
	}
	s.lines = []string{"S220 (vsFTPd 3.0.3)", "CUSER anonymous", "S331 Please specify the password.", "CPASS x", "S230 Login successful.",
		"CTYPE I", "S200 Switching to Binary mode.", "C" + setup, "S" + reply, "CRETR big.bin"}
	return s
}

// handshake writes a connection's SYN, SYN-ACK and ACK (or three
// unanswered SYNs).
func handshake(w *writer, c *conn) {
	syn := c.seg(0, pcap.SYN, nil)
	if c.unanswer {
		for i := 0; i < 3; i++ {
			w.packet(syn, 1460)
		}
		return
	}
	w.packet(syn, 1460)
	c.seq[0]++
	w.packet(c.seg(1, pcap.SYN|pcap.ACK, nil), 1460)
	c.seq[1]++
	w.packet(c.seg(0, pcap.ACK, nil), 0)
}

func line(w *writer, c *conn, l string) {
	dir := 0
	if l[0] == 'S' {
		dir = 1
	}
	w.packet(c.seg(dir, pcap.PSH|pcap.ACK, []byte(l[1:]+"\r\n")), 0)
	w.packet(c.seg(1-dir, pcap.ACK, nil), 0)
}

func closeConn(w *writer, c *conn, by int) {
	w.packet(c.seg(by, pcap.FIN|pcap.ACK, nil), 0)
	c.seq[by]++
	w.packet(c.seg(1-by, pcap.FIN|pcap.ACK, nil), 0)
	c.seq[1-by]++
	w.packet(c.seg(by, pcap.ACK, nil), 0)
}

// step writes the session's next few packets; false once it is over.
func (s *session) step(w *writer) bool {
	switch {
	case s.stage == 0:
		handshake(w, s.ctl)
	case s.stage <= len(s.lines):
		line(w, s.ctl, s.lines[s.stage-1])
		if s.stage == len(s.lines) {
			s.openData(w)
		}
	case s.left > 0:
		s.sendData(w)
		return true // stay at this stage until the file is sent
	case s.stage == len(s.lines)+1:
		line(w, s.ctl, "CQUIT")
		line(w, s.ctl, "S221 Goodbye.")
		closeConn(w, s.ctl, 1)
	default:
		return false
	}
	s.stage++
	return true
}

// openData writes the data connection's handshake and the server's 150,
// or three unanswered SYNs and its 425.
func (s *session) openData(w *writer) {
	handshake(w, s.data)
	if s.data.unanswer {
		line(w, s.ctl, "S425 Failed to establish connection.")
		s.left = 0
		return
	}
	line(w, s.ctl, "S150 Opening BINARY mode data connection.")
}

// sendData writes up to 16 segments of the file, the receiver
// acknowledging every second one; then the close and the 226.
func (s *session) sendData(w *writer) {
	from := 1 // the server sends: the acceptor in PASV, the dialer in PORT
	if !s.passive {
		from = 0
	}
	for i := 0; i < 16 && s.left > 0; i++ {
		n := min(s.left, len(payload))
		w.packet(s.data.seg(from, pcap.ACK, payload[:n]), 0)
		s.left -= n
		if i%2 == 1 {
			w.packet(s.data.seg(1-from, pcap.ACK, nil), 0)
		}
	}
	if s.left == 0 {
		closeConn(w, s.data, from)
		line(w, s.ctl, "S226 Transfer complete.")
	}
}
