package pcap

import (
	"encoding/binary"
	"errors"
	"io"
	"math"
	"time"
)

// pcapng block types (IETF draft-ietf-opsawg-pcapng).
const (
	blockSHB      = 0x0A0D0D0A
	blockIDB      = 1
	blockPacket   = 2 // obsolete Packet Block
	blockSimple   = 3
	blockEnhanced = 6
	byteOrderMark = 0x1A2B3C4D
	maxBlock      = maxPacket + 4096
)

// iface is what an Interface Description Block says about its packets.
type iface struct {
	link    uint32
	snap    uint32
	unitsNs float64 // nanoseconds per timestamp unit
}

func (r *Reader) startNG() error {
	r.next = r.nextNG
	return r.readSHB()
}

// readSHB reads a Section Header Block: its byte-order mark decides how
// every later block of the section is read.
func (r *Reader) readSHB() error {
	start := r.off
	h, err := r.read(12)
	if err != nil {
		return r.errf(start, "truncated section header: %d of 12 bytes", len(h))
	}
	switch {
	case binary.LittleEndian.Uint32(h[8:]) == byteOrderMark:
		r.order = binary.LittleEndian
	case binary.BigEndian.Uint32(h[8:]) == byteOrderMark:
		r.order = binary.BigEndian
	default:
		return r.errf(start+8, "corrupt section header: byte-order mark % x", h[8:12])
	}
	n := r.order.Uint32(h[4:])
	if n < 28 || n%4 != 0 || n > maxBlock {
		return r.errf(start+4, "corrupt section header: block length %d", n)
	}
	body, err := r.read(int(n) - 12)
	if err != nil {
		return r.errf(start, "truncated section header: %d of %d bytes", 12+len(body), n)
	}
	if major := r.order.Uint16(body); major != 1 {
		return r.errf(start+12, "pcapng version %d, want 1", major)
	}
	if r.order.Uint32(body[len(body)-4:]) != n {
		return r.errf(start+int64(n)-4, "corrupt section header: trailing length differs from %d", n)
	}
	r.ifaces = r.ifaces[:0]
	return nil
}

// nextNG reads blocks until one holds a packet.
func (r *Reader) nextNG() (Packet, error) {
	for {
		start := r.off
		peek, err := r.r.Peek(4)
		if len(peek) == 0 && errors.Is(err, io.EOF) {
			return Packet{}, io.EOF
		}
		if len(peek) == 4 && binary.BigEndian.Uint32(peek) == blockSHB {
			if err := r.readSHB(); err != nil {
				return Packet{}, err
			}
			continue
		}
		h, err := r.read(8)
		if err != nil {
			return Packet{}, r.errf(start, "truncated block header: %d of 8 bytes", len(h))
		}
		typ, n := r.order.Uint32(h), r.order.Uint32(h[4:])
		if n < 12 || n%4 != 0 || n > maxBlock {
			return Packet{}, r.errf(start+4, "corrupt block (type %d): length %d", typ, n)
		}
		body, err := r.read(int(n) - 8)
		if err != nil {
			return Packet{}, r.errf(start, "truncated block (type %d): %d of %d bytes", typ, 8+len(body), n)
		}
		if r.order.Uint32(body[len(body)-4:]) != n {
			return Packet{}, r.errf(start+int64(n)-4, "corrupt block (type %d): trailing length differs from %d", typ, n)
		}
		body = body[:len(body)-4]
		p, ok, err := r.block(typ, body, start)
		if err != nil || ok {
			return p, err
		}
	}
}

// block interprets one block's body; ok says it held a packet.
func (r *Reader) block(typ uint32, b []byte, start int64) (Packet, bool, error) {
	switch typ {
	case blockIDB:
		if len(b) < 8 {
			return Packet{}, false, r.errf(start, "corrupt interface block: %d bytes", len(b))
		}
		ifc := iface{link: uint32(r.order.Uint16(b)), snap: r.order.Uint32(b[4:]), unitsNs: 1000}
		if res, ok := r.option(b[8:], 9); ok && len(res) >= 1 {
			ifc.unitsNs = tsUnit(res[0])
		}
		r.ifaces = append(r.ifaces, ifc)
		return Packet{}, false, nil
	case blockEnhanced, blockPacket:
		return r.enhanced(typ, b, start)
	case blockSimple:
		if len(r.ifaces) == 0 || len(b) < 4 {
			return Packet{}, false, r.errf(start, "corrupt simple packet block: no interface described before it")
		}
		orig := r.order.Uint32(b)
		data := b[4:]
		if ifc := r.ifaces[0]; ifc.snap != 0 && uint32(len(data)) > ifc.snap {
			data = data[:ifc.snap]
		}
		if uint32(len(data)) > orig {
			data = data[:orig]
		}
		return Packet{Offset: start, Link: r.ifaces[0].link, Data: data, OrigLen: int(orig)}, true, nil
	}
	return Packet{}, false, nil // other blocks: statistics, name resolution, custom
}

// enhanced reads an Enhanced (or obsolete) Packet Block.
func (r *Reader) enhanced(typ uint32, b []byte, start int64) (Packet, bool, error) {
	if len(b) < 20 {
		return Packet{}, false, r.errf(start, "corrupt packet block: %d bytes", len(b))
	}
	id := r.order.Uint32(b)
	if typ == blockPacket {
		id = uint32(r.order.Uint16(b))
	}
	if int(id) >= len(r.ifaces) {
		return Packet{}, false, r.errf(start+8, "corrupt packet block: interface %d not described (%d known)", id, len(r.ifaces))
	}
	ifc := r.ifaces[id]
	ts := uint64(r.order.Uint32(b[4:]))<<32 | uint64(r.order.Uint32(b[8:]))
	incl, orig := r.order.Uint32(b[12:]), r.order.Uint32(b[16:])
	if uint64(incl) > uint64(len(b)-20) {
		return Packet{}, false, r.errf(start+20, "corrupt packet block: captured length %d exceeds the block", incl)
	}
	if orig < incl {
		orig = incl
	}
	t := stamp(ts, ifc.unitsNs)
	return Packet{Time: t, Offset: start, Link: ifc.link, Data: b[20 : 20+incl], OrigLen: int(orig)}, true, nil
}

// option finds option code in a block's options.
func (r *Reader) option(b []byte, code uint16) ([]byte, bool) {
	for len(b) >= 4 {
		c, n := r.order.Uint16(b), int(r.order.Uint16(b[2:]))
		if c == 0 || 4+n > len(b) {
			return nil, false
		}
		if c == code {
			return b[4 : 4+n], true
		}
		next := 4 + (n+3)&^3
		if next > len(b) {
			return nil, false
		}
		b = b[next:]
	}
	return nil, false
}

// tsUnit is the length of one timestamp unit in ns for if_tsresol v.
func tsUnit(v byte) float64 {
	if v&0x80 != 0 {
		return 1e9 / math.Pow(2, float64(v&0x7f))
	}
	return 1e9 / math.Pow(10, float64(v))
}

// stamp turns a timestamp in units of unitsNs into a time, exactly when a
// unit is a whole number of nanoseconds.
func stamp(ts uint64, unitsNs float64) time.Time {
	if u := uint64(unitsNs); float64(u) == unitsNs && u > 0 && ts <= math.MaxInt64/u {
		return time.Unix(0, int64(ts*u)).UTC()
	}
	if ns := float64(ts) * unitsNs; ns < math.MaxInt64 {
		return time.Unix(0, int64(ns)).UTC()
	}
	return time.Time{}
}
