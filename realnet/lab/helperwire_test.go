package lab

import (
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"ftplab/realnet/wire"
	"ftplab/sim"
)

// The lab has two readers of a control line on purpose, as a real network
// does: the endpoints' parsers (realnet/wire, used by the server and the
// client) and the middlebox's (sim's FTP helper, modelled on Linux's
// nf_conntrack_ftp). FuzzHelperVersusWire feeds both any line and fails
// unless every disagreement has a name in helperWireDifferences. That
// table is the list lessons cite; each entry, by name:
//
//   - verb-prefix: the helper matches PORT or EPRT as a prefix and skips
//     to the first space, so "PORTAL 192,168,1,10,195,80" opens a port
//     while the server refuses a verb of more than 4 letters.
//   - white-space: wire reads "PORT 192, 168, 1, 10, 195, 80" with spaces
//     around the numbers, the helper reads only digits and commas.
//   - unchecked-numbers: the helper adds up digits with no range check, as
//     the kernel's u32 arithmetic does, so a number over 255, an empty
//     one, or a dotted quad with leading zeros still makes an address
//     (wrapped), where wire refuses the line.
//   - port-overflow: the helper reads an EPRT or 229 port into 16 bits
//     without a check, so 65616 becomes port 80, where wire refuses it.
//   - ipv4-only-eprt: the lab's helper reads EPRT for IPv4 (|1|) only,
//     the lab being IPv4, while wire also reads |2| IPv6 addresses.
//   - digit-delimiter: RFC 2428 allows any printable delimiter and wire
//     does too, but netfilter refuses a digit, which it could not tell from
//     the numbers.
//   - trailing-text: the helper stops at the closing delimiter of EPRT and
//     229 and ignores what follows (even a missing ")"), while wire wants
//     the EPRT argument to end there and 229's parentheses to close on it.
//   - 227-parens: RFC 1123 §4.1.2.6 tells a client not to rely on the
//     parentheses of a 227 reply, so wire reads from the first digit,
//     while netfilter reads only right after the first "(" up to ")".
//   - inner-cr: a CR inside a line (the lab cuts lines at LF) ends the
//     helper's reading, as the kernel reads up to CR, while the endpoints
//     keep it in the argument.
//
// Reading only at the start of a line is not in the table: both readers
// do it. It is the helper's difference from a middlebox that searches the
// whole line, which sim's helper.parse events point out.

// reading is what one reader made of a control line: the pattern found
// ("" for none) and the address and port it names (no address for 229).
type reading struct {
	pattern string
	addr    netip.Addr
	port    uint16
}

func (r reading) String() string {
	if r.pattern == "" {
		return "nothing"
	}
	return r.pattern + " " + r.addr.String() + " port " + strconv.Itoa(int(r.port))
}

// disagreement is a line the two readers read differently.
type disagreement struct {
	line       string
	fromClient bool
	helper     reading
	match      sim.HelperMatch
	endpoint   reading
}

// difference is one entry of the table: a name lessons cite, the reason
// in one sentence, an example line, and whether it explains a given
// disagreement.
type difference struct {
	name, reason string
	example      string
	fromClient   bool
	applies      func(d disagreement) bool
}

// helperWireDifferences is every allowed disagreement between sim's FTP
// helper and wire's parsers (see the list above).
var helperWireDifferences = []difference{
	{"verb-prefix", "The helper matches PORT or EPRT as a prefix and skips to the first space; the server wants a verb of 3 or 4 letters.",
		"PORTAL 192,168,1,10,195,80", true,
		func(d disagreement) bool { return d.fromClient && d.helper.pattern != "" && verbLen(d.line) > 4 }},
	{"white-space", "wire tolerates spaces around the numbers of PORT; the helper reads digits and commas only.",
		"PORT 192, 168, 1, 10, 195, 80", true,
		func(d disagreement) bool {
			return d.endpoint.pattern == "PORT" && d.helper.pattern == "" && strings.ContainsFunc(argument(d.line), unicode.IsSpace)
		}},
	{"unchecked-numbers", "The helper adds up digits without a range check (the kernel's u32 arithmetic): a number over 255, an empty one or a leading zero in a dotted quad still makes an address.",
		"PORT 192,168,1,10,256,80", true,
		func(d disagreement) bool {
			return d.helper.pattern != "" && d.endpoint.pattern == "" && looseNumbers(d)
		}},
	{"port-overflow", "The helper reads an EPRT or 229 port into 16 bits without a check, so 65616 is port 80; wire refuses it.",
		"EPRT |1|192.168.1.10|65616|", true,
		func(d disagreement) bool {
			return d.helper.pattern != "" && d.endpoint.pattern == "" && extendedPortOver16Bits(d)
		}},
	{"ipv4-only-eprt", "The lab's helper reads EPRT for IPv4 (|1|) only; wire also reads |2| IPv6 addresses.",
		"EPRT |2|2001:db8::10|50000|", true,
		func(d disagreement) bool {
			return d.endpoint.pattern == "EPRT" && d.endpoint.addr.Is6() && d.helper.pattern == ""
		}},
	{"digit-delimiter", "RFC 2428 allows any printable delimiter and so does wire; netfilter refuses a digit.",
		"229 Entering Extended Passive Mode (999400009)", false,
		func(d disagreement) bool {
			return d.helper.pattern == "" && d.endpoint.pattern != "" && digitDelimiter(d)
		}},
	{"trailing-text", "The helper stops at the closing delimiter of EPRT and 229 and ignores what follows; wire wants the EPRT argument to end there and 229's parentheses to close on it.",
		"EPRT |1|192.168.1.10|50000|x", true,
		func(d disagreement) bool { return d.endpoint.pattern == "" && trailingText(d) }},
	{"227-parens", "RFC 1123 §4.1.2.6: a client must not rely on the parentheses of 227, so wire reads from the first digit; netfilter reads right after the first ( up to ).",
		"227 Entering Passive Mode 192,168,1,10,195,80", false,
		func(d disagreement) bool {
			return !d.fromClient && strings.HasPrefix(d.line, "227 ") && !numbersInFirstParens(d.line[4:])
		}},
	{"inner-cr", "A CR inside a line (the lab cuts lines at LF) ends the helper's reading, as the kernel reads up to CR; the endpoints keep it in the argument.",
		"PORT 192,168,1,10,195,80\rX", true,
		func(d disagreement) bool { return strings.ContainsRune(d.line, '\r') }},
}

