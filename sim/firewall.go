package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// Hook is the netfilter hook a chain is attached to.
type Hook string

// Hooks, in the order a forwarded packet meets them.
const (
	Prerouting  Hook = "prerouting"
	Input       Hook = "input"
	Forward     Hook = "forward"
	Output      Hook = "output"
	Postrouting Hook = "postrouting"
)

// ChainType is what a chain does: filter packets or set up NAT.
type ChainType string

// Chain types.
const (
	FilterChain ChainType = "filter"
	NATChain    ChainType = "nat"
)

// Action is what a matching rule does.
type Action string

// Actions. Accept, Drop and Reject end the evaluation of the chain;
// SetHelper only assigns a conntrack helper to a new connection and goes
// on; DNAT and Masquerade belong in NAT chains.
const (
	Accept     Action = "accept"
	Drop       Action = "drop"
	Reject     Action = "reject"
	SetHelper  Action = "helper"
	DNAT       Action = "dnat"
	Masquerade Action = "masquerade"
)

// CTState is a packet's conntrack state, as nftables' ct state matches it.
type CTState string

// Conntrack states. Untracked is what a firewall without connection
// tracking (stateless rules only) sees.
const (
	CTNew         CTState = "new"
	CTEstablished CTState = "established"
	CTRelated     CTState = "related"
	CTInvalid     CTState = "invalid"
	CTUntracked   CTState = "untracked"
)

// TCPFlags are the flags of the packet a rule looks at: the SYN opening a
// connection, or the SYN-ACK answering it.
type TCPFlags uint8

// TCP flags.
const (
	FlagSYN TCPFlags = 1 << iota
	FlagACK
)

func (f TCPFlags) String() string {
	switch f {
	case FlagSYN:
		return "SYN"
	case FlagSYN | FlagACK:
		return "SYN-ACK"
	case FlagACK:
		return "ACK"
	}
	return fmt.Sprintf("flags(%d)", uint8(f))
}

// PortRange matches ports Min..Max; the zero range matches any port.
type PortRange struct {
	Min uint16 `json:"min"`
	Max uint16 `json:"max"`
}

// Ports is the range lo..hi; Port(p) is the single port p.
func Ports(lo, hi uint16) PortRange { return PortRange{lo, hi} }

// Port is the range holding only p.
func Port(p uint16) PortRange { return PortRange{p, p} }

func (r PortRange) any() bool { return r.Min == 0 && r.Max == 0 }

func (r PortRange) contains(p uint16) bool { return r.any() || (p >= r.Min && p <= r.Max) }

func (r PortRange) String() string {
	if r.Min == r.Max {
		return fmt.Sprint(r.Min)
	}
	return fmt.Sprintf("%d-%d", r.Min, r.Max)
}

// Match is the condition of a rule; every set field must hold.
type Match struct {
	IIf          string       `json:"iif,omitempty"`
	OIf          string       `json:"oif,omitempty"`
	Src          netip.Prefix `json:"src,omitzero"`
	Dst          netip.Prefix `json:"dst,omitzero"`
	SPort        PortRange    `json:"sport,omitzero"`
	DPort        PortRange    `json:"dport,omitzero"`
	CTState      []CTState    `json:"ct_state,omitempty"` // any of them
	CTStatusDNAT bool         `json:"ct_status_dnat,omitempty"`
	// SYNOnly matches a packet with SYN and without ACK: a connection's
	// first packet (nft: tcp flags & (syn|ack) == syn).
	SYNOnly bool `json:"syn_only,omitempty"`
	// ACK matches only packets with the ACK bit: the "established" test
	// of old stateless filters, which no opening SYN passes.
	ACK bool `json:"ack,omitempty"`
}

// Rule is one named rule. Names are the oracle's counter comments.
type Rule struct {
	Name   string     `json:"name"`
	Match  Match      `json:"match"`
	Action Action     `json:"action"`
	Helper string     `json:"helper,omitempty"` // SetHelper: helper object name, e.g. "ftp-std"
	To     netip.Addr `json:"to,omitzero"`      // DNAT: new destination address (port kept)
}

// Chain is an ordered list of rules on one hook, with a policy for
// packets no terminal rule decides.
type Chain struct {
	Hook   Hook      `json:"hook"`
	Type   ChainType `json:"type"`
	Policy Action    `json:"policy"`
	Rules  []Rule    `json:"rules"`
}

// Firewall is the ruleset of one host: filter chains, NAT chains and
// helper assignments, as one nftables ruleset.
type Firewall struct {
	Name   string  `json:"name"` // e.g. "client-fw"
	Host   string  `json:"host"`
	Chains []Chain `json:"chains"`
}

func (f Firewall) clone() Firewall {
	c := f
	c.Chains = make([]Chain, len(f.Chains))
	for i, ch := range f.Chains {
		ch.Rules = slices.Clone(ch.Rules)
		for j := range ch.Rules {
			ch.Rules[j].Match.CTState = slices.Clone(ch.Rules[j].Match.CTState)
		}
		c.Chains[i] = ch
	}
	return c
}

