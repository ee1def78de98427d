package sim

import (
	"net/netip"
	"slices"
)

// HelperAssign is a rule that assigns a ct helper ("ct helper set NAME"),
// as the parsed ruleset holds it: a question about the helper asks these,
// never the rule's text (where a comment or a name may say "ftp").
type HelperAssign struct {
	Table *NftTable
	Chain *NftChain
	Rule  *NftRule
	// Helper is the FTP helper object the rule names; nil when its table
	// holds none of that name (a helper of another type, which a lenient
	// parse leaves out).
	Helper *NftHelper
	// Hooks are the hooks whose base chains reach the rule: its chain's
	// own, or those of the base chains that jump or go to it.
	Hooks []Hook
	// Control says the rule can assign the helper to an FTP control
	// connection: what it matches before the assignment lets through the
	// SYN of a new TCP connection to port 21. What it cannot know here
	// (addresses, interfaces, constructs the lab does not read) is taken
	// to match.
	Control bool
}

// HelperAssigns lists the rules of rs that assign a ct helper, in file
// order.
func (rs *Ruleset) HelperAssigns() []HelperAssign {
	var out []HelperAssign
	if rs == nil {
		return nil
	}
	for _, t := range rs.Tables {
		hooks := chainHooks(t)
		for _, c := range t.Chains {
			for _, r := range c.Rules {
				s, control := assignsOnSYN21(r)
				if s == nil {
					continue
				}
				out = append(out, HelperAssign{Table: t, Chain: c, Rule: r, Helper: t.helper(s.name), Hooks: hooks[c], Control: control})
			}
		}
	}
	return out
}

// SetsHelper reports whether rs, filtering on host, sets up the FTP
// helper for the control connections host sees: a rule reached from one
// of host's ControlHooks assigns an FTP helper object to a connection to
// port 21.
func (rs *Ruleset) SetsHelper(host string) bool {
	return slices.ContainsFunc(rs.HelperAssigns(), func(a HelperAssign) bool { return a.Sees(host) })
}

// Sees reports whether the assignment gives the FTP helper to the control
// connections host's filter sees.
func (a HelperAssign) Sees(host string) bool {
	return a.Helper != nil && a.Control && slices.ContainsFunc(a.Hooks, func(h Hook) bool { return slices.Contains(ControlHooks(host), h) })
}

// ControlHooks are the filter hooks where host meets the SYN of a
// connection from the client to the server, as the model runs them: the
// client sends it (output), the router forwards it (prerouting,
// forward), the server receives it (prerouting, input).
func ControlHooks(host string) []Hook {
	switch host {
	case HostClient:
		return hooksOn(sends)
	case HostServer:
		return hooksOn(receives)
	}
	return hooksOn(forwards)
}

// hopRole is what a host does with a packet on its path.
type hopRole int

const (
	sends hopRole = iota
	forwards
	receives
)

// hooksOn are the filter hooks, in order, where a host in role r meets
// the packet: output where it is sent, prerouting then input where it
// arrives, prerouting then forward where it passes through.
func hooksOn(r hopRole) []Hook {
	switch r {
	case sends:
		return []Hook{Output}
	case receives:
		return []Hook{Prerouting, Input}
	}
	return []Hook{Prerouting, Forward}
}

// controlSYN is the first packet of a control connection, as far as a
// rule can know it without the scenario: a new TCP connection's SYN to
// port 21.
var controlSYN = NftPacket{Flags: FlagSYN, CT: CTNew, Dst: netip.AddrPortFrom(netip.IPv4Unspecified(), 21)}

// assignsOnSYN21 returns r's helper assignment (nil: none), and whether
// the SYN of a control connection gets there: every match before it that
// looks at the protocol, the destination port, the flags or the
// conntrack state lets controlSYN through, and no verdict or NAT ends the
// rule first.
func assignsOnSYN21(r *NftRule) (*setHelper, bool) {
	p := controlSYN
	reaches := true
	for _, s := range r.stmts {
		switch s := s.(type) {
		case setHelper:
			return &s, reaches
		case matchPort:
			reaches = reaches && (!s.dst || s.ok(&p))
		case matchL4:
			reaches = reaches && s.tcp != s.neg
		case matchFlags:
			reaches = reaches && s.ok(&p)
		case matchCTState:
			reaches = reaches && s.ok(&p)
		case verdictStmt, vmapCTState, natStmt:
			reaches = false
		}
	}
	return nil, false
}

// chainHooks maps each chain of t to the hooks of the base chains that
// reach it (itself, or through jump and goto, to any depth).
func chainHooks(t *NftTable) map[*NftChain][]Hook {
	out := map[*NftChain][]Hook{}
	var visit func(c *NftChain, h Hook, depth int)
	visit = func(c *NftChain, h Hook, depth int) {
		if c == nil || depth > maxJumpDepth || slices.Contains(out[c], h) {
			return
		}
		out[c] = append(out[c], h)
		for _, r := range c.Rules {
			for _, s := range r.stmts {
				for _, v := range targets(s) {
					visit(t.chain(v), h, depth+1)
				}
			}
		}
	}
	for _, c := range t.Chains {
		if c.Base() && !c.leftOut {
			visit(c, c.Hook, 0)
		}
	}
	return out
}

// targets are the chains a statement jumps or goes to.
func targets(s nftStmt) []string {
	var out []string
	switch s := s.(type) {
	case verdictStmt:
		if s.kind == "jump" || s.kind == "goto" {
			out = append(out, s.target)
		}
	case vmapCTState:
		for _, e := range s.entries {
			out = append(out, targets(e.verdict)...)
		}
	}
	return out
}

// AcceptsRelated reports whether a rule of rs accepts connections in ct
// state related (the data connections the FTP helper expects): its ct
// state matches, or its verdict map, let a related packet through to
// accept. Its other matches are taken to match.
func (rs *Ruleset) AcceptsRelated() bool {
	if rs == nil {
		return false
	}
	p := NftPacket{CT: CTRelated}
	for _, t := range rs.Tables {
		for _, c := range t.Chains {
			for _, r := range c.Rules {
				if acceptsState(r, &p) {
					return true
				}
			}
		}
	}
	return false
}

// acceptsState reports whether r, on a packet of p's ct state, matches
// that state and accepts: a ct state match, or a verdict map entry,
// names the state, and no ct state match refuses it.
func acceptsState(r *NftRule, p *NftPacket) bool {
	named := false
	for _, s := range r.stmts {
		switch s := s.(type) {
		case matchCTState:
			if !s.ok(p) {
				return false
			}
			named = true
		case vmapCTState:
			for _, e := range s.entries {
				if e.state == p.CT {
					return e.verdict.kind == "accept"
				}
			}
			return false
		case verdictStmt:
			return named && s.kind == "accept"
		}
	}
	return false
}
