package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// NftPacket is what a ruleset evaluation looks at: one TCP segment at one
// hook of a host, and what conntrack knows of its connection.
type NftPacket struct {
	Hook Hook
	// IIf and OIf are the interfaces it came in by and leaves by; "" where
	// the hook has none (no iif at output, no oif before routing).
	IIf, OIf string
	Src, Dst netip.AddrPort
	Flags    TCPFlags
	CT       CTState // CTUntracked when the host tracks no connection
	CTDNAT   bool    // ct status dnat: the connection's destination was translated
	// NATBound says the connection's NAT is already set up (a helper's
	// expectation translates it like its master): NAT chains are skipped.
	NATBound bool
}

// RuleRef names a rule of a ruleset: where it is and what it says.
type RuleRef struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line"`
	Table   string `json:"table"` // "inet ftpo_fw"
	Chain   string `json:"chain"`
	Comment string `json:"comment,omitempty"`
	Text    string `json:"text"`
}

// Name is the rule's comment, or its line.
func (r RuleRef) Name() string {
	if r.Comment != "" {
		return r.Comment
	}
	return fmt.Sprintf("line %d", r.Line)
}

// NATAction is a NAT statement that fired: the new destination (DNAT) or
// source (masquerade: the outgoing interface's address, which the caller
// knows; snat: To). Port 0 keeps the packet's port.
type NATAction struct {
	Kind Action // DNAT, Masquerade or SNAT
	To   netip.Addr
	Port uint16
	Rule RuleRef
}

// NftVerdict is what a ruleset decides for one packet at one hook: the
// verdict, the rule that decided, and what else fired (a helper, NAT).
type NftVerdict struct {
	Verdict Action // Accept, Drop or Reject
	// Rule is the rule that decided; nil when a chain's policy did
	// (Policy) or no chain saw the packet.
	Rule   *RuleRef
	Chain  string // "family table chain" of the deciding chain
	Policy bool
	// Ruled says a filter chain holding verdicts saw the packet, or it
	// was not accepted: a decision worth an event.
	Ruled bool
	// Helper is the ct helper object a "ct helper set" assigned, and
	// HelperRule the rule that did.
	Helper     *NftHelper
	HelperRule *RuleRef
	// Unreachable says a reject answers with an ICMP error the dialer
	// reads as "no route to host" rather than "connection refused".
	Unreachable bool
	NAT         *NATAction
}

// RuleName is the decision's name in events: the rule's comment or line,
// or "policy accept" / "policy drop".
func (o NftVerdict) RuleName() string {
	switch {
	case o.Rule != nil:
		return o.Rule.Name()
	case o.Policy:
		return "policy " + string(o.Verdict)
	}
	return ""
}

// maxJumpDepth bounds jump and goto nesting (the kernel's limit is 16).
const maxJumpDepth = 16

// Eval runs the ruleset's base chains on p.Hook, in priority order (file
// order for equal priorities), the way netfilter does: an accept ends one
// base chain and the next one runs; a drop or reject ends everything. NAT
// chains see only a connection's first packet (ct state new or related)
// and unless its NAT is already bound; a DNAT changes the destination the
// later chains of the hook see. It does nothing else: no state changes.
func (rs *Ruleset) Eval(p NftPacket) NftVerdict {
	out := NftVerdict{Verdict: Accept}
	if rs == nil {
		return out
	}
	first := (p.CT == CTNew || p.CT == CTRelated) && !p.NATBound
	for _, b := range rs.baseChains(p.Hook, p.Src.Addr().Unmap().Is6()) {
		if b.c.Type == NATChain && (!first || out.NAT != nil) {
			continue
		}
		e := evaluator{rs: rs, t: b.t, p: &p, out: &out}
		v, ref, decided := e.run(b.c, 0)
		if b.c.Type == FilterChain && hasVerdicts(b.c) {
			out.Ruled = true
		}
		if !decided {
			v, ref = b.c.Policy, nil
		}
		if b.c.Type == FilterChain || v != Accept {
			out.Verdict, out.Rule, out.Policy = v, ref, !decided
			out.Chain = b.t.Family + " " + b.t.Name + " " + b.c.Name
		}
		if out.Verdict != Accept {
			out.Ruled = true
			return out
		}
		if out.NAT != nil && out.NAT.Kind == DNAT {
			port := p.Dst.Port()
			if out.NAT.Port != 0 {
				port = out.NAT.Port
			}
			p.Dst = netip.AddrPortFrom(out.NAT.To, port)
		}
	}
	return out
}

// hooked is one base chain and its table.
type hooked struct {
	t *NftTable
	c *NftChain
}