// Tracks reports whether the ruleset loads connection tracking: any rule
// matching a ct state or status, assigning a helper, or doing NAT.
func (f *Firewall) Tracks() bool {
	if f == nil {
		return false
	}
	for _, ch := range f.Chains {
		if ch.Type == NATChain {
			return true
		}
		for _, r := range ch.Rules {
			if len(r.Match.CTState) > 0 || r.Match.CTStatusDNAT || r.Action == SetHelper {
				return true
			}
		}
	}
	return false
}

// packet is the TCP segment a firewall looks at.
type packet struct {
	src, dst netip.AddrPort
	flags    TCPFlags
}

func (p packet) String() string { return fmt.Sprintf("%s %s -> %s", p.flags, p.src, p.dst) }

// pktCtx is what a rule may match besides the packet.
type pktCtx struct {
	iif, oif string
	ct       CTState
	dnat     bool
}

func (m Match) matches(p packet, x pktCtx) bool {
	switch {
	case m.IIf != "" && m.IIf != x.iif,
		m.OIf != "" && m.OIf != x.oif,
		m.Src.IsValid() && !m.Src.Contains(p.src.Addr()),
		m.Dst.IsValid() && !m.Dst.Contains(p.dst.Addr()),
		!m.SPort.contains(p.src.Port()),
		!m.DPort.contains(p.dst.Port()),
		len(m.CTState) > 0 && !slices.Contains(m.CTState, x.ct),
		m.CTStatusDNAT && !x.dnat,
		m.SYNOnly && p.flags&(FlagSYN|FlagACK) != FlagSYN,
		m.ACK && p.flags&FlagACK == 0:
		return false
	}
	return true
}

// decision is the outcome of one hook's filter chains for one packet.
type decision struct {
	action Action // Accept, Drop or Reject
	rule   string // rule name, or "policy accept"/"policy drop"
	chain  Hook
	ruled  bool   // a chain with terminal rules decided (worth an event)
	helper string // helper assigned by a SetHelper rule, if any
}

// filter runs the filter chains of hook, in order. A drop or reject ends
// everything; an accept ends its chain only.
func (f *Firewall) filter(hook Hook, p packet, x pktCtx) decision {
	d := decision{action: Accept, chain: hook}
	if f == nil {
		return d
	}
	for _, ch := range f.Chains {
		if ch.Hook != hook || ch.Type != FilterChain {
			continue
		}
		terminal := false
		decided := false
		for _, r := range ch.Rules {
			if r.Action == Accept || r.Action == Drop || r.Action == Reject {
				terminal = true
			}
			if decided || !r.Match.matches(p, x) {
				continue
			}
			switch r.Action {
			case SetHelper:
				d.helper = r.Helper
			case Accept, Drop, Reject:
				d.action, d.rule, decided = r.Action, r.Name, true
			}
		}
		if !decided {
			pol := ch.Policy
			if pol == "" {
				pol = Accept
			}
			d.action, d.rule = pol, "policy "+string(pol)
		}
		if terminal || d.action != Accept {
			d.ruled = true
		}
		if d.action != Accept {
			return d
		}
	}
	return d
}

// String renders a rule in nftables syntax with its name as a comment.
func (r Rule) String() string {
	var b strings.Builder
	m := r.Match
	add := func(f string, a ...any) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, f, a...)
	}
	if m.IIf != "" {
		add("iifname %q", m.IIf)
	}
	if m.OIf != "" {
		add("oifname %q", m.OIf)
	}
	if m.Src.IsValid() {
		add("ip saddr %s", m.Src)
	}
	if m.Dst.IsValid() {
		if m.Dst.IsSingleIP() {
			add("ip daddr %s", m.Dst.Addr())
		} else {
			add("ip daddr %s", m.Dst)
		}
	}
	if m.SYNOnly {
		add("tcp flags & (syn|ack) == syn")
	}
	if m.ACK {
		add("tcp flags ack")
	}
	if !m.SPort.any() {
		add("tcp sport %s", m.SPort)
	}
	if !m.DPort.any() {
		add("tcp dport %s", m.DPort)
	}
	if m.CTStatusDNAT {
		add("ct status dnat")
	}
	if len(m.CTState) > 0 {
		s := make([]string, len(m.CTState))
		for i, c := range m.CTState {
			s[i] = string(c)
		}
		add("ct state %s", strings.Join(s, ","))
	}
	switch r.Action {
	case SetHelper:
		add("ct helper set %q", r.Helper)
	case DNAT:
		add("dnat to %s", r.To)
	default:
		add("%s", r.Action)
	}
	add("comment %q", r.Name)
	return b.String()
}

// Ruleset renders the firewall like `nft list ruleset`, one chain per
// block.
func (f Firewall) Ruleset() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s on %s\n", f.Name, f.Host)
	for _, ch := range f.Chains {
		pol := ch.Policy
		if pol == "" {
			pol = Accept
		}
		fmt.Fprintf(&b, "chain %s { type %s hook %s; policy %s;\n", ch.Hook, ch.Type, ch.Hook, pol)
		for _, r := range ch.Rules {
			fmt.Fprintf(&b, "  %s\n", r)
		}
		b.WriteString("}\n")
	}
	return b.String()
}
