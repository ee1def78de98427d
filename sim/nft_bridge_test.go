package sim

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// bridgeMatrix is the packets a firewall of family is judged on: every
// hook, its host's interfaces, the plan's addresses, FTP's ports and
// their neighbours, SYN / SYN-ACK / ACK, every conntrack state.
type bridgeMatrix struct {
	ifaces []string
	addrs  []netip.Addr
	ports  []uint16
	flags  []TCPFlags
	cts    []CTState
}

func matrixFor(sc Scenario, fw Firewall, tracks bool) bridgeMatrix {
	m := bridgeMatrix{
		ports: []uint16{20, 21, 22, 1023, 1024, 39999, 40000, 40005, 40009, 40010, 50000, 65535},
		flags: []TCPFlags{FlagSYN, FlagSYN | FlagACK, FlagACK},
		cts:   []CTState{CTUntracked},
	}
	if tracks {
		m.cts = []CTState{CTNew, CTEstablished, CTRelated, CTInvalid}
	}
	for _, h := range sc.Topology.Hosts {
		for _, i := range h.Interfaces {
			m.addrs = append(m.addrs, i.Addr.Addr())
			if h.Name == fw.Host {
				m.ifaces = append(m.ifaces, i.Name)
			}
		}
	}
	m.addrs = append(m.addrs, mustAddr("198.51.100.66"), mustAddr("203.0.113.99"), mustAddr("10.0.0.99"))
	m.ifaces = append(m.ifaces, "")
	return m
}

// TestEvalMatchesGoFirewalls is the bridge from the Go rule builders to
// rulesets: for every catalogue scenario, each filtering host's ruleset,
// written as lab.sh writes it, gives the same verdict, deciding rule,
// helper and NAT as the Go firewall, for a matrix of packets.
func TestEvalMatchesGoFirewalls(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 34))
	for _, sp := range specs() {
		sc := sp.build()
		for _, fw := range sc.Firewalls {
			text := labRuleset(sp, fw.Host)
			rs, err := ParseRuleset(sc.ID+"-"+fw.Host+".nft", []byte(text))
			if err != nil {
				t.Fatalf("scenario %s %s: %v\n%s", sc.ID, fw.Host, err, text)
			}
			if rs.Tracks() != fw.Tracks() {
				t.Fatalf("scenario %s %s: ruleset tracks %v, Go firewall %v", sc.ID, fw.Host, rs.Tracks(), fw.Tracks())
			}
			m := matrixFor(sc, fw, fw.Tracks())
			for range 4000 {
				compareOne(t, sc.ID, &fw, rs, randomPacket(r, m))
			}
		}
	}
}

func pickOne[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func randomPacket(r *rand.Rand, m bridgeMatrix) NftPacket {
	return NftPacket{
		Hook: pickOne(r, []Hook{Prerouting, Input, Forward, Output, Postrouting}),
		IIf:  pickOne(r, m.ifaces), OIf: pickOne(r, m.ifaces),
		Src:   netip.AddrPortFrom(pickOne(r, m.addrs), pickOne(r, m.ports)),
		Dst:   netip.AddrPortFrom(pickOne(r, m.addrs), pickOne(r, m.ports)),
		Flags: pickOne(r, m.flags), CT: pickOne(r, m.cts), CTDNAT: r.IntN(2) == 0,
	}
}

// compareOne judges one packet both ways: the filter chains (NAT bound,
// as Go's filter ignores NAT chains), then, for a first packet, the NAT
// chains as natDst and natSrc apply them.
func compareOne(t *testing.T, id string, fw *Firewall, rs *Ruleset, p NftPacket) {
	t.Helper()
	pk := packet{src: p.Src, dst: p.Dst, flags: p.Flags}
	x := pktCtx{iif: p.IIf, oif: p.OIf, ct: p.CT, dnat: p.CTDNAT}
	want := fw.filter(p.Hook, pk, x)
	fp := p
	fp.NATBound = true
	got := rs.Eval(fp)
	helper := ""
	if got.Helper != nil {
		helper = got.Helper.Name
	}
	if got.Verdict != want.action || got.RuleName() != want.rule || got.Ruled != want.ruled || helper != want.helper {
		t.Fatalf("scenario %s %s, %+v: ruleset says %s (ruled %v, helper %q), Go firewall %s by %q (ruled %v, helper %q)",
			id, fw.Host, p, got, got.Ruled, helper, want.action, want.rule, want.ruled, want.helper)
	}
	if p.CT != CTNew && p.CT != CTRelated || p.Hook != Prerouting && p.Hook != Postrouting {
		return
	}
	wantNAT := goNAT(fw, p.Hook, pk, x)
	gotNAT := ""
	if o := rs.Eval(p); o.NAT != nil {
		gotNAT = string(o.NAT.Kind) + " " + o.NAT.To.String() + " " + o.NAT.Rule.Name()
		if o.NAT.Kind == Masquerade {
			gotNAT = string(o.NAT.Kind) + " " + o.NAT.Rule.Name()
		}
	}
	if gotNAT != wantNAT {
		t.Fatalf("scenario %s %s, %+v: ruleset NAT %q, Go firewall %q", id, fw.Host, p, gotNAT, wantNAT)
	}
}

// goNAT is what natDst and natSrc do with a first packet, in words.
func goNAT(fw *Firewall, hook Hook, p packet, x pktCtx) string {
	for _, ch := range fw.Chains {
		if ch.Type != NATChain || ch.Hook != hook {
			continue
		}
		for _, r := range ch.Rules {
			if !r.Match.matches(p, x) {
				continue
			}
			switch {
			case hook == Prerouting && r.Action == DNAT:
				return string(DNAT) + " " + r.To.String() + " " + r.Name
			case hook == Postrouting && r.Action == Masquerade:
				return string(Masquerade) + " " + r.Name
			}
		}
	}
	return ""
}
