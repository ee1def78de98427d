package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// parseAddrRange parses an address, a prefix or a range lo-hi of the
// family v6 says.
func parseAddrRange(s string, v6 bool) (addrRange, error) {
	fam := func(a netip.Addr) error {
		if a.Is6() != v6 {
			want := "IPv4"
			if v6 {
				want = "IPv6"
			}
			return fmt.Errorf("%s is not an %s address", a, want)
		}
		return nil
	}
	if strings.Contains(s, "/") {
		pf, err := netip.ParsePrefix(s)
		if err != nil {
			return addrRange{}, fmt.Errorf("bad prefix %q", s)
		}
		pf = pf.Masked()
		return addrRange{pf.Addr(), lastAddr(pf)}, fam(pf.Addr())
	}
	if lo, hi, ok := strings.Cut(s, "-"); ok {
		a, err1 := netip.ParseAddr(lo)
		b, err2 := netip.ParseAddr(hi)
		if err1 != nil || err2 != nil || a.BitLen() != b.BitLen() || b.Less(a) {
			return addrRange{}, fmt.Errorf("bad address range %q", s)
		}
		return addrRange{a, b}, fam(a)
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return addrRange{}, fmt.Errorf("bad address %q", s)
	}
	return addrRange{a, a}, fam(a)
}

