package sim

import (
	"fmt"
	"net/netip"
	"strings"
)

// HelperResult is what the FTP helper made of one control line.
type HelperResult int

// Helper results, as nf_conntrack_ftp's find_pattern returns them.
const (
	// HelperNone: the line does not start with a pattern; ignored.
	HelperNone HelperResult = iota
	// HelperFound: a pattern at the start of the line with a well-formed
	// address and port.
	HelperFound
	// HelperPartial: the pattern starts the line but what follows does
	// not parse (the kernel drops such a segment, hoping for a whole
	// retransmission; sim lets it pass and records that).
	HelperPartial
)

// HelperMatch is the FTP helper's reading of one control line.
type HelperMatch struct {
	Result  HelperResult
	Pattern string     // "PORT", "EPRT", "227", "229"
	Addr    netip.Addr // zero for 229, which carries no address
	Port    uint16
	// Off and Len delimit the address-and-port text that nf_nat_ftp
	// rewrites ("192,168,1,10,200,1", "|1|192.168.1.10|51201|", "|||40001|").
	Off, Len int
}

// helperPattern is one entry of nf_conntrack_ftp's search table.
type helperPattern struct {
	pattern    string
	name       string
	skip, term byte
	getnum     func(data string, term byte) (n int, addr netip.Addr, port uint16)
}

// helperPatterns is the search table: PORT and EPRT in the client's
// direction, "227 " and "229 " in the server's, matched only at the start
// of a line, case-insensitively.
func helperPatterns(fromClient bool) []helperPattern {
	if fromClient {
		return []helperPattern{
			{"PORT", "PORT", ' ', '\r', tryRFC959},
			{"EPRT", "EPRT", ' ', '\r', tryEPRT},
		}
	}
	return []helperPattern{
		{"227 ", "227", '(', ')', tryRFC959},
		{"229 ", "229", '(', ')', tryEPSV},
	}
}

// HelperScan reads one whole control line (without CRLF) the way Linux's
// FTP helper does: fromClient selects the client's patterns (PORT, EPRT)
// or the server's (227, 229).
func HelperScan(line string, fromClient bool) HelperMatch {
	data := line + "\r\n"
	for _, p := range helperPatterns(fromClient) {
		m := findPattern(data, p)
		if m.Result != HelperNone {
			return m
		}
	}
	return HelperMatch{}
}

// embeddedPattern returns the pattern that appears in line other than at
// its start, if any: what a middlebox that searched anywhere would see.
func embeddedPattern(line string, fromClient bool) string {
	up := strings.ToUpper(line)
	for _, p := range helperPatterns(fromClient) {
		if i := strings.Index(up, p.pattern); i > 0 {
			return p.name
		}
	}
	return ""
}

func findPattern(data string, p helperPattern) HelperMatch {
	dlen, plen := len(data), len(p.pattern)
	if dlen == 0 {
		return HelperMatch{}
	}
	if dlen <= plen {
		if strings.EqualFold(data, p.pattern[:dlen]) {
			return HelperMatch{Result: HelperPartial, Pattern: p.name}
		}
		return HelperMatch{}
	}
	if !strings.EqualFold(data[:plen], p.pattern) {
		return HelperMatch{}
	}
	i := plen
	for data[i] != p.skip {
		if i == dlen-1 {
			return HelperMatch{Result: HelperPartial, Pattern: p.name}
		}
		i++
	}
	i++
	n, addr, port := p.getnum(data[i:], p.term)
	if n == 0 {
		return HelperMatch{Result: HelperPartial, Pattern: p.name}
	}
	return HelperMatch{Result: HelperFound, Pattern: p.name, Addr: addr, Port: port, Off: i, Len: n}
}

// tryNumber reads size numbers separated by sep and ended by term; it
// returns the length read, or 0.
func tryNumber(data string, size int, sep, term byte) (int, []uint32) {
	arr := make([]uint32, size)
	i := 0
	for l := 0; l < len(data) && i < size; l++ {
		c := data[l]
		switch {
		case c >= '0' && c <= '9':
			arr[i] = arr[i]*10 + uint32(c-'0')
		case c == sep:
			i++
		default:
			if c == term && i == size-1 {
				return l, arr
			}
			return 0, nil
		}
	}
	return 0, nil
}

