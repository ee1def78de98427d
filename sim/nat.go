package sim

import (
	"cmp"
	"fmt"
	"net/netip"
)

// natDst runs the NAT prerouting chains of fw on a new connection's first
// packet: a dnat statement changes its destination (the port is kept
// unless the rule names one).
func (n *Net) natDst(fw *Firewall, host string, c *conn, p packet, x pktCtx, ent *CTEntry) packet {
	if fw == nil {
		return p
	}
	nat := fw.Ruleset.Eval(p.nft(Prerouting, x)).NAT
	if nat == nil || nat.Kind != DNAT {
		return p
	}
	to := netip.AddrPortFrom(nat.To, cmp.Or(nat.Port, p.dst.Port()))
	n.translate(host, c, nat.Rule, NATDestination, p.dst, to)
	ent.DNAT = true
	p.dst = to
	return p
}

// natSrc runs the NAT postrouting chains: masquerade rewrites the source
// to the outgoing interface's address, snat to the rule's; the port is
// kept when it is free.
func (n *Net) natSrc(fw *Firewall, host string, c *conn, p packet, x pktCtx, out Interface, ent *CTEntry) packet {
	if fw == nil {
		return p
	}
	nat := fw.Ruleset.Eval(p.nft(Postrouting, x)).NAT
	if nat == nil || nat.Kind == DNAT {
		return p
	}
	to := netip.AddrPortFrom(out.Addr.Addr(), p.src.Port())
	if nat.Kind != Masquerade {
		to = netip.AddrPortFrom(nat.To, cmp.Or(nat.Port, p.src.Port()))
	}
	if n.natClash(host, to, p.dst) {
		port, err := n.ports[host].pick(host, func(q uint16) bool {
			return n.natClash(host, netip.AddrPortFrom(to.Addr(), q), p.dst)
		})
		if err == nil {
			to = netip.AddrPortFrom(to.Addr(), port)
		}
	}
	n.translate(host, c, nat.Rule, NATSource, p.src, to)
	ent.SNAT = true
	p.src = to
	return p
}

// natClash reports whether host already maps a connection to the reply
// tuple (peer -> to).
func (n *Net) natClash(host string, to, peer netip.AddrPort) bool {
	for _, e := range n.st.Conntrack {
		if e.Host == host && e.State != CTClose && e.Reply.Dst == to && e.Reply.Src == peer {
			return true
		}
	}
	return false
}

// followMaster translates a connection related to a NATed master the way
// nf_nat_follow_master does. At prerouting it sets the destination to the
// master's address in the command's direction with the announced port; at
// postrouting the source to where the master's packets went.
func (n *Net) followMaster(host string, c *conn, exp Expectation, hook Hook, p packet, ent *CTEntry) packet {
	i := n.st.ctIndex(host, exp.Master)
	if i < 0 {
		return p
	}
	m := n.st.Conntrack[i]
	t := m.Orig
	if exp.Dir == DirReply {
		t = m.Reply
	}
	rule := RuleRef{Comment: "ftp helper (follow master)"}
	switch hook {
	case Prerouting:
		to := netip.AddrPortFrom(t.Src.Addr(), exp.SavedPort)
		if to != p.dst {
			n.translate(host, c, rule, NATDestination, p.dst, to)
			ent.DNAT = true
			p.dst = to
		}
	case Postrouting:
		to := netip.AddrPortFrom(t.Dst.Addr(), p.src.Port())
		if to != p.src {
			n.translate(host, c, rule, NATSource, p.src, to)
			ent.SNAT = true
			p.src = to
		}
	}
	return p
}

// translate records one NAT mapping and its event.
func (n *Net) translate(host string, c *conn, ref RuleRef, kind NATKind, from, to netip.AddrPort) {
	rule := ref.Name()
	n.st.NAT = append(n.st.NAT, NATMapping{Host: host, Conn: c.id, Rule: rule, Kind: kind, From: from, To: to})
	what := "destination"
	if kind == NATSource {
		what = "source"
	}
	n.emit(Event{Host: host, Conn: c.id, Kind: KindNAT, Label: LabelNATTranslate, From: from, To: to,
		Firewall: n.fwName(host), Rule: rule, RuleLine: ref.Line,
		Text: fmt.Sprintf("%s on %s: %s %s -> %s (rule %s)", kind, host, what, from, to, rule)})
}