// baseChains lists the base chains on hook whose table sees the family.
func (rs *Ruleset) baseChains(hook Hook, v6 bool) []hooked {
	var out []hooked
	for _, t := range rs.Tables {
		if t.Family == "ip" && v6 || t.Family == "ip6" && !v6 {
			continue
		}
		for _, c := range t.Chains {
			if c.Hook == hook {
				out = append(out, hooked{t, c})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b hooked) int { return cmp.Compare(a.c.Priority, b.c.Priority) })
	return out
}

// evaluator runs the chains of one table on one packet.
type evaluator struct {
	rs  *Ruleset
	t   *NftTable
	p   *NftPacket
	out *NftVerdict
}

func (e *evaluator) ref(c *NftChain, r *NftRule) *RuleRef {
	return &RuleRef{File: e.rs.File, Line: r.Line, Table: e.t.Family + " " + e.t.Name, Chain: c.Name, Comment: r.Comment, Text: r.Text}
}

// run evaluates chain c: the verdict and the rule that decided, or
// decided false when the chain ended (or returned) without a verdict.
func (e *evaluator) run(c *NftChain, depth int) (Action, *RuleRef, bool) {
	if c == nil || depth > maxJumpDepth {
		return "", nil, false
	}
	for _, r := range c.Rules {
		v, fired := e.rule(c, r)
		if !fired {
			continue
		}
		switch v.kind {
		case "accept", "drop", "reject":
			e.out.Unreachable = v.unreach
			return Action(v.kind), e.ref(c, r), true
		case "return":
			return "", nil, false
		case "jump":
			if a, ref, ok := e.run(e.t.chain(v.target), depth+1); ok {
				return a, ref, true
			}
		case "goto":
			return e.run(e.t.chain(v.target), depth+1)
		}
	}
	return "", nil, false
}

// rule runs one rule's statements in order: a failing match ends it (not
// fired); a verdict, a verdict map entry or a NAT statement fires it.
func (e *evaluator) rule(c *NftChain, r *NftRule) (verdictStmt, bool) {
	for _, s := range r.stmts {
		switch s := s.(type) {
		case nftMatch:
			if !s.ok(e.p) {
				return verdictStmt{}, false
			}
		case setHelper:
			// A helper object for the other address family does not
			// attach (the kernel looks the helper up per l3proto).
			if h := e.t.helper(s.name); h.fits(e.p.Src.Addr().Unmap().Is6()) {
				e.out.Helper, e.out.HelperRule = h, e.ref(c, r)
			}
		case vmapCTState:
			for _, en := range s.entries {
				if en.state == e.p.CT {
					return en.verdict, true
				}
			}
			return verdictStmt{}, false
		case verdictStmt:
			return s, true
		case natStmt:
			e.out.NAT = &NATAction{Kind: s.kind, To: s.to, Port: s.port, Rule: *e.ref(c, r)}
			return verdictStmt{kind: "accept"}, true
		}
	}
	return verdictStmt{}, false
}

// hasVerdicts reports whether c holds a verdict (a jump is one).
func hasVerdicts(c *NftChain) bool {
	for _, r := range c.Rules {
		for _, s := range r.stmts {
			switch s.(type) {
			case verdictStmt, vmapCTState:
				return true
			}
		}
	}
	return false
}

// nftMatch is a match expression.
type nftMatch interface{ ok(*NftPacket) bool }

func (m matchIface) ok(p *NftPacket) bool {
	name := p.IIf
	if m.out {
		name = p.OIf
	}
	return slices.Contains(m.names, name) != m.neg
}

func (m matchAddr) ok(p *NftPacket) bool {
	a := p.Src.Addr().Unmap()
	if m.dst {
		a = p.Dst.Addr().Unmap()
	}
	if a.Is6() != m.v6 {
		return false // ip saddr never matches an IPv6 packet, and the reverse
	}
	return slices.ContainsFunc(m.ranges, func(r addrRange) bool { return r.contains(a) }) != m.neg
}

func (m matchL4) ok(p *NftPacket) bool {
	if v6 := p.Src.Addr().Unmap().Is6(); m.family == "ip" && v6 || m.family == "ip6" && !v6 {
		return false
	}
	return m.tcp != m.neg
}

func (m matchPort) ok(p *NftPacket) bool {
	port := p.Src.Port()
	if m.dst {
		port = p.Dst.Port()
	}
	return slices.ContainsFunc(m.ranges, func(r PortRange) bool { return port >= r.Min && port <= r.Max }) != m.neg
}

func (m matchFlags) ok(p *NftPacket) bool {
	switch m.op {
	case "==":
		return p.Flags&m.mask == m.value
	case "!=":
		return p.Flags&m.mask != m.value
	}
	return p.Flags&m.value != 0
}

func (m matchCTState) ok(p *NftPacket) bool { return slices.Contains(m.states, p.CT) != m.neg }

func (m matchCTDNAT) ok(p *NftPacket) bool { return p.CTDNAT != m.neg }

// String renders an outcome for tests and messages.
func (o NftVerdict) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s by %s", o.Verdict, o.RuleName())
	if o.Rule != nil {
		fmt.Fprintf(&b, " (line %d)", o.Rule.Line)
	}
	if o.Helper != nil {
		fmt.Fprintf(&b, ", helper %s", o.Helper.Name)
	}
	if o.NAT != nil {
		fmt.Fprintf(&b, ", %s to %s", o.NAT.Kind, o.NAT.To)
	}
	return b.String()
}
