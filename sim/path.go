package sim

import "fmt"

// maxHops bounds a path (a routing loop is a scenario bug).
const maxHops = 8

// walk sends the SYN of connection c hop by hop, then its SYN-ACK back,
// and says what became of them. It records the hops on c, the conntrack
// entries each tracking host commits, and the firewall and NAT events.
func (n *Net) walk(c *conn, p packet) Attempt {
	host, in := c.dialer, ""
	for range maxHops {
		h := n.topo.host(host)
		fw := n.firewall(host)
		hp := hop{host: host, in: in, arrive: p}
		origin := in == ""

		ent, exp, related, state := n.track(c, host, fw, p)
		x := pktCtx{iif: in, ct: state}

		if !origin {
			if ent != nil {
				if related && exp.NAT {
					p = n.followMaster(host, c, exp, Prerouting, p, ent)
				} else {
					p = n.natDst(fw, host, c, p, x, ent)
				}
				x.dnat = ent.DNAT
			}
			if a, stop := n.decide(c, fw, Prerouting, p, x, ent); stop {
				return a
			}
			if h.Owns(p.dst.Addr()) {
				if a, stop := n.decide(c, fw, Input, p, x, ent); stop {
					return a
				}
				hp.leave = p
				n.commit(ent, p)
				c.hops = append(c.hops, hp)
				l, ok := n.listenerFor(host, p.dst)
				if !ok {
					return Attempt{Verdict: Rejected, By: host,
						Reason: fmt.Sprintf("nothing listens on %s at %s, which answers RST", p.dst, host)}
				}
				if a, stop := n.reply(c); stop {
					return a
				}
				return Attempt{Verdict: Delivered, To: host, SeenLocal: p.dst, SeenRemote: p.src, Listener: l.Addr}
			}
			if !h.Forwarding {
				return dropAt(host, fmt.Sprintf("%s is not a router and does not own %s", host, p.dst.Addr()))
			}
		}

		out, nh, err := h.Route(p.dst.Addr())
		if err != nil {
			return dropAt(host, err.Error())
		}
		x.oif = out.Name
		hook := Forward
		if origin {
			hook = Output
		}
		if a, stop := n.decide(c, fw, hook, p, x, ent); stop {
			return a
		}
		if ent != nil {
			if related && exp.NAT {
				p = n.followMaster(host, c, exp, Postrouting, p, ent)
			} else {
				p = n.natSrc(fw, host, c, p, x, out, ent)
			}
		}
		hp.out, hp.leave = out.Name, p
		n.commit(ent, p)
		c.hops = append(c.hops, hp)
		next, nif, ok := n.topo.neighbour(out.Link, nh)
		if !ok {
			return dropAt(host, fmt.Sprintf("no host answers for %s on link %s", nh, out.Link))
		}
		host, in = next.Name, nif.Name
	}
	return dropAt(host, "too many hops (routing loop)")
}

// track is connection tracking on host for the SYN p of connection c:
// no entry when the host's firewall does not track, else a new entry,
// RELATED when an expectation of this host's FTP helper matches (the
// expectation is consumed and returned).
func (n *Net) track(c *conn, host string, fw *Firewall, p packet) (ent *CTEntry, exp Expectation, related bool, state CTState) {
	if !fw.Tracks() {
		return nil, Expectation{}, false, CTUntracked
	}
	ent = &CTEntry{Host: host, Conn: c.id, Orig: Tuple{p.src, p.dst}, State: CTSynSent}
	if exp, related = n.takeExpectation(host, p); !related {
		return ent, exp, false, CTNew
	}
	ent.Related, ent.Master = true, exp.Master
	n.emit(Event{Host: host, Conn: c.id, Kind: KindHelper, Label: LabelHelperRelated,
		From: p.src, To: p.dst, Firewall: fw.Name,
		Text: fmt.Sprintf("conntrack on %s: %s matches the expectation %s of connection %d: RELATED (expectation consumed)", host, p, exp, exp.Master)})
	return ent, exp, true, CTRelated
}

