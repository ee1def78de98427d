package sim

import (
	"fmt"
	"strings"
)

// rule parses one rule of chain c, up to the end of its statement. On an
// error it skips the rest of the statement and returns nil.
func (p *nftParser) rule(c *NftChain) *NftRule {
	first := p.peek()
	r := &NftRule{Line: first.line, Col: first.col}
	if p.atEnd() {
		p.errorf(first, "an empty rule in chain %s", c.Name)
		return nil
	}
	n := len(p.errs)
	items := 0
	final := false // a verdict or NAT statement was seen
	for !p.atEnd() && len(p.errs) == n {
		t := p.peek()
		if t.kind == tokWord && t.text == "comment" {
			p.next()
			s := p.next()
			if s.kind != tokString {
				p.errorf(s, "want a quoted comment, found %s", s)
				break
			}
			r.Comment = s.text
			continue
		}
		if final {
			p.errorf(t, "%s after the rule's verdict would never run", t)
			break
		}
		items++
		i0, notes := p.i, len(p.notes)
		st, fin := p.item(c)
		if len(p.notes) > notes {
			st, fin = p.unknownItem(i0, notes, n), false
		}
		if st != nil {
			r.stmts = append(r.stmts, st)
		}
		final = fin
	}
	if items == 0 && len(p.errs) == n {
		p.errorf(first, "a rule with only a comment")
	}
	if len(p.errs) > n {
		p.skipStatement()
		return nil
	}
	last := p.toks[p.i-1]
	end := last.off + len(last.text)
	if last.kind == tokString {
		end += 2
	}
	text := strings.ReplaceAll(p.src[first.off:end], "\\\n", " ") // line continuations
	r.Text = strings.Join(strings.Fields(text), " ")
	return r
}

// item parses one expression or statement of a rule. final is true for a
// verdict, a verdict map or a NAT statement: nothing may follow them but a
// comment. A counter returns a nil statement (it decides nothing).
func (p *nftParser) item(c *NftChain) (st nftStmt, final bool) {
	t := p.next()
	a := srcPos{t.line, t.col}
	if t.kind != tokWord {
		p.errorf(t, "unexpected %s in a rule", t)
		return nil, false
	}
	switch t.text {
	case "iifname", "oifname", "iif", "oif":
		return p.ifaceMatch(a, t.text), false
	case "ip", "ip6":
		if p.is("protocol") && t.text == "ip" || p.is("nexthdr") && t.text == "ip6" {
			p.next()
			return p.l4Match(a, t.text), false
		}
		return p.addrMatch(a, t.text), false
	case "meta":
		if !p.accept("l4proto") {
			p.unmodelled(p.peek(), fmt.Sprintf("meta %s", p.peek().text))
			return nil, false
		}
		return p.l4Match(a, ""), false
	case "tcp":
		return p.tcpMatch(a), false
	case "ct":
		return p.ctItem(a)
	case "counter":
		return p.counter(a), false
	case "accept", "drop", "reject", "return", "continue", "jump", "goto":
		v := p.verdict(t)
		return v, true
	case "masquerade", "snat", "dnat":
		return p.nat(a, t), true
	}
	p.unmodelled(t, fmt.Sprintf("the expression %s", t))
	return nil, false
}

// op parses an optional == or != and reports a negation.
func (p *nftParser) op() bool {
	if p.accept("==") {
		return false
	}
	if p.accept("!=") {
		return true
	}
	if t := p.peek(); t.kind == tokPunct && strings.ContainsAny(t.text, "<>") {
		p.unmodelled(t, fmt.Sprintf("the comparison %s", t.text))
	}
	return false
}

// elems parses one value, an anonymous set "{ a, b }" or, when list is
// set (bitmasks: ct state, tcp flags), "a,b".
func (p *nftParser) elems(what string, list bool) []nftToken {
	if !p.accept("{") {
		var out []nftToken
		for {
			t, ok := p.elem(what)
			if !ok {
				return nil
			}
			out = append(out, t)
			if !list || !p.accept(",") {
				return out
			}
		}
	}
	var out []nftToken
	for {
		for p.peek().kind == tokNewline {
			p.next()
		}
		if p.accept("}") && len(out) > 0 {
			return out
		}
		t, ok := p.elem(what)
		if !ok {
			return nil
		}
		out = append(out, t)
		for p.peek().kind == tokNewline {
			p.next()
		}
		if !p.accept(",") && !p.is("}") {
			p.errorf(p.peek(), "want , or } in the set, found %s", p.peek())
			return nil
		}
	}
}