// lastAddr is the highest address of a masked prefix.
func lastAddr(pf netip.Prefix) netip.Addr {
	b := pf.Addr().AsSlice()
	for i := pf.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

// tcpServices are the service names nft may print for ports (nft -S).
var tcpServices = map[string]uint16{"ftp-data": 20, "ftp": 21, "ssh": 22, "smtp": 25, "domain": 53, "http": 80, "https": 443, "ftps-data": 989, "ftps": 990}

// parsePortRange parses a port, a service name or a range lo-hi.
func parsePortRange(s string) (PortRange, error) {
	if p, ok := tcpServices[s]; ok {
		return Port(p), nil
	}
	num := func(v string) (uint16, error) {
		n, err := strconv.ParseUint(v, 10, 16)
		if err != nil {
			return 0, fmt.Errorf("bad port %q", s)
		}
		return uint16(n), nil
	}
	if lo, hi, ok := strings.Cut(s, "-"); ok {
		a, err := num(lo)
		if err != nil {
			return PortRange{}, err
		}
		b, err := num(hi)
		if err != nil || b < a {
			return PortRange{}, fmt.Errorf("bad port range %q", s)
		}
		return Ports(a, b), nil
	}
	p, err := num(s)
	return Port(p), err
}

// parseCTState parses one conntrack state name.
func parseCTState(s string) (CTState, bool) {
	switch c := CTState(s); c {
	case CTNew, CTEstablished, CTRelated, CTInvalid, CTUntracked:
		return c, true
	}
	return "", false
}

// parseNATTarget parses ADDR or ADDR:PORT (IPv4; IPv6 as [ADDR]:PORT).
func parseNATTarget(s string) (netip.Addr, uint16, error) {
	if a, err := netip.ParseAddr(s); err == nil && a.Zone() == "" {
		return a, 0, nil
	}
	ap, err := netip.ParseAddrPort(s)
	if err != nil {
		return netip.Addr{}, 0, fmt.Errorf("%q is not an address or address:port the lab models (no ranges)", s)
	}
	return ap.Addr(), ap.Port(), nil
}

// tcpFlagBits are nft's TCP flag names. The lab's packets carry only SYN
// and ACK; the other bits are never set.
var tcpFlagBits = map[string]TCPFlags{"syn": FlagSYN, "ack": FlagACK, "fin": 1 << 2, "rst": 1 << 3, "psh": 1 << 4, "urg": 1 << 5, "ecn": 1 << 6, "cwr": 1 << 7}

// flagsMatch parses the forms of tcp flags nft writes and prints:
//
//	tcp flags syn                       (flags & syn) != 0
//	tcp flags == syn / != syn           flags == syn / flags != syn
//	tcp flags & (syn|ack) == syn        (flags & (syn|ack)) == syn
//	tcp flags syn / syn,ack             the same, as nft 1.0 prints it
func (p *nftParser) flagsMatch(a srcPos) nftStmt {
	m := matchFlags{srcPos: a, op: "implicit"}
	switch {
	case p.accept("&"):
		m.mask = p.flagExpr()
		switch {
		case p.accept("=="):
			m.op = "=="
		case p.accept("!="):
			m.op = "!="
		default:
			p.errorf(p.peek(), "want == or != after tcp flags & mask, found %s", p.peek())
			return nil
		}
		m.value = p.flagExpr()
		return m
	case p.accept("=="):
		m.op = "=="
	case p.accept("!="):
		m.op = "!="
	}
	m.value = p.flagExpr()
	if p.accept("/") {
		m.mask = p.flagExpr()
		if m.op == "implicit" {
			m.op = "=="
		}
	} else if m.op != "implicit" {
		m.mask = 0xff
	}
	return m
}

// flagExpr parses flags joined by | or , possibly in parentheses, or 0.
func (p *nftParser) flagExpr() TCPFlags {
	paren := p.accept("(")
	var f TCPFlags
	for {
		t, ok := p.word("a tcp flag")
		if !ok {
			return 0
		}
		b, known := tcpFlagBits[t.text]
		if !known && t.text != "0" {
			p.errorf(t, "tcp flags: %q is not a flag (fin syn rst psh ack urg ecn cwr)", t.text)
			return 0
		}
		f |= b
		if !p.accept("|") && !p.accept(",") {
			break
		}
	}
	if paren && !p.accept(")") {
		p.errorf(p.peek(), "want ) in tcp flags, found %s", p.peek())
	}
	return f
}

// check validates what only the whole ruleset can tell: jump and goto
// targets, helper objects, NAT statements in NAT chains, policies on base
// chains, and jump loops.
func (p *nftParser) check() {
	for _, t := range p.rs.Tables {
		for _, c := range t.Chains {
			if !c.Base() && c.Policy != "" && !c.leftOut {
				p.errs = append(p.errs, &LineError{p.file, c.Line, c.col, fmt.Sprintf("nft: chain %s has a policy but no hook", c.Name)})
			}
			for _, r := range c.Rules {
				p.checkRule(t, c, r)
			}
		}
		for _, c := range t.Chains {
			if c.Base() && p.loops(t, c, map[*NftChain]bool{}, map[*NftChain]bool{}) {
				p.errs = append(p.errs, &LineError{p.file, c.Line, c.col, fmt.Sprintf("nft: chain %s: jumps and gotos form a loop", c.Name)})
				return
			}
		}
	}
}

// checkRule validates one rule's references.
func (p *nftParser) checkRule(t *NftTable, c *NftChain, r *NftRule) {
	bad := func(s nftStmt, format string, a ...any) {
		l, col := s.stmtPos()
		p.errs = append(p.errs, &LineError{p.file, l, col, "nft: " + fmt.Sprintf(format, a...)})
	}
	target := func(s nftStmt, v verdictStmt) {
		if v.kind != "jump" && v.kind != "goto" {
			return
		}
		switch tc := t.chain(v.target); {
		case tc == nil:
			bad(s, "%s %s: no chain %s in table %s %s", v.kind, v.target, v.target, t.Family, t.Name)
		case tc.Base():
			bad(s, "%s %s: a base chain cannot be a %s target", v.kind, v.target, v.kind)
		}
	}
	for _, s := range r.stmts {
		switch s := s.(type) {
		case verdictStmt:
			target(s, s)
		case vmapCTState:
			for _, e := range s.entries {
				target(s, e.verdict)
			}
		case setHelper:
			if t.helper(s.name) == nil && !slices.Contains(t.otherHelpers, s.name) {
				bad(s, "ct helper set %q: no ct helper object %s in table %s %s", s.name, s.name, t.Family, t.Name)
			}
		case counterRef:
			if !slices.Contains(t.Counters, s.name) {
				bad(s, "counter name %q: no counter object %s in table %s %s", s.name, s.name, t.Family, t.Name)
			}
		case natStmt:
			if c.Base() && c.Type != NATChain {
				bad(s, "%s in chain %s, which is not a nat chain", s.kind, c.Name)
			}
		}
	}
}

// loops reports whether a jump or goto from c leads back to a chain on
// the current path; done holds the chains already found loop-free.
func (p *nftParser) loops(t *NftTable, c *NftChain, path, done map[*NftChain]bool) bool {
	if path[c] {
		return true
	}
	if done[c] {
		return false
	}
	path[c] = true
	defer delete(path, c)
	for _, r := range c.Rules {
		for _, tgt := range jumpTargets(r) {
			if tc := t.chain(tgt); tc != nil && p.loops(t, tc, path, done) {
				return true
			}
		}
	}
	done[c] = true
	return false
}

// jumpTargets lists the chains a rule may jump or go to.
func jumpTargets(r *NftRule) []string {
	var out []string
	for _, s := range r.stmts {
		switch s := s.(type) {
		case verdictStmt:
			if s.target != "" {
				out = append(out, s.target)
			}
		case vmapCTState:
			for _, e := range s.entries {
				if e.verdict.target != "" {
					out = append(out, e.verdict.target)
				}
			}
		}
	}
	return out
}
