package pcap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"ftplab/sim/golden"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// readAll reads every packet of a capture and decodes it.
func readAll(t testing.TB, name string, b []byte) ([]Decoded, error) {
	t.Helper()
	r, err := NewReader(name, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	var out []Decoded
	for {
		p, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		d, _ := Decode(p.Link, p.Data)
		out = append(out, d)
	}
}

func TestKernelCaptures(t *testing.T) {
	dir := filepath.Join(golden.Oracle(t), "captures")
	files, _ := filepath.Glob(filepath.Join(dir, "*.pcap"))
	if len(files) == 0 {
		t.Fatal("no kernel captures in " + dir)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := readAll(t, f, b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		tcp, long := 0, 0
		for _, d := range ds {
			if d.TCP != nil {
				tcp++
				if d.TCP.Len > len(d.TCP.Payload) {
					long++
				}
			}
		}
		if tcp == 0 {
			t.Errorf("%s: no TCP segment decoded of %d packets", f, len(ds))
		}
		if strings.Contains(f, "a-PASV-rc") && long == 0 {
			t.Errorf("%s: no segment longer than its captured payload; snap length not seen", f)
		}
	}
}

// classic wraps frames in a classic little-endian microsecond pcap file.
func classic(link uint32, frames ...[]byte) []byte {
	b := le(nil, 0xa1b2c3d4)
	b = binary.LittleEndian.AppendUint16(b, 2)
	b = binary.LittleEndian.AppendUint16(b, 4)
	b = le(le(le(le(b, 0), 0), 65535), link)
	for i, f := range frames {
		b = le(le(le(le(b, uint32(i)), 5), uint32(len(f))), uint32(len(f)))
		b = append(b, f...)
	}
	return b
}

func testSegment(v6 bool) Segment {
	src, dst := netip.MustParseAddrPort("10.0.0.1:40000"), netip.MustParseAddrPort("10.0.0.2:21")
	if v6 {
		src, dst = netip.MustParseAddrPort("[2001:db8::1]:40000"), netip.MustParseAddrPort("[2001:db8::2]:21")
	}
	return Segment{Src: src, Dst: dst, Seq: 7, Ack: 9, Flags: PSH | ACK, Window: 100, Payload: []byte("USER x\r\n")}
}

func TestLinkTypes(t *testing.T) {
	for _, v6 := range []bool{false, true} {
		seg := testSegment(v6)
		eth := Frame(seg, 0)
		ip := eth[14:]
		et := eth[12:14]
		sll := append(append(make([]byte, 14), et...), ip...)
		sll2 := append(append(append([]byte{}, et...), make([]byte, 18)...), ip...)
		null := append(le(nil, 2), ip...)
		vlan := append(append(append(append([]byte{}, eth[:12]...), 0x81, 0x00, 0, 5), et...), ip...)
		cases := []struct {
			name string
			link uint32
			b    []byte
		}{{"ethernet", LinkEthernet, eth}, {"vlan", LinkEthernet, vlan}, {"sll", LinkSLL, sll}, {"sll2", LinkSLL2, sll2},
			{"raw", LinkRaw, ip}, {"null", LinkNull, null}, {"loop", LinkLoop, null}}
		for _, c := range cases {
			ds, err := readAll(t, c.name, classic(c.link, c.b))
			if err != nil || len(ds) != 1 || ds[0].TCP == nil {
				t.Fatalf("%s v6=%v: %v %+v", c.name, v6, err, ds)
			}
			got := ds[0].TCP
			if got.Src != seg.Src || got.Dst != seg.Dst || got.Seq != 7 || got.Ack != 9 || got.Flags != PSH|ACK || got.Len != 8 || string(got.Payload) != "USER x\r\n" {
				t.Errorf("%s v6=%v: got %+v", c.name, v6, got)
			}
		}
	}
}

func TestWriterRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, "client-side")
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Unix(1700000000, 123456789).UTC()
	for i, v6 := range []bool{false, true} {
		if err := w.WritePacket(t0.Add(time.Duration(i)*time.Millisecond), Frame(testSegment(v6), 1460)); err != nil {
			t.Fatal(err)
		}
	}
	r, err := NewReader("rt", &buf)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		p, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if want := t0.Add(time.Duration(i) * time.Millisecond); !p.Time.Equal(want) {
			t.Errorf("#%d: time %v, want %v", i, p.Time, want)
		}
		d, err := Decode(p.Link, p.Data)
		if err != nil || d.TCP == nil || string(d.TCP.Payload) != "USER x\r\n" {
			t.Errorf("#%d: %v %+v", i, err, d.TCP)
		}
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("after the last packet: %v, want EOF", err)
	}
}