// elem parses one element of a value: a word or a quoted string.
func (p *nftParser) elem(what string) (nftToken, bool) {
	t := p.peek()
	if t.kind == tokWord && strings.HasPrefix(t.text, "@") {
		p.unmodelled(t, fmt.Sprintf("the named set %s", t.text))
		return t, false
	}
	if t.kind == tokWord && strings.HasPrefix(t.text, "$") {
		p.unmodelled(t, fmt.Sprintf("the variable %s (write its value)", t.text))
		return t, false
	}
	return p.word(what)
}

// ifaceMatch parses iifname/oifname/iif/oif [op] NAME|{ NAME, ... }.
func (p *nftParser) ifaceMatch(a srcPos, key string) nftStmt {
	m := matchIface{srcPos: a, out: key[0] == 'o', byIndex: !strings.HasSuffix(key, "name"), neg: p.op()}
	for _, t := range p.elems("an interface name", false) {
		m.names = append(m.names, t.text)
	}
	return m
}

// addrMatch parses ip|ip6 saddr|daddr [op] ADDR|PREFIX|RANGE|{ ... }.
func (p *nftParser) addrMatch(a srcPos, fam string) nftStmt {
	t, _ := p.word("saddr or daddr")
	if t.text != "saddr" && t.text != "daddr" {
		p.unmodelled(t, fmt.Sprintf("%s %s", fam, t.text))
		return nil
	}
	m := matchAddr{srcPos: a, dst: t.text == "daddr", v6: fam == "ip6", neg: p.op()}
	for _, e := range p.elems("an address", false) {
		r, err := parseAddrRange(e.text, m.v6)
		if err != nil {
			p.errorf(e, "%s %s: %v", fam, t.text, err)
			return nil
		}
		m.ranges = append(m.ranges, r)
	}
	return m
}

// l4Protocols are the protocol names nft knows for meta l4proto, ip
// protocol and ip6 nexthdr; the lab's packets are all TCP.
var l4Protocols = map[string]bool{"tcp": true, "6": true, "udp": false, "17": false, "icmp": false, "1": false, "ipv6-icmp": false, "icmpv6": false, "58": false,
	"sctp": false, "udplite": false, "gre": false, "esp": false, "ah": false, "dccp": false}

// l4Match parses meta l4proto, ip protocol or ip6 nexthdr (fam) [op]
// PROTO|{ ... }: it matches TCP or nothing.
func (p *nftParser) l4Match(a srcPos, fam string) nftStmt {
	m := matchL4{srcPos: a, family: fam, neg: p.op()}
	for _, e := range p.elems("a protocol", false) {
		tcp, known := l4Protocols[e.text]
		if !known {
			p.errorf(e, "protocol %q: want tcp, udp, icmp, ipv6-icmp, sctp, udplite, gre, esp, ah or dccp", e.text)
			return nil
		}
		m.tcp = m.tcp || tcp
	}
	return m
}

// tcpMatch parses tcp sport|dport [op] PORTS and tcp flags.
func (p *nftParser) tcpMatch(a srcPos) nftStmt {
	t, _ := p.word("sport, dport or flags")
	switch t.text {
	case "sport", "dport":
		m := matchPort{srcPos: a, dst: t.text == "dport", neg: p.op()}
		for _, e := range p.elems("a port", false) {
			r, err := parsePortRange(e.text)
			if err != nil {
				p.errorf(e, "tcp %s: %v", t.text, err)
				return nil
			}
			m.ranges = append(m.ranges, r)
		}
		return m
	case "flags":
		return p.flagsMatch(a)
	}
	p.unmodelled(t, fmt.Sprintf("tcp %s", t.text))
	return nil
}

// ctItem parses ct state, ct state vmap, ct status dnat and ct helper set.
func (p *nftParser) ctItem(a srcPos) (nftStmt, bool) {
	t, _ := p.word("state, status or helper")
	switch t.text {
	case "state":
		if p.accept("vmap") {
			return p.ctVmap(a), true
		}
		m := matchCTState{srcPos: a, neg: p.op()}
		for _, e := range p.elems("a conntrack state", true) {
			s, ok := parseCTState(e.text)
			if !ok {
				p.errorf(e, "ct state %q: want new, established, related, invalid or untracked", e.text)
				return nil, false
			}
			m.states = append(m.states, s)
		}
		return m, false
	case "status":
		m := matchCTDNAT{srcPos: a, neg: p.op()}
		for _, e := range p.elems("a conntrack status", true) {
			if e.text != "dnat" {
				p.unmodelled(e, fmt.Sprintf("ct status %s (only dnat)", e.text))
				return nil, false
			}
		}
		return m, false
	case "helper":
		if !p.accept("set") {
			p.unmodelled(p.peek(), "matching on ct helper (only ct helper set \"NAME\")")
			return nil, false
		}
		n, _ := p.word("a helper object name")
		return setHelper{srcPos: a, name: n.text}, false
	}
	p.unmodelled(t, fmt.Sprintf("ct %s", t.text))
	return nil, false
}

