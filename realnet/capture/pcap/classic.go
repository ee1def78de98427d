package pcap

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
)

var sprintf = fmt.Sprintf

func isClassicMagic(m []byte) bool {
	switch binary.LittleEndian.Uint32(m) {
	case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1:
		return true
	}
	return false
}

// startClassic reads the 24-byte global header of a classic pcap file.
func (r *Reader) startClassic() error {
	h, err := r.read(24)
	if err != nil {
		return r.errf(0, "truncated pcap file header: %d of 24 bytes", len(h))
	}
	switch binary.LittleEndian.Uint32(h) {
	case 0xa1b2c3d4:
		r.order = binary.LittleEndian
	case 0xa1b23c4d:
		r.order, r.nanos = binary.LittleEndian, true
	case 0xd4c3b2a1:
		r.order = binary.BigEndian
	case 0x4d3cb2a1:
		r.order, r.nanos = binary.BigEndian, true
	}
	if major := r.order.Uint16(h[4:]); major != 2 {
		return r.errf(4, "pcap version %d.%d, want 2.x", major, r.order.Uint16(h[6:]))
	}
	r.link = r.order.Uint32(h[20:]) & 0x0fffffff // upper bits: FCS length
	r.next = r.nextClassic
	return nil
}

// nextClassic reads one 16-byte record header and its packet.
func (r *Reader) nextClassic() (Packet, error) {
	start := r.off
	h, err := r.read(16)
	if len(h) == 0 && errors.Is(err, io.ErrUnexpectedEOF) {
		return Packet{}, io.EOF
	}
	if err != nil {
		return Packet{}, r.errf(start, "truncated record header: %d of 16 bytes", len(h))
	}
	sec, frac := r.order.Uint32(h), r.order.Uint32(h[4:])
	incl, orig := r.order.Uint32(h[8:]), r.order.Uint32(h[12:])
	if incl > maxPacket {
		return Packet{}, r.errf(start+8, "corrupt record: captured length %d exceeds %d", incl, maxPacket)
	}
	if !r.nanos && frac >= 1e6 || r.nanos && frac >= 1e9 {
		return Packet{}, r.errf(start+4, "corrupt record: sub-second timestamp %d out of range", frac)
	}
	ns := int64(frac) * 1000
	if r.nanos {
		ns = int64(frac)
	}
	data, err := r.read(int(incl))
	if err != nil {
		return Packet{}, r.errf(start+16, "truncated packet: %d of %d bytes", len(data), incl)
	}
	if orig < incl {
		orig = incl
	}
	return Packet{Time: time.Unix(int64(sec), ns).UTC(), Offset: start, Link: r.link, Data: data, OrigLen: int(orig)}, nil
}