// helperReads is sim's FTP helper's reading of line.
func helperReads(line string, fromClient bool) (reading, sim.HelperMatch) {
	m := sim.HelperScan(line, fromClient)
	if m.Result != sim.HelperFound {
		return reading{}, m
	}
	return reading{m.Pattern, m.Addr, m.Port}, m
}

// endpointReads is the endpoints' reading of line: the server's (command
// line, then PORT or EPRT argument) for a line from the client, the
// client's (reply code, then 227 or 229 text) for one from the server.
func endpointReads(line string, fromClient bool) reading {
	if fromClient {
		cmd, err := wire.ParseCommand(line)
		if err != nil {
			return reading{}
		}
		var ap netip.AddrPort
		switch cmd.Verb {
		case "PORT":
			ap, err = wire.ParsePORT(cmd.Arg)
		case "EPRT":
			ap, err = wire.ParseEPRT(cmd.Arg)
		default:
			return reading{}
		}
		if err != nil {
			return reading{}
		}
		return reading{cmd.Verb, ap.Addr(), ap.Port()}
	}
	code, text, _ := strings.Cut(line, " ")
	switch code {
	case "227":
		if ap, err := wire.Parse227(text); err == nil {
			return reading{"227", ap.Addr(), ap.Port()}
		}
	case "229":
		if p, err := wire.Parse229(text); err == nil {
			return reading{"229", netip.Addr{}, p}
		}
	}
	return reading{}
}

// compare reads line both ways; ok is false when the readings differ.
func compare(line string, fromClient bool) (disagreement, bool) {
	h, m := helperReads(line, fromClient)
	e := endpointReads(line, fromClient)
	return disagreement{line: line, fromClient: fromClient, helper: h, match: m, endpoint: e}, h == e
}

// explain returns the names of the entries that explain d.
func explain(d disagreement) []string {
	var names []string
	for _, x := range helperWireDifferences {
		if x.applies(d) {
			names = append(names, x.name)
		}
	}
	return names
}

func verbLen(line string) int {
	if i := strings.IndexByte(line, ' '); i >= 0 {
		return i
	}
	return len(line)
}

func argument(line string) string {
	_, arg, _ := strings.Cut(line, " ")
	return arg
}

// matched is the text the helper read the address and port from.
func matched(d disagreement) string { return d.line[d.match.Off : d.match.Off+d.match.Len] }

// looseNumbers: a number of the helper's match that wire would refuse (an
// empty one, over 255, or a leading zero in EPRT's dotted quad).
func looseNumbers(d disagreement) bool {
	text := matched(d)
	bad := func(n string, leadingZero bool) bool {
		v, err := strconv.Atoi(n)
		return n == "" || err != nil || v > 255 || (leadingZero && len(n) > 1 && n[0] == '0')
	}
	switch d.helper.pattern {
	case "PORT", "227":
		for _, n := range strings.Split(text, ",") {
			if bad(n, false) {
				return true
			}
		}
	case "EPRT":
		fields := strings.Split(text[1:len(text)-1], text[:1])
		if len(fields) == 3 {
			for _, n := range strings.Split(fields[1], ".") {
				if bad(n, true) {
					return true
				}
			}
		}
	}
	return false
}