// ctVmap parses "{ established : accept, related : accept, ... }".
func (p *nftParser) ctVmap(a srcPos) nftStmt {
	m := vmapCTState{srcPos: a}
	if !p.accept("{") {
		p.unmodelled(p.peek(), "a verdict map that is not an anonymous { key : verdict } set")
		return nil
	}
	for {
		for p.peek().kind == tokNewline {
			p.next()
		}
		if p.accept("}") && len(m.entries) > 0 {
			return m
		}
		k, ok := p.word("a conntrack state")
		if !ok {
			return nil
		}
		key := strings.TrimSuffix(k.text, ":")
		if key == k.text && !p.accept(":") {
			p.errorf(p.peek(), "want : after %s in the verdict map, found %s", key, p.peek())
			return nil
		}
		s, ok := parseCTState(key)
		if !ok {
			p.errorf(k, "ct state %q: want new, established, related, invalid or untracked", key)
			return nil
		}
		v := p.verdict(p.next())
		if v.kind == "" {
			return nil
		}
		m.entries = append(m.entries, vmapEntry{s, v})
		for p.peek().kind == tokNewline {
			p.next()
		}
		if !p.accept(",") && !p.is("}") {
			p.errorf(p.peek(), "want , or } in the verdict map, found %s", p.peek())
			return nil
		}
	}
}

// counter parses counter [packets N bytes M] or counter name NAME (a
// named counter object): a counter decides nothing.
func (p *nftParser) counter(a srcPos) nftStmt {
	switch {
	case p.accept("packets"):
		p.word("a packet count")
		if p.accept("bytes") {
			p.word("a byte count")
		}
	case p.accept("name"):
		n, _ := p.word("a counter name")
		return counterRef{srcPos: a, name: n.text}
	}
	return nil
}

// verdict parses a verdict starting with t; reject may say "with tcp
// reset" or "with icmp[x|v6] [type] NAME": a reset, or an ICMP error the
// dialer reads as refused (port-unreachable, the default) or as
// unreachable (any other type: admin-prohibited, host-unreachable...).
func (p *nftParser) verdict(t nftToken) verdictStmt {
	v := verdictStmt{srcPos: srcPos{t.line, t.col}, kind: t.text}
	switch t.text {
	case "accept", "drop", "return", "continue":
	case "reject":
		if p.accept("with") {
			w, _ := p.word("tcp, icmp, icmpx or icmpv6")
			switch w.text {
			case "tcp":
				if !p.accept("reset") {
					p.errorf(p.peek(), "want reset after reject with tcp, found %s", p.peek())
				}
			case "icmp", "icmpx", "icmpv6":
				p.accept("type")
				ty, _ := p.word("an icmp type")
				v.unreach = ty.text != "port-unreachable"
			default:
				p.unmodelled(w, fmt.Sprintf("reject with %s", w.text))
			}
		}
	case "jump", "goto":
		n, _ := p.word("a chain name")
		v.target = n.text
	default:
		p.errorf(t, "want a verdict (accept, drop, reject, jump, goto, return), found %s", t)
		v.kind = ""
	}
	return v
}

// nat parses masquerade, snat [ip] to ADDR[:PORT], dnat [ip] to ADDR[:PORT].
func (p *nftParser) nat(a srcPos, t nftToken) nftStmt {
	if t.text == "masquerade" {
		return natStmt{srcPos: a, kind: Masquerade}
	}
	kind := DNAT
	if t.text == "snat" {
		kind = SNAT
	}
	if p.is("ip") || p.is("ip6") {
		p.next()
	}
	if !p.accept("to") {
		p.errorf(p.peek(), "want to after %s, found %s", t.text, p.peek())
		return nil
	}
	e, ok := p.word("an address")
	if !ok {
		return nil
	}
	to, port, err := parseNATTarget(e.text)
	if err != nil {
		p.errorf(e, "%s to: %v", t.text, err)
		return nil
	}
	return natStmt{srcPos: a, kind: kind, to: to, port: port}
}
