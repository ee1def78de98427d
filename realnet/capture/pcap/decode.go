package pcap

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
)

// TCP flags.
const (
	FIN = 1 << iota
	SYN
	RST
	PSH
	ACK
)

// Segment is a TCP segment. Len is the payload length from the IP and TCP
// headers, what was sent; Payload is what the capture kept of it, maybe
// less (snap length).
type Segment struct {
	Src, Dst netip.AddrPort
	Seq, Ack uint32
	Flags    uint8
	Window   uint16
	Len      int
	Payload  []byte
}

// Unreachable is an ICMP or ICMPv6 destination unreachable about a TCP
// segment: From sent it; Src and Dst are the segment's.
type Unreachable struct {
	From     netip.Addr
	Src, Dst netip.AddrPort
	Type     uint8
	Code     uint8
}

// Decoded is what one packet carries for the analysis: a TCP segment, an
// unreachable, or neither (other protocols).
type Decoded struct {
	TCP   *Segment
	Unrch *Unreachable
}

var errShort = errors.New("packet too short")

// Decode reads the link, IP and TCP or ICMP headers of a packet. origLen
// is the packet's length on the wire (for raw IP without lengths).
func Decode(link uint32, b []byte) (Decoded, error) {
	ip, err := linkPayload(link, b)
	if err != nil {
		return Decoded{}, err
	}
	return decodeIP(ip, false)
}

// linkPayload strips the link-layer header.
func linkPayload(link uint32, b []byte) ([]byte, error) {
	switch link {
	case LinkEthernet:
		if len(b) < 14 {
			return nil, errShort
		}
		typ, rest := binary.BigEndian.Uint16(b[12:]), b[14:]
		for typ == 0x8100 || typ == 0x88a8 { // VLAN tags
			if len(rest) < 4 {
				return nil, errShort
			}
			typ, rest = binary.BigEndian.Uint16(rest[2:]), rest[4:]
		}
		return ipByEtherType(typ, rest)
	case LinkSLL:
		if len(b) < 16 {
			return nil, errShort
		}
		return ipByEtherType(binary.BigEndian.Uint16(b[14:]), b[16:])
	case LinkSLL2:
		if len(b) < 20 {
			return nil, errShort
		}
		return ipByEtherType(binary.BigEndian.Uint16(b), b[20:])
	case LinkRaw, LinkIPv4, LinkIPv6, 12, 14:
		return b, nil
	case LinkNull, LinkLoop:
		if len(b) < 4 {
			return nil, errShort
		}
		return b[4:], nil // the IP version nibble tells v4 from v6
	}
	return nil, fmt.Errorf("link type %d not supported", link)
}

func ipByEtherType(typ uint16, b []byte) ([]byte, error) {
	if typ != 0x0800 && typ != 0x86dd {
		return nil, nil // ARP and friends: nothing for us
	}
	return b, nil
}

// decodeIP reads an IPv4 or IPv6 header and what it carries; inner is set
// for the copy of a packet inside an ICMP error (its TCP header is cut).
func decodeIP(b []byte, inner bool) (Decoded, error) {
	if len(b) == 0 {
		return Decoded{}, nil
	}
	switch b[0] >> 4 {
	case 4:
		return decodeIPv4(b, inner)
	case 6:
		return decodeIPv6(b, inner)
	}
	return Decoded{}, fmt.Errorf("IP version %d", b[0]>>4)
}

func decodeIPv4(b []byte, inner bool) (Decoded, error) {
	if len(b) < 20 {
		return Decoded{}, errShort
	}
	hl := int(b[0]&15) * 4
	total := int(binary.BigEndian.Uint16(b[2:]))
	if hl < 20 || total < hl || len(b) < hl {
		return Decoded{}, fmt.Errorf("bad IPv4 header: length %d, total %d", hl, total)
	}
	if binary.BigEndian.Uint16(b[6:])&0x1fff != 0 {
		return Decoded{}, nil // a later fragment: no transport header
	}
	src, dst := netip.AddrFrom4([4]byte(b[12:16])), netip.AddrFrom4([4]byte(b[16:20]))
	return transport(b[9], src, dst, b[hl:], total-hl, inner)
}

