// Package pcap reads and writes capture files without libpcap: classic
// pcap (microsecond and nanosecond, either byte order) and pcapng (section
// header, interface description, enhanced, simple and obsolete packet
// blocks), and decodes what the FTP analysis needs from each packet: the
// link layer (Ethernet with VLAN tags, Linux cooked SLL and SLL2, raw IP,
// BSD loopback), IPv4 and IPv6, TCP segments and ICMP unreachables.
//
// A reader streams: it holds one packet at a time, so a capture of any
// size is read in bounded memory. Every problem with the file itself is a
// *FormatError that names the file and the byte offset where reading
// stopped ("a.pcap: offset 24: truncated record header"); a packet that
// does not decode is skipped and counted by the caller, not fatal.
//
// It imports only the standard library. The format is small enough that a
// reader of our own gives better errors (file offsets) than a dependency.
package pcap