// commit adds a host's new conntrack entry once its SYN has passed: the
// reply tuple is the packet as it left, reversed.
func (n *Net) commit(ent *CTEntry, p packet) {
	if ent == nil {
		return
	}
	ent.Reply = Tuple{p.dst, p.src}
	n.st.Conntrack = append(n.st.Conntrack, *ent)
}

// decide runs the filter chains of hook on p and records the decision.
// It assigns a helper to a new connection when a rule says so. stop is
// true when the packet does not go on.
func (n *Net) decide(c *conn, fw *Firewall, hook Hook, p packet, x pktCtx, ent *CTEntry) (Attempt, bool) {
	if fw == nil {
		return Attempt{}, false
	}
	d := fw.eval(hook, p, x)
	if d.Helper != nil && ent != nil && (x.ct == CTNew || x.ct == CTRelated) {
		ent.Helper = d.Helper.Type
	}
	if !d.Ruled {
		return Attempt{}, false
	}
	rule, line := d.RuleName(), 0
	if d.Rule != nil {
		line = d.Rule.Line
	}
	reason := n.reason(hook, p, x, d.Verdict)
	label := LabelFWAccept
	switch d.Verdict {
	case Drop:
		label = LabelFWDrop
	case Reject:
		label = LabelFWReject
	}
	verb := map[Action]string{Accept: "accepted", Drop: "dropped", Reject: "rejected"}[d.Verdict]
	n.emit(Event{Host: fw.Host, Conn: c.id, Kind: KindFW, Label: label, From: p.src, To: p.dst,
		Firewall: fw.Name, Rule: rule, RuleLine: line, Verdict: string(d.Verdict), CT: x.ct,
		Text: fmt.Sprintf("%s by %s rule %s (%s): %s", verb, fw.Name, rule, hook, reason)})
	switch d.Verdict {
	case Drop:
		return Attempt{Verdict: Dropped, By: fw.Name, Rule: rule, RuleLine: line, Reason: reason}, true
	case Reject:
		return Attempt{Verdict: Rejected, By: fw.Name, Rule: rule, RuleLine: line, Reason: reason, Unreachable: d.Unreachable}, true
	}
	return Attempt{}, false
}

// reason says in words what the firewall saw.
func (n *Net) reason(hook Hook, p packet, x pktCtx, verdict Action) string {
	dir := map[Hook]string{Input: "inbound", Output: "outbound", Forward: "forwarded", Prerouting: "incoming", Postrouting: "outgoing"}[hook]
	switch x.ct {
	case CTUntracked:
		return fmt.Sprintf("stateless: %s %s", dir, p)
	case CTNew:
		if verdict != Accept {
			return fmt.Sprintf("new %s tcp %s, no related expectation", dir, p)
		}
		return fmt.Sprintf("new %s tcp %s", dir, p)
	default:
		return fmt.Sprintf("%s %s tcp %s", x.ct, dir, p)
	}
}

// dropAt ends a walk with a drop at host that no firewall rule made.
func dropAt(host, reason string) Attempt {
	return Attempt{Verdict: Dropped, By: host, Reason: reason}
}

// reply walks the SYN-ACK back along c's hops. Every tracking host sees it
// as ESTABLISHED; a stateless firewall judges it on its own ports and
// flags. If it is dropped the dialer never completes the handshake.
func (n *Net) reply(c *conn) (Attempt, bool) {
	last := len(c.hops) - 1
	for i := last; i >= 0; i-- {
		hp := c.hops[i]
		fw := n.firewall(hp.host)
		if fw == nil {
			continue
		}
		p := packet{src: hp.leave.dst, dst: hp.arrive.src, flags: FlagSYN | FlagACK}
		x := pktCtx{iif: hp.out, oif: hp.in, ct: CTUntracked}
		if fw.Tracks() {
			x.ct = CTEstablished
			if j := n.st.ctIndex(hp.host, c.id); j >= 0 {
				x.dnat = n.st.Conntrack[j].DNAT
			}
		}
		role := forwards
		switch {
		case i == last:
			role = sends
			x.iif = ""
		case i == 0:
			role = receives
			x.oif = ""
		}
		for _, hook := range hooksOn(role) {
			if a, stop := n.decide(c, fw, hook, p, x, nil); stop {
				return a, true
			}
		}
	}
	return Attempt{}, false
}