func decodeIPv6(b []byte, inner bool) (Decoded, error) {
	if len(b) < 40 {
		return Decoded{}, errShort
	}
	plen := int(binary.BigEndian.Uint16(b[4:]))
	next, rest := b[6], b[40:]
	src, dst := netip.AddrFrom16([16]byte(b[8:24])), netip.AddrFrom16([16]byte(b[24:40]))
	if plen == 0 {
		plen = len(rest) // jumbogram: trust the capture
	}
	for i := 0; i < 8; i++ { // extension headers, bounded
		switch next {
		case 0, 43, 60, 44:
			if len(rest) < 8 {
				return Decoded{}, errShort
			}
			n := int(rest[1])*8 + 8
			if next == 44 {
				if binary.BigEndian.Uint16(rest[2:])&0xfff8 != 0 {
					return Decoded{}, nil // a later fragment
				}
				n = 8
			}
			if len(rest) < n || plen < n {
				return Decoded{}, errShort
			}
			next, rest, plen = rest[0], rest[n:], plen-n
			continue
		}
		break
	}
	return transport(next, src, dst, rest, plen, inner)
}

// transport decodes TCP, ICMP or ICMPv6; length is the transport's length
// on the wire, rest what was captured of it.
func transport(proto byte, src, dst netip.Addr, rest []byte, length int, inner bool) (Decoded, error) {
	switch proto {
	case 6:
		return decodeTCP(src, dst, rest, length, inner)
	case 1, 58:
		if inner || len(rest) < 8 {
			return Decoded{}, nil
		}
		typ, code := rest[0], rest[1]
		if proto == 1 && typ != 3 || proto == 58 && typ != 1 {
			return Decoded{}, nil
		}
		in, err := decodeIP(rest[8:], true)
		if err != nil || in.TCP == nil {
			return Decoded{}, nil
		}
		u := &Unreachable{From: src, Src: in.TCP.Src, Dst: in.TCP.Dst, Type: typ, Code: code}
		return Decoded{Unrch: u}, nil
	}
	return Decoded{}, nil
}

func decodeTCP(src, dst netip.Addr, b []byte, length int, inner bool) (Decoded, error) {
	if inner { // the quoted header: ports and sequence number only
		if len(b) < 8 {
			return Decoded{}, errShort
		}
		s := &Segment{Src: netip.AddrPortFrom(src, binary.BigEndian.Uint16(b)),
			Dst: netip.AddrPortFrom(dst, binary.BigEndian.Uint16(b[2:])), Seq: binary.BigEndian.Uint32(b[4:])}
		return Decoded{TCP: s}, nil
	}
	if len(b) < 20 {
		return Decoded{}, errShort
	}
	off := int(b[12]>>4) * 4
	if off < 20 || len(b) < off || length < off {
		return Decoded{}, fmt.Errorf("bad TCP header: data offset %d, segment %d bytes", off, length)
	}
	s := &Segment{
		Src:    netip.AddrPortFrom(src, binary.BigEndian.Uint16(b)),
		Dst:    netip.AddrPortFrom(dst, binary.BigEndian.Uint16(b[2:])),
		Seq:    binary.BigEndian.Uint32(b[4:]),
		Ack:    binary.BigEndian.Uint32(b[8:]),
		Flags:  b[13] & 0x1f,
		Window: binary.BigEndian.Uint16(b[14:]),
		Len:    length - off,
	}
	s.Payload = b[off:]
	if len(s.Payload) > s.Len {
		s.Payload = s.Payload[:s.Len] // Ethernet padding
	}
	return Decoded{TCP: s}, nil
}
