package wire

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// FormatPORT formats the argument of PORT and the numbers of a 227 reply:
// the four bytes of an IPv4 address and the port's high and low byte
// (RFC 959 §4.1.2).
//
//	192.168.1.10:50000  →  "192,168,1,10,195,80"
func FormatPORT(ap netip.AddrPort) (string, error) {
	a := ap.Addr().Unmap()
	if !a.Is4() {
		return "", fmt.Errorf("PORT needs an IPv4 address, not %s", a)
	}
	b := a.As4()
	p := ap.Port()
	return fmt.Sprintf("%d,%d,%d,%d,%d,%d", b[0], b[1], b[2], b[3], p>>8, p&0xff), nil
}

// ParsePORT parses "h1,h2,h3,h4,p1,p2", the argument of PORT. Spaces
// around the numbers are tolerated; anything else is an error.
func ParsePORT(arg string) (netip.AddrPort, error) {
	parts := strings.Split(strings.TrimSpace(arg), ",")
	if len(parts) != 6 {
		return netip.AddrPort{}, fmt.Errorf("PORT argument %q: want 6 numbers h1,h2,h3,h4,p1,p2", arg)
	}
	var n [6]byte
	for i, p := range parts {
		v, err := strconv.ParseUint(strings.TrimSpace(p), 10, 8)
		if err != nil {
			return netip.AddrPort{}, fmt.Errorf("PORT argument %q: %q is not a number from 0 to 255", arg, p)
		}
		n[i] = byte(v)
	}
	addr := netip.AddrFrom4([4]byte{n[0], n[1], n[2], n[3]})
	return netip.AddrPortFrom(addr, uint16(n[4])<<8|uint16(n[5])), nil
}

// Format227 formats the text of a 227 reply (RFC 959 §4.1.2).
//
//	"Entering Passive Mode (198,51,100,20,156,64)."
func Format227(ap netip.AddrPort) (string, error) {
	nums, err := FormatPORT(ap)
	if err != nil {
		return "", err
	}
	return "Entering Passive Mode (" + nums + ").", nil
}

// Parse227 finds the address in the text of a 227 reply. Following RFC 1123
// §4.1.2.6 it does not rely on the parentheses: it scans for the first
// digit and reads six comma-separated numbers from there.
func Parse227(text string) (netip.AddrPort, error) {
	i := strings.IndexFunc(text, func(r rune) bool { return '0' <= r && r <= '9' })
	if i < 0 {
		return netip.AddrPort{}, fmt.Errorf("227 reply %q holds no address", text)
	}
	j := i
	for j < len(text) && (isDigit(text[j]) || text[j] == ',') {
		j++
	}
	ap, err := ParsePORT(text[i:j])
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("227 reply %q: %w", text, err)
	}
	return ap, nil
}

// FormatEPRT formats the argument of EPRT (RFC 2428 §2), with protocol 1
// for IPv4 and 2 for IPv6 and "|" as the delimiter.
//
//	192.168.1.10:50000  →  "|1|192.168.1.10|50000|"
//	[::1]:50000         →  "|2|::1|50000|"
func FormatEPRT(ap netip.AddrPort) string {
	a := ap.Addr().Unmap()
	proto := 1
	if a.Is6() {
		proto = 2
	}
	return fmt.Sprintf("|%d|%s|%d|", proto, a.WithZone(""), ap.Port())
}

// ParseEPRT parses the argument of EPRT. The delimiter is the first
// character, any printable ASCII character from 33 to 126 (RFC 2428 §2).
// The network protocol must agree with the address: 1 for IPv4, 2 for
// IPv6. ErrBadProtocol is returned for any other protocol number, so the
// server can answer 522.
func ParseEPRT(arg string) (netip.AddrPort, error) {
	fields, err := splitExtended(arg, 4)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("EPRT argument %q: %w", arg, err)
	}
	proto, host, port := fields[0], fields[1], fields[2]
	if proto != "1" && proto != "2" {
		return netip.AddrPort{}, fmt.Errorf("EPRT argument %q: %w", arg, ErrBadProtocol)
	}
	a, err := netip.ParseAddr(host)
	if err != nil || a.Zone() != "" {
		return netip.AddrPort{}, fmt.Errorf("EPRT argument %q: bad address %q", arg, host)
	}
	if (proto == "1") != a.Is4() {
		return netip.AddrPort{}, fmt.Errorf("EPRT argument %q: address %s is not of protocol %s", arg, a, proto)
	}
	p, err := parsePort(port)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("EPRT argument %q: %w", arg, err)
	}
	return netip.AddrPortFrom(a, p), nil
}

// ErrBadProtocol reports an EPRT or EPSV network protocol other than 1
// (IPv4) or 2 (IPv6).
var ErrBadProtocol = fmt.Errorf("network protocol not supported, use (1,2)")

// Format229 formats the text of a 229 reply (RFC 2428 §3). It carries only
// the port: the client connects to the address of the control connection.
//
//	"Entering Extended Passive Mode (|||40000|)"
func Format229(port uint16) string {
	return fmt.Sprintf("Entering Extended Passive Mode (|||%d|)", port)
}

// Parse229 finds the port in the text of a 229 reply: the part inside the
// parentheses has the form (<d><d><d>port<d>) with any delimiter d.
func Parse229(text string) (uint16, error) {
	open := strings.IndexByte(text, '(')
	end := strings.LastIndexByte(text, ')')
	if open < 0 || end < open {
		return 0, fmt.Errorf("229 reply %q: no (|||port|)", text)
	}
	fields, err := splitExtended(text[open+1:end], 4)
	if err != nil {
		return 0, fmt.Errorf("229 reply %q: %w", text, err)
	}
	if fields[0] != "" || fields[1] != "" {
		return 0, fmt.Errorf("229 reply %q: protocol and address must be empty", text)
	}
	p, err := parsePort(fields[2])
	if err != nil {
		return 0, fmt.Errorf("229 reply %q: %w", text, err)
	}
	return p, nil
}

// splitExtended splits "<d>a<d>b<d>c<d>" into [a b c]; n is the number of
// delimiters expected.
func splitExtended(s string, n int) ([]string, error) {
	if len(s) < n {
		return nil, fmt.Errorf("too short")
	}
	d := s[0]
	if d < 33 || d > 126 {
		return nil, fmt.Errorf("bad delimiter %q", d)
	}
	if s[len(s)-1] != d {
		return nil, fmt.Errorf("must end with the delimiter %q", d)
	}
	fields := strings.Split(s[1:len(s)-1], string(d))
	if len(fields) != n-1 {
		return nil, fmt.Errorf("want %d fields between %q delimiters, got %d", n-1, d, len(fields))
	}
	return fields, nil
}

func parsePort(s string) (uint16, error) {
	v, err := strconv.ParseUint(s, 10, 16)
	if err != nil || v == 0 {
		return 0, fmt.Errorf("bad port %q", s)
	}
	return uint16(v), nil
}