// extendedPortOver16Bits: the port of the helper's EPRT or 229 match does
// not fit in 16 bits.
func extendedPortOver16Bits(d disagreement) bool {
	if d.helper.pattern != "EPRT" && d.helper.pattern != "229" {
		return false
	}
	text := matched(d)
	fields := strings.Split(text[1:len(text)-1], text[:1])
	_, err := strconv.ParseUint(fields[len(fields)-1], 10, 16)
	return err != nil
}

// digitDelimiter: the EPRT argument or the 229 text in parentheses starts
// with a digit, which wire takes as the delimiter.
func digitDelimiter(d disagreement) bool {
	if d.endpoint.pattern != "EPRT" && d.endpoint.pattern != "229" {
		return false
	}
	s := argument(d.line)
	if !d.fromClient {
		_, s, _ = strings.Cut(d.line, "(")
	}
	return s != "" && '0' <= s[0] && s[0] <= '9'
}

// trailingText: after the helper's EPRT match the argument goes on, or
// after its 229 match comes no ")" or another ")" further on.
func trailingText(d disagreement) bool {
	rest := d.line[d.match.Off+d.match.Len:]
	switch d.helper.pattern {
	case "EPRT":
		return rest != ""
	case "229":
		return !strings.HasPrefix(rest, ")") || strings.Contains(rest[1:], ")")
	}
	return false
}

// numbersInFirstParens: the first digit of a 227 text comes right after
// its first "(" and its run of digits and commas ends at ")", so that the
// helper and wire read the same run.
func numbersInFirstParens(text string) bool {
	i := strings.IndexFunc(text, func(r rune) bool { return '0' <= r && r <= '9' })
	if i < 1 || strings.IndexByte(text, '(') != i-1 {
		return false
	}
	j := i
	for j < len(text) && ('0' <= text[j] && text[j] <= '9' || text[j] == ',') {
		j++
	}
	return j < len(text) && text[j] == ')'
}

// TestHelperWireDifferences: each entry's example is a disagreement that
// this entry, and no other, explains; the doc comment above lists every
// entry.
func TestHelperWireDifferences(t *testing.T) {
	seen := map[string]bool{}
	for _, x := range helperWireDifferences {
		if seen[x.name] {
			t.Errorf("%s: listed twice", x.name)
		}
		seen[x.name] = true
		d, same := compare(x.example, x.fromClient)
		if same {
			t.Errorf("%s: example %q: both read %v, no disagreement", x.name, x.example, d.helper)
			continue
		}
		if got := explain(d); len(got) != 1 || got[0] != x.name {
			t.Errorf("%s: example %q (helper %v, wire %v) is explained by %v, want only %s", x.name, x.example, d.helper, d.endpoint, got, x.name)
		}
	}
}

// TestHelperWireAgree: the lines the lab's runs send are read alike.
func TestHelperWireAgree(t *testing.T) {
	for _, c := range helperWireSeeds() {
		if d, same := compare(c.line, c.fromClient); !same && c.agree {
			t.Errorf("%q: helper %v, wire %v", c.line, d.helper, d.endpoint)
		}
	}
}

type seedLine struct {
	line       string
	fromClient bool
	agree      bool
}

func helperWireSeeds() []seedLine {
	seeds := []seedLine{
		{"PORT 192,168,1,10,195,80", true, true},
		{"port 192,168,1,10,195,80", true, true},
		{"EPRT |1|192.168.1.10|50000|", true, true},
		{"EPRT !1!192.168.1.10!50000!", true, true},
		{"PASV", true, true},
		{"RETR data.bin", true, true},
		{"227 Entering Passive Mode (198,51,100,20,156,64).", false, true},
		{"229 Entering Extended Passive Mode (|||40000|)", false, true},
		{"200 PORT command successful. Consider using EPSV.", false, true},
		{"227-multi-line", false, true},
	}
	for _, x := range helperWireDifferences {
		seeds = append(seeds, seedLine{x.example, x.fromClient, false})
	}
	return seeds
}

// FuzzHelperVersusWire reads any line with both readers: a disagreement
// must be one of helperWireDifferences.
func FuzzHelperVersusWire(f *testing.F) {
	for _, s := range helperWireSeeds() {
		f.Add(s.line, s.fromClient)
	}
	f.Fuzz(func(t *testing.T, line string, fromClient bool) {
		// The lab cuts the stream at LF and trims the CRs before it:
		// no line it gives the helper holds an LF or ends with a CR.
		if strings.ContainsRune(line, '\n') || strings.HasSuffix(line, "\r") {
			t.Skip()
		}
		d, same := compare(line, fromClient)
		if !same && len(explain(d)) == 0 {
			t.Errorf("%q (from client %v): helper reads %v, wire reads %v: not an allowed difference", line, fromClient, d.helper, d.endpoint)
		}
	})
}
