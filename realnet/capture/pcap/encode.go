package pcap

import (
	"encoding/binary"
	"net/netip"
)

// Frame builds an Ethernet frame holding an IPv4 or IPv6 packet with a
// TCP segment (checksums computed); mss > 0 adds the MSS option (on a
// SYN). The MAC addresses are derived from the IP addresses.
func Frame(s Segment, mss uint16) []byte {
	var opts []byte
	if mss > 0 {
		opts = []byte{2, 4, byte(mss >> 8), byte(mss)}
	}
	tcp := make([]byte, 20+len(opts), 20+len(opts)+len(s.Payload))
	binary.BigEndian.PutUint16(tcp, s.Src.Port())
	binary.BigEndian.PutUint16(tcp[2:], s.Dst.Port())
	binary.BigEndian.PutUint32(tcp[4:], s.Seq)
	binary.BigEndian.PutUint32(tcp[8:], s.Ack)
	tcp[12] = byte(len(tcp)/4) << 4
	tcp[13] = s.Flags
	binary.BigEndian.PutUint16(tcp[14:], s.Window)
	copy(tcp[20:], opts)
	tcp = append(tcp, s.Payload...)
	src, dst := s.Src.Addr().Unmap(), s.Dst.Addr().Unmap()
	eth := make([]byte, 14, 14+40+len(tcp))
	copy(eth, mac(dst))
	copy(eth[6:], mac(src))
	if src.Is4() {
		binary.BigEndian.PutUint16(eth[12:], 0x0800)
		ip := make([]byte, 20)
		ip[0] = 0x45
		binary.BigEndian.PutUint16(ip[2:], uint16(20+len(tcp)))
		binary.BigEndian.PutUint16(ip[6:], 0x4000) // don't fragment
		ip[8], ip[9] = 64, 6
		copy(ip[12:], src.AsSlice())
		copy(ip[16:], dst.AsSlice())
		binary.BigEndian.PutUint16(ip[10:], ^sum(ip, 0))
		binary.BigEndian.PutUint16(tcp[16:], ^sum(tcp, pseudo(src, dst, len(tcp))))
		return append(append(eth, ip...), tcp...)
	}
	binary.BigEndian.PutUint16(eth[12:], 0x86dd)
	ip := make([]byte, 40)
	ip[0] = 0x60
	binary.BigEndian.PutUint16(ip[4:], uint16(len(tcp)))
	ip[6], ip[7] = 6, 64
	copy(ip[8:], src.AsSlice())
	copy(ip[24:], dst.AsSlice())
	binary.BigEndian.PutUint16(tcp[16:], ^sum(tcp, pseudo(src, dst, len(tcp))))
	return append(append(eth, ip...), tcp...)
}

// mac is a locally administered MAC address made from an IP address, so
// each host keeps one MAC in both capture files.
func mac(a netip.Addr) []byte {
	b := a.AsSlice()
	return []byte{0x02, 0x00, b[len(b)-4], b[len(b)-3], b[len(b)-2], b[len(b)-1]}
}

// pseudo is the sum of the TCP pseudo-header.
func pseudo(src, dst netip.Addr, n int) uint32 {
	var s uint32
	for _, b := range [][]byte{src.AsSlice(), dst.AsSlice()} {
		for i := 0; i+1 < len(b); i += 2 {
			s += uint32(binary.BigEndian.Uint16(b[i:]))
		}
	}
	return s + 6 + uint32(n)
}

// sum is the ones' complement sum of b folded to 16 bits, from start.
func sum(b []byte, start uint32) uint16 {
	s := start
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(binary.BigEndian.Uint16(b[i:]))
	}
	if len(b)%2 == 1 {
		s += uint32(b[len(b)-1]) << 8
	}
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	return uint16(s)
}
