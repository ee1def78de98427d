package sim

import "fmt"

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
// on; DNAT, Masquerade and SNAT belong in NAT chains.
const (
	Accept     Action = "accept"
	Drop       Action = "drop"
	Reject     Action = "reject"
	SetHelper  Action = "helper"
	DNAT       Action = "dnat"
	Masquerade Action = "masquerade"
	SNAT       Action = "snat" // snat to an address (the catalogue itself uses masquerade)
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
