package sim

import (
	"fmt"
	"iter"
	"net/netip"
)

// Ruleset is one host's nftables ruleset, parsed from the text `nft -f`
// loads (ParseRuleset): the subset of nftables the lab models.
type Ruleset struct {
	File   string
	Tables []*NftTable
}

// NftTable is one table: its chains and its ct helper objects.
type NftTable struct {
	Family   string // "ip", "ip6" or "inet"
	Name     string
	Line     int
	Chains   []*NftChain
	Helpers  []*NftHelper
	Counters []string // named counter objects
	// otherHelpers are the names of ct helper objects of another type
	// than ftp, which a lenient parse leaves out: a rule may assign one
	// (and so assigns no FTP helper).
	otherHelpers []string
}

// NftHelper is a ct helper object:
//
//	ct helper ftp-std { type "ftp" protocol tcp; l3proto inet; }
type NftHelper struct {
	Name     string
	Type     string // the kernel helper, e.g. "ftp"
	Protocol string // "tcp"
	L3Proto  string // "ip", "ip6", "inet" or ""
	Line     int
}

// fits reports whether the helper attaches to a connection of the family
// (v6 or IPv4): l3proto ip only to IPv4, ip6 only to IPv6, inet (or none
// given) to both.
func (h *NftHelper) fits(v6 bool) bool {
	switch {
	case h == nil:
		return false
	case h.L3Proto == "ip":
		return !v6
	case h.L3Proto == "ip6":
		return v6
	}
	return true
}

// NftChain is a chain: a base chain when Hook is set (with its type,
// priority and policy), else a regular chain reached by jump or goto.
type NftChain struct {
	Name     string
	Line     int
	Type     ChainType // base chains: FilterChain or NATChain
	Hook     Hook      // "" for a regular chain
	Priority int
	Policy   Action // base chains: Accept or Drop
	Rules    []*NftRule
	col      int // of its name, for errors
	// leftOut: its type or hook is outside the subset (a lenient parse):
	// it is a chain no packet reaches.
	leftOut bool
}

// Base reports whether the chain is attached to a hook.
func (c *NftChain) Base() bool { return c.Hook != "" }

// NftRule is one rule: its statements in order, where it was written and
// its comment (the rule's name in events, as the kernel lab's counters).
type NftRule struct {
	Line, Col int
	Text      string // the rule as written, on one line
	Comment   string
	stmts     []nftStmt
}

// Name is how events name the rule: its comment, or its line.
func (r *NftRule) Name() string {
	if r.Comment != "" {
		return r.Comment
	}
	return fmt.Sprintf("line %d", r.Line)
}

// nftStmt is one expression or statement of a rule: a match, a verdict
// (or verdict map), a NAT statement, a helper assignment.
type nftStmt interface{ stmtPos() (int, int) }

// srcPos is the position of a statement in its file.
type srcPos struct{ line, col int }

func (a srcPos) stmtPos() (int, int) { return a.line, a.col }

// matchIface is iifname/oifname/iif/oif: the interface is (or, neg, is
// not) one of names.
type matchIface struct {
	srcPos
	out   bool
	neg   bool
	names []string
	// byIndex is iif/oif: nft resolves the name when it loads the rule
	// and refuses one the host does not have.
	byIndex bool
}

// addrRange is an address, a prefix or a range lo-hi, as lo..hi.
type addrRange struct{ lo, hi netip.Addr }

func (r addrRange) contains(a netip.Addr) bool {
	return a.BitLen() == r.lo.BitLen() && r.lo.Compare(a) <= 0 && a.Compare(r.hi) <= 0
}

// matchAddr is ip saddr/daddr (ip6 with v6).
type matchAddr struct {
	srcPos
	dst, v6, neg bool
	ranges       []addrRange
}

// matchL4 is meta l4proto (family ""), ip protocol or ip6 nexthdr: the
// lab's packets are TCP, so it matches when tcp is (or, neg, is not)
// among the protocols, and the packet is of the family.
type matchL4 struct {
	srcPos
	family   string
	neg, tcp bool
}