func TestBadInput(t *testing.T) {
	good := classic(LinkEthernet, Frame(testSegment(false), 0))
	var ng bytes.Buffer
	w, _ := NewWriter(&ng, "x")
	w.WritePacket(time.Unix(1, 0), Frame(testSegment(false), 0))
	ngb := ng.Bytes()
	corruptNG := append([]byte{}, ngb...)
	binary.LittleEndian.PutUint32(corruptNG[len(corruptNG)-4:], 99)
	corruptLen := append([]byte{}, good...)
	binary.LittleEndian.PutUint32(corruptLen[24+8:], 1<<30)
	cases := []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "f: offset 0: not a capture file"},
		{"text", []byte("hello, world\n"), "f: offset 0: not a capture file (magic"},
		{"short header", good[:10], "f: offset 0: truncated pcap file header"},
		{"truncated record header", good[:30], "f: offset 24: truncated record header: 6 of 16 bytes"},
		{"truncated packet", good[:50], "f: offset 40: truncated packet: 10 of"},
		{"corrupt length", corruptLen, "f: offset 32: corrupt record: captured length 1073741824"},
		{"pcapng truncated", ngb[:len(ngb)-3], "truncated block (type 6)"},
		{"pcapng corrupt trailer", corruptNG, "trailing length differs"},
	}
	for _, c := range cases {
		_, err := readAll(t, "f", c.b)
		var fe *FormatError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want a FormatError containing %q", c.name, err, c.want)
		}
	}
}

func FuzzReader(f *testing.F) {
	f.Add(classic(LinkEthernet, Frame(testSegment(false), 1460), Frame(testSegment(true), 0)))
	var ng bytes.Buffer
	w, _ := NewWriter(&ng, "x")
	w.WritePacket(time.Unix(1, 0), Frame(testSegment(false), 0))
	f.Add(ng.Bytes())
	f.Add(classic(LinkSLL2, []byte{8, 0}))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := readAll(t, "fuzz", b)
		var fe *FormatError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("error of type %T: %v", err, err)
		}
	})
}

// TestByteOrders: a big-endian nanosecond classic pcap and a big-endian
// pcapng with microsecond timestamps read as their little-endian twins.
func TestByteOrders(t *testing.T) {
	frame := Frame(testSegment(false), 0)
	be := binary.BigEndian
	c := be.AppendUint32(nil, 0xa1b23c4d)
	c = be.AppendUint16(c, 2)
	c = be.AppendUint16(c, 4)
	c = be.AppendUint32(be.AppendUint32(be.AppendUint32(be.AppendUint32(c, 0), 0), 65535), LinkEthernet)
	c = be.AppendUint32(be.AppendUint32(be.AppendUint32(be.AppendUint32(c, 100), 999999999), uint32(len(frame))), uint32(len(frame)))
	c = append(c, frame...)

	block := func(b []byte, typ uint32, body []byte) []byte {
		n := uint32(len(body) + 12)
		return be.AppendUint32(append(be.AppendUint32(be.AppendUint32(b, typ), n), body...), n)
	}
	shb := be.AppendUint32(nil, byteOrderMark)
	shb = be.AppendUint16(be.AppendUint16(shb, 1), 0)
	shb = be.AppendUint64(shb, ^uint64(0))
	idb := be.AppendUint32(be.AppendUint16(be.AppendUint16(nil, LinkEthernet), 0), 0)
	ts := uint64(100)*1e6 + 999999
	epb := be.AppendUint32(be.AppendUint32(be.AppendUint32(nil, 0), uint32(ts>>32)), uint32(ts))
	epb = be.AppendUint32(be.AppendUint32(epb, uint32(len(frame))), uint32(len(frame)))
	epb = append(epb, frame...)
	for len(epb)%4 != 0 {
		epb = append(epb, 0)
	}
	ng := block(block(block(nil, blockSHB, shb), blockIDB, idb), blockEnhanced, epb)

	for name, b := range map[string][]byte{"classic BE ns": c, "pcapng BE us": ng} {
		r, err := NewReader(name, bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p, err := r.Next()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := time.Unix(100, 999999999)
		if name == "pcapng BE us" {
			want = time.Unix(100, 999999000)
		}
		d, _ := Decode(p.Link, p.Data)
		if !p.Time.Equal(want) || d.TCP == nil || string(d.TCP.Payload) != "USER x\r\n" {
			t.Errorf("%s: time %v (want %v), tcp %+v", name, p.Time, want, d.TCP)
		}
	}
}
