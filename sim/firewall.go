package sim

import (
	"fmt"
	"net/netip"
	"strings"
)

// Firewall is the ruleset of one host, as its scenario file writes it:
// the nftables text `nft -f` loads there, parsed. A Ruleset is never
// changed once parsed, so scenarios that share one share a value.
type Firewall struct {
	Name string `json:"name"` // e.g. "client-fw"
	Host string `json:"host"`
	// Text is the ruleset as written in the file, from Line on.
	Text    string   `json:"text"`
	File    string   `json:"file,omitempty"`
	Line    int      `json:"line"`
	Ruleset *Ruleset `json:"-"`
}

// firewallName is how events name the firewall of host.
func firewallName(host string) string { return host + "-fw" }

// Tracks reports whether the ruleset loads connection tracking.
func (f *Firewall) Tracks() bool { return f != nil && f.Ruleset.Tracks() }

// HasNAT reports whether the ruleset has a NAT chain.
func (f *Firewall) HasNAT() bool {
	if f == nil || f.Ruleset == nil {
		return false
	}
	for _, t := range f.Ruleset.Tables {
		for _, c := range t.Chains {
			if c.Type == NATChain {
				return true
			}
		}
	}
	return false
}

// String renders the firewall as its file holds it, under a comment
// naming the host and the file line the ruleset starts at.
func (f Firewall) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s on %s", f.Name, f.Host)
	if f.File != "" {
		fmt.Fprintf(&b, " (%s:%d)", f.File, f.Line)
	}
	b.WriteString("\n")
	b.WriteString(f.Text)
	if !strings.HasSuffix(f.Text, "\n") {
		b.WriteString("\n")
	}
	return b.String()
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

// nft is the packet as a ruleset evaluation sees it at hook.
func (p packet) nft(hook Hook, x pktCtx) NftPacket {
	return NftPacket{Hook: hook, IIf: x.iif, OIf: x.oif, Src: p.src, Dst: p.dst, Flags: p.flags, CT: x.ct, CTDNAT: x.dnat}
}

// eval runs fw's ruleset on p at hook, NAT chains skipped: the filter
// decision of a packet whose NAT is set up (or needs none).
func (fw *Firewall) eval(hook Hook, p packet, x pktCtx) NftVerdict {
	np := p.nft(hook, x)
	np.NATBound = true
	return fw.Ruleset.Eval(np)
}