// matchPort is tcp sport/dport.
type matchPort struct {
	srcPos
	dst, neg bool
	ranges   []PortRange
}

// matchFlags is tcp flags: with a mask, (flags & mask) == value (or !=);
// without, "tcp flags syn,ack" is (flags & value) != 0, and "tcp flags ==
// syn" is flags == value.
type matchFlags struct {
	srcPos
	mask, value TCPFlags
	op          string // "implicit", "==" or "!="
}

// matchCTState is ct state: the packet's state is one of states (or not).
type matchCTState struct {
	srcPos
	neg    bool
	states []CTState
}

// matchCTDNAT is ct status dnat (or != dnat).
type matchCTDNAT struct {
	srcPos
	neg bool
}

// verdictStmt is accept, drop, reject, return, continue, jump or goto.
type verdictStmt struct {
	srcPos
	kind   string
	target string // jump, goto: the chain
	// unreach: a reject with an ICMP error the dialer reads as "no route
	// to host" (admin-prohibited, host-unreachable...), not a refusal.
	unreach bool
}

// vmapCTState is ct state vmap { established : accept, ... }: the verdict
// for the packet's state; no entry, the rule does not match.
type vmapCTState struct {
	srcPos
	entries []vmapEntry
}

// vmapEntry is one "state : verdict" of a verdict map.
type vmapEntry struct {
	state   CTState
	verdict verdictStmt
}

// counterRef is counter name NAME: it counts in a named counter object.
type counterRef struct {
	srcPos
	name string
}

// setHelper is ct helper set "NAME".
type setHelper struct {
	srcPos
	name string
}

// natStmt is masquerade, snat to ADDR[:PORT] or dnat to ADDR[:PORT]; a
// zero port keeps the packet's.
type natStmt struct {
	srcPos
	kind Action // Masquerade, DNAT or SNAT
	to   netip.Addr
	port uint16
}

// Tracks reports whether the ruleset makes the kernel track connections:
// any ct match, helper assignment or NAT chain.
func (rs *Ruleset) Tracks() bool {
	if rs == nil {
		return false
	}
	for _, t := range rs.Tables {
		for _, c := range t.Chains {
			if c.Type == NATChain {
				return true
			}
			for _, r := range c.Rules {
				for _, s := range r.stmts {
					switch s.(type) {
					case matchCTState, matchCTDNAT, vmapCTState, setHelper:
						return true
					}
				}
			}
		}
	}
	return false
}

// Translates reports whether a rule of the ruleset does NAT of the kind
// (DNAT, Masquerade or SNAT).
func (rs *Ruleset) Translates(kind Action) bool {
	for _, s := range rs.stmts() {
		if n, ok := s.(natStmt); ok && n.kind == kind {
			return true
		}
	}
	return false
}

// stmts yields every statement of every rule of rs (none for a nil rs),
// with its rule, in file order: the walk the ruleset's questions share.
func (rs *Ruleset) stmts() iter.Seq2[*NftRule, nftStmt] {
	return func(yield func(*NftRule, nftStmt) bool) {
		if rs == nil {
			return
		}
		for _, t := range rs.Tables {
			for _, c := range t.Chains {
				for _, r := range c.Rules {
					for _, s := range r.stmts {
						if !yield(r, s) {
							return
						}
					}
				}
			}
		}
	}
}

// chain returns the chain called name in t.
func (t *NftTable) chain(name string) *NftChain {
	for _, c := range t.Chains {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// helper returns the ct helper object called name in t.
func (t *NftTable) helper(name string) *NftHelper {
	for _, h := range t.Helpers {
		if h.Name == name {
			return h
		}
	}
	return nil
}

// table returns the table family/name.
func (rs *Ruleset) table(family, name string) *NftTable {
	for _, t := range rs.Tables {
		if t.Family == family && t.Name == name {
			return t
		}
	}
	return nil
}
