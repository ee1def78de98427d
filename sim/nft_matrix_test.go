package sim

import (
	"math/rand/v2"
	"net/netip"
)

// packetMatrix is the packets a ruleset is judged on: every
// hook, its host's interfaces, the plan's addresses, FTP's ports and
// their neighbours, SYN / SYN-ACK / ACK, every conntrack state.
type packetMatrix struct {
	ifaces []string
	addrs  []netip.Addr
	ports  []uint16
	flags  []TCPFlags
	cts    []CTState
}

func matrixFor(sc Scenario, fw Firewall, tracks bool) packetMatrix {
	m := packetMatrix{
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

func pickOne[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func randomPacket(r *rand.Rand, m packetMatrix) NftPacket {
	return NftPacket{
		Hook: pickOne(r, []Hook{Prerouting, Input, Forward, Output, Postrouting}),
		IIf:  pickOne(r, m.ifaces), OIf: pickOne(r, m.ifaces),
		Src:   netip.AddrPortFrom(pickOne(r, m.addrs), pickOne(r, m.ports)),
		Dst:   netip.AddrPortFrom(pickOne(r, m.addrs), pickOne(r, m.ports)),
		Flags: pickOne(r, m.flags), CT: pickOne(r, m.cts), CTDNAT: r.IntN(2) == 0,
	}
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }
