package capture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"ftplab/realnet/capture/pcap"
)

// capBuilder writes a classic pcap in memory, cutting frames to snap
// bytes when snap > 0.
type capBuilder struct {
	buf  bytes.Buffer
	snap int
	t    time.Time
}

func newCap(snap int) *capBuilder {
	b := &capBuilder{snap: snap, t: time.Unix(1700000000, 0)}
	h := make([]byte, 24)
	binary.LittleEndian.PutUint32(h, 0xa1b2c3d4)
	binary.LittleEndian.PutUint16(h[4:], 2)
	binary.LittleEndian.PutUint16(h[6:], 4)
	binary.LittleEndian.PutUint32(h[16:], 65535)
	binary.LittleEndian.PutUint32(h[20:], pcap.LinkEthernet)
	b.buf.Write(h)
	return b
}

func (b *capBuilder) frame(f []byte, after time.Duration) {
	b.t = b.t.Add(after)
	incl := len(f)
	if b.snap > 0 && incl > b.snap {
		incl = b.snap
	}
	h := make([]byte, 16)
	binary.LittleEndian.PutUint32(h, uint32(b.t.Unix()))
	binary.LittleEndian.PutUint32(h[4:], uint32(b.t.Nanosecond()/1000))
	binary.LittleEndian.PutUint32(h[8:], uint32(incl))
	binary.LittleEndian.PutUint32(h[12:], uint32(len(f)))
	b.buf.Write(h)
	b.buf.Write(f[:incl])
}

// tconn is a TCP connection being written: dir 0 from the dialer.
type tconn struct {
	b    *capBuilder
	a, z netip.AddrPort
	seq  [2]uint32
}

func (b *capBuilder) conn(a, z string) *tconn {
	return &tconn{b: b, a: netip.MustParseAddrPort(a), z: netip.MustParseAddrPort(z), seq: [2]uint32{1000, 0xfffffff0}}
}

func (c *tconn) seg(dir int, flags uint8, p []byte) pcap.Segment {
	s := pcap.Segment{Src: c.a, Dst: c.z, Seq: c.seq[dir], Ack: c.seq[1-dir], Flags: flags, Window: 65535, Payload: p}
	if dir == 1 {
		s.Src, s.Dst = c.z, c.a
	}
	return s
}

func (c *tconn) send(dir int, flags uint8, p []byte) {
	c.b.frame(pcap.Frame(c.seg(dir, flags, p), 0), time.Millisecond)
	c.seq[dir] += uint32(len(p))
	if flags&(pcap.SYN|pcap.FIN) != 0 {
		c.seq[dir]++
	}
}

func (c *tconn) handshake() {
	c.send(0, pcap.SYN, nil)
	c.send(1, pcap.SYN|pcap.ACK, nil)
	c.send(0, pcap.ACK, nil)
}

func (c *tconn) line(dir int, s string) { c.send(dir, pcap.PSH|pcap.ACK, []byte(s)) }

func (c *tconn) close() {
	c.send(1, pcap.FIN|pcap.ACK, nil)
	c.send(0, pcap.FIN|pcap.ACK, nil)
}

// dialogue writes the control lines given as "C ..." or "S ...".
func (c *tconn) dialogue(lines ...string) {
	for _, l := range lines {
		dir := 0
		if l[0] == 'S' {
			dir = 1
		}
		c.line(dir, l[2:]+"\r\n")
	}
}

func analyzeBytes(t *testing.T, b []byte) *Result {
	t.Helper()
	res, err := Analyze("test.pcap", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sessions) != 1 {
		t.Fatalf("%d sessions, want 1", len(res.Sessions))
	}
	return res
}

// TestAnyPortIPv6Reordered: a control connection on port 2121 found by
// its multi-line 220, over IPv6; EPSV's data connection arrives out of
// order with a retransmission and is cut by a snap length, yet counts
// every byte.
func TestAnyPortIPv6Reordered(t *testing.T) {
	b := newCap(200)
	ctl := b.conn("[2001:db8::10]:40001", "[2001:db8::20]:2121")
	ctl.handshake()
	ctl.line(1, "220-Welcome\r\n220-to a test\r\n")
	ctl.line(1, "220 ready\r\n")
	ctl.dialogue("C USER anonymous", "S 230 ok", "C EPSV", "S 229 Entering Extended Passive Mode (|||50000|)")
	data := b.conn("[2001:db8::10]:40002", "[2001:db8::20]:50000")
	data.handshake()
	ctl.dialogue("C RETR f", "S 150 here it comes")
	chunk := bytes.Repeat([]byte("x"), 1000)
	base := data.seq[1]
	for _, i := range []int{0, 2, 1, 1, 3} { // reordered, one retransmitted
		data.seq[1] = base + uint32(i*1000)
		data.line(1, string(chunk))
	}
	data.seq[1] = base + 4000
	data.close()
	ctl.dialogue("S 226 done", "C QUIT", "S 221 bye")
	ctl.close()
	s := analyzeBytes(t, b.buf.Bytes()).Sessions[0]
	if s.Server.Port() != 2121 || s.Lines[0].Text != "220-Welcome\n220-to a test\n220 ready" {
		t.Errorf("server %s, first reply %q", s.Server, s.Lines[0].Text)
	}
	tl, err := s.Timeline()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tl.Labels()[:4], " "); got != "control.connect control.accept reply.220 cmd.USER" {
		t.Errorf("timeline starts %s", got)
	}
	at := s.Attempts[0]
	if s.Outcome != "ok" || at.Command != "RETR f" || len(at.Data) != 1 || at.Data[0].Bytes != 4000 || at.Data[0].Gap != 0 {
		t.Errorf("outcome %s (%s), attempt %+v data %+v", s.Outcome, s.Detail, at, at.Data)
	}
}

// TestVerdicts: each way a data connection fails gives the lab's word.
func TestVerdicts(t *testing.T) {
	cases := []struct {
		name, want string
		run        func(b *capBuilder, ctl *tconn)
	}{
		{"refused", "refused", func(b *capBuilder, ctl *tconn) {
			ctl.dialogue("C PASV", "S 227 Entering Passive Mode (10,0,0,2,156,64).")
			d := b.conn("10.0.0.1:5000", "10.0.0.2:40000")
			d.send(0, pcap.SYN, nil)
			d.send(1, pcap.RST|pcap.ACK, nil)
		}},
		{"timeout", "timeout", func(b *capBuilder, ctl *tconn) {
			ctl.dialogue("C PASV", "S 227 Entering Passive Mode (10,0,0,2,156,64).")
			d := b.conn("10.0.0.1:5000", "10.0.0.2:40000")
			for i := 0; i < 3; i++ {
				d.b.frame(pcap.Frame(d.seg(0, pcap.SYN, nil), 0), time.Second)
			}
		}},
		{"unreachable", "unreachable", func(b *capBuilder, ctl *tconn) {
			ctl.dialogue("C PASV", "S 227 Entering Passive Mode (10,0,0,2,156,64).")
			d := b.conn("10.0.0.1:5000", "10.0.0.2:40000")
			d.send(0, pcap.SYN, nil)
			b.frame(icmpUnreachable(netip.MustParseAddr("10.0.0.254"), pcap.Frame(d.seg(0, pcap.SYN, nil), 0)[14:]), time.Millisecond)
		}},
		{"500 to PORT", "500", func(b *capBuilder, ctl *tconn) {
			ctl.dialogue("C PORT 192,168,1,1,200,1", "S 500 Illegal PORT command.")
		}},
		{"425", "425", func(b *capBuilder, ctl *tconn) {
			ctl.dialogue("C PORT 10,0,0,1,200,1", "S 200 ok", "C LIST", "S 425 Failed to establish connection.")
		}},
	}
	for _, c := range cases {
		b := newCap(0)
		ctl := b.conn("10.0.0.1:4000", "10.0.0.2:21")
		ctl.handshake()
		ctl.dialogue("S 220 hi", "C USER a", "S 230 ok")
		c.run(b, ctl)
		s := analyzeBytes(t, b.buf.Bytes()).Sessions[0]
		if s.Outcome != c.want {
			t.Errorf("%s: outcome %s (%s), want %s", c.name, s.Outcome, s.Detail, c.want)
		}
		if x := s.Explain(); x.Culprit == "" {
			t.Errorf("%s: no culprit in %+v", c.name, x)
		}
	}
}

// icmpUnreachable wraps the start of an IPv4 packet in an ICMP
// administratively-prohibited unreachable from router.
func icmpUnreachable(router netip.Addr, orig []byte) []byte {
	icmp := append([]byte{3, 13, 0, 0, 0, 0, 0, 0}, orig[:28]...)
	ip := make([]byte, 20)
	ip[0], ip[8], ip[9] = 0x45, 64, 1
	binary.BigEndian.PutUint16(ip[2:], uint16(20+len(icmp)))
	copy(ip[12:], router.AsSlice())
	copy(ip[16:], orig[12:16])
	eth := make([]byte, 14)
	eth[12] = 8
	return append(append(eth, ip...), icmp...)
}

func TestGapReported(t *testing.T) {
	b := newCap(0)
	ctl := b.conn("10.0.0.1:4000", "10.0.0.2:21")
	ctl.handshake()
	ctl.dialogue("S 220 hi", "C PASV", "S 227 (10,0,0,2,156,64)", "C RETR f")
	d := b.conn("10.0.0.1:5000", "10.0.0.2:40000")
	d.handshake()
	d.line(1, strings.Repeat("a", 500))
	d.seq[1] += 700 // a segment the capture lost
	d.line(1, strings.Repeat("a", 300))
	d.close()
	ctl.dialogue("S 226 done")
	s := analyzeBytes(t, b.buf.Bytes()).Sessions[0]
	dc := s.Attempts[0].Data[0]
	if dc.Bytes != 1500 || dc.Gap != 700 || s.Outcome != "ok" {
		t.Errorf("bytes %d gap %d outcome %s", dc.Bytes, dc.Gap, s.Outcome)
	}
	if x := s.Explain(); !strings.Contains(strings.Join(x.Findings, " "), "700 bytes missing") {
		t.Errorf("no finding about the gap: %v", x.Findings)
	}
}

func TestNoFTP(t *testing.T) {
	b := newCap(0)
	c := b.conn("10.0.0.1:4000", "10.0.0.2:80")
	c.handshake()
	c.dialogue("C GET / HTTP/1.0", "S HTTP/1.0 200 OK")
	_, err := Analyze("web.pcap", bytes.NewReader(b.buf.Bytes()))
	var fe *pcap.FormatError
	if !errors.As(err, &fe) || !strings.HasPrefix(err.Error(), "web.pcap: offset ") || !strings.Contains(err.Error(), "no FTP control connection in 5 packets (1 TCP connections)") {
		t.Errorf("got %v", err)
	}
}

func FuzzAnalyze(f *testing.F) {
	b := newCap(0)
	ctl := b.conn("10.0.0.1:4000", "10.0.0.2:21")
	ctl.handshake()
	ctl.dialogue("S 220-a", "S 220 b", "C PASV", "S 227 (10,0,0,2,156,64)", "C RETR f", "C AUTH TLS", "S 234 go")
	d := b.conn("10.0.0.1:5000", "10.0.0.2:40000")
	d.handshake()
	d.line(1, "data")
	d.close()
	f.Add(b.buf.Bytes())
	f.Fuzz(func(t *testing.T, in []byte) {
		res, err := Analyze("fuzz", bytes.NewReader(in))
		var fe *pcap.FormatError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		if err == nil {
			for _, s := range res.Sessions {
				if _, err := s.Timeline(); err != nil {
					t.Fatal(err)
				}
				s.Explain()
			}
		}
	})
}