func ipv4(a []uint32) netip.Addr {
	v := a[0]<<24 | a[1]<<16 | a[2]<<8 | a[3]
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// tryRFC959 reads h1,h2,h3,h4,p1,p2 (PORT and 227).
func tryRFC959(data string, term byte) (int, netip.Addr, uint16) {
	n, a := tryNumber(data, 6, ',', term)
	if n == 0 {
		return 0, netip.Addr{}, 0
	}
	return n, ipv4(a[:4]), uint16(a[4]<<8 | a[5])
}

// getPort reads a port ended by delim from data[start:]; it returns the
// offset after delim, or 0.
func getPort(data string, start int, delim byte) (int, uint16) {
	var port uint16
	for i := start; i < len(data); i++ {
		switch c := data[i]; {
		case c == delim:
			if port == 0 {
				return 0, 0
			}
			return i + 1, port
		case c >= '0' && c <= '9':
			port = port*10 + uint16(c-'0')
		default:
			return 0, 0
		}
	}
	return 0, 0
}

func validDelim(d byte) bool { return !(d >= '0' && d <= '9') && d >= 33 && d <= 126 }

// tryEPRT reads |1|a.b.c.d|port| (RFC 2428; IPv4 only in this lab).
func tryEPRT(data string, _ byte) (int, netip.Addr, uint16) {
	if len(data) <= 3 {
		return 0, netip.Addr{}, 0
	}
	d := data[0]
	if !validDelim(d) || data[2] != d || data[1] != '1' {
		return 0, netip.Addr{}, 0
	}
	n, a := tryNumber(data[3:], 4, '.', d)
	if n == 0 {
		return 0, netip.Addr{}, 0
	}
	end, port := getPort(data, 3+n+1, d)
	if end == 0 {
		return 0, netip.Addr{}, 0
	}
	return end, ipv4(a), port
}

// tryEPSV reads |||port| from a 229 reply.
func tryEPSV(data string, _ byte) (int, netip.Addr, uint16) {
	if len(data) <= 3 {
		return 0, netip.Addr{}, 0
	}
	d := data[0]
	if !validDelim(d) || data[1] != d || data[2] != d {
		return 0, netip.Addr{}, 0
	}
	end, port := getPort(data, 3, d)
	return end, netip.Addr{}, port
}

// mangle is the text nf_nat_ftp writes in place of a match.
func mangle(pattern string, to netip.AddrPort) string {
	a := to.Addr().As4()
	p := to.Port()
	switch pattern {
	case "PORT", "227":
		return fmt.Sprintf("%d,%d,%d,%d,%d,%d", a[0], a[1], a[2], a[3], p>>8, p&0xff)
	case "EPRT":
		return fmt.Sprintf("|1|%s|%d|", to.Addr(), p)
	default:
		return fmt.Sprintf("|||%d|", p)
	}
}

// String says what the helper read: "PORT 192.168.1.10:51201", or the
// port alone for 229.
func (m HelperMatch) String() string { return m.describe() }

func (m HelperMatch) describe() string {
	if m.Pattern == "229" {
		return fmt.Sprintf("229 (port %d, address of the control connection)", m.Port)
	}
	return fmt.Sprintf("%s %s", m.Pattern, netip.AddrPortFrom(m.Addr, m.Port))
}

// runHelper lets the FTP helper of host h (if the control connection's
// entry there has one) read a line travelling in direction fromDialer. It
// records expectations, rewrites the line under NAT and returns the line
// as it leaves the host.
func (n *Net) runHelper(c *conn, h hop, fromDialer bool, line string) string {
	i := n.st.ctIndex(h.host, c.id)
	if i < 0 || n.st.Conntrack[i].Helper == "" {
		return line
	}
	ent := n.st.Conntrack[i]
	fw := n.fwName(h.host)
	base := Event{Host: h.host, Conn: c.id, Kind: KindHelper, Label: LabelHelperParse, Firewall: fw, Line: line}
	m := HelperScan(line, fromDialer)
	switch m.Result {
	case HelperNone:
		if p := embeddedPattern(line, fromDialer); p != "" {
			base.Text = fmt.Sprintf("ftp helper on %s ignores %q: %s is not at the start of the line", h.host, line, p)
			n.emit(base)
		}
		return line
	case HelperPartial:
		base.Text = fmt.Sprintf("ftp helper on %s: %q starts with %s but does not parse; no expectation (the kernel would drop this segment)", h.host, line, m.Pattern)
		n.emit(base)
		return line
	}
	dirT, otherT := ent.Orig, ent.Reply
	dir := DirOriginal
	if !fromDialer {
		dirT, otherT = ent.Reply, ent.Orig
		dir = DirReply
	}
	if m.Pattern == "229" {
		m.Addr = dirT.Src.Addr()
	}
	base.Text = fmt.Sprintf("ftp helper on %s reads %s", h.host, m.describe())
	n.emit(base)
	if m.Addr != dirT.Src.Addr() {
		base.Text = fmt.Sprintf("ftp helper on %s does NOT record an expectation: announced %s is not the control connection's peer %s (bounce defence, no loose)", h.host, m.Addr, dirT.Src.Addr())
		n.emit(base)
		return line
	}
	exp := Expectation{
		Host: h.host, Master: c.id, Helper: "ftp",
		Src:     otherT.Src.Addr(),
		Dst:     netip.AddrPortFrom(otherT.Dst.Addr(), m.Port),
		Created: n.now, Expires: n.now + ExpectTimeoutMs,
	}
	out := line
	if ent.SNAT || ent.DNAT {
		exp.NAT, exp.Dir, exp.SavedPort = true, dir, m.Port
		out = line[:m.Off] + mangle(m.Pattern, exp.Dst) + line[m.Off+m.Len:]
	}
	n.expect(exp)
	n.emit(Event{Host: h.host, Conn: c.id, Kind: KindHelper, Label: LabelHelperExpect, Firewall: fw,
		From: netip.AddrPortFrom(exp.Src, 0), To: exp.Dst, Line: line,
		Text: fmt.Sprintf("ftp helper on %s expects %s -> %s (any source port, 300 s): that connection will be RELATED", h.host, exp.Src, exp.Dst)})
	if out != line {
		n.emit(Event{Host: h.host, Conn: c.id, Kind: KindNAT, Label: LabelNATTranslate, Firewall: fw, Line: out,
			Text: fmt.Sprintf("nf_nat_ftp on %s rewrites %q to %q", h.host, line, out)})
	}
	return out
}
