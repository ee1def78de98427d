package sim

import (
	"net/netip"
	"slices"
	"strings"
)

// familyAddrs are each family's default addresses (the catalogue's plan).
var familyAddrs = map[string]map[string]string{
	"routed": {"client": "192.168.1.10/24", "router_lan": "192.168.1.1/24", "router_wan": "198.51.100.1/24", "server": "198.51.100.20/24", "attacker": "198.51.100.66/24"},
	"snat":   {"client": "192.168.1.10/24", "router_lan": "192.168.1.1/24", "router_wan": "198.51.100.1/24", "server": "198.51.100.20/24", "attacker": "198.51.100.66/24"},
	"dnat":   {"client": "203.0.113.10/24", "router_lan": "10.0.0.1/24", "router_wan": "203.0.113.1/24", "server": "10.0.0.20/24", "attacker": "10.0.0.66/24"},
}

// build completes the Scenario: hosts, topology, addresses, setup text.
func (sp *scenarioParser) build() {
	sc := &sp.sf.Scenario
	sc.Setup = joinParagraphs(sp.setup)
	def, ok := familyAddrs[sp.family]
	if !ok {
		return // reported
	}
	attacker := sp.checkHosts()
	addr := func(k string) netip.Prefix {
		if p, ok := sp.addrs[k]; ok {
			return p
		}
		return netip.MustParsePrefix(def[k])
	}
	// The client is on the router's lan in routed and snat, outside (its
	// wan) in dnat; the server and the attacker on the other side.
	cliIf, srvIf, cliLink, srvLink := "lan", "wan", "lan", "wan"
	if sp.family == "dnat" {
		cliIf, srvIf, cliLink, srvLink = "wan", "lan", "outside", "inside"
	}
	rCli, rSrv := addr("router_"+cliIf), addr("router_"+srvIf)
	sp.sameLink("client", addr("client"), rCli)
	sp.sameLink("server", addr("server"), rSrv)
	host := func(name, key, link string, gw netip.Prefix) Host {
		return Host{Name: name, Interfaces: []Interface{{"eth0", addr(key), link}},
			Routes: []Route{{Dst: netip.MustParsePrefix("0.0.0.0/0"), Via: gw.Addr(), Dev: "eth0"}}}
	}
	router := Host{Name: HostRouter, Forwarding: true, Interfaces: []Interface{{cliIf, rCli, cliLink}, {srvIf, rSrv, srvLink}}}
	sc.Topology = Topology{Hosts: []Host{host(HostClient, "client", cliLink, rCli), router, host(HostServer, "server", srvLink, rSrv)}}
	sc.ClientHost, sc.RouterHost, sc.ServerHost = HostClient, HostRouter, HostServer
	if attacker {
		sp.sameLink("attacker", addr("attacker"), rSrv)
		sc.Topology.Hosts = append(sc.Topology.Hosts, host(HostAttacker, "attacker", srvLink, rSrv))
		sc.AttackerHost = HostAttacker
	}
	sc.ClientAddr, sc.ServerAddr = addr("client").Addr(), addr("server").Addr()
	sc.ServerTarget = netip.AddrPortFrom(sc.ServerAddr, ControlPort)
	if sp.family == "dnat" {
		sc.ServerTarget = netip.AddrPortFrom(rCli.Addr(), ControlPort)
	}
	if sc.PasvMin > sc.PasvMax {
		sp.bad(1, 0, "server: pasv_min_port %d is above pasv_max_port %d", sc.PasvMin, sc.PasvMax)
	}
}

// checkHosts validates the hosts list and reports whether the attacker
// is in it.
func (sp *scenarioParser) checkHosts() bool {
	line := max(sp.hostLine, 1)
	for _, h := range sp.hosts {
		if !slices.Contains([]string{"client", "router", "server", "attacker"}, h) {
			sp.bad(line, 0, "hosts: unknown host %q (client, router, server, attacker)", h)
		}
	}
	for _, h := range []string{"client", "router", "server"} {
		if !slices.Contains(sp.hosts, h) {
			sp.bad(line, 0, "hosts: the lab needs a %s", h)
		}
	}
	attacker := slices.Contains(sp.hosts, "attacker")
	if attacker && sp.family != "routed" {
		sp.bad(line, 0, "hosts: the attacker needs the routed family (it sits on the server's network, which NAT would hide)")
	}
	return attacker
}

// sameLink checks that a host's address is on its router interface's
// network, and is not the router's.
func (sp *scenarioParser) sameLink(name string, a, router netip.Prefix) {
	line := max(sp.addrLine[name], 1)
	if !router.Masked().Contains(a.Addr()) || a.Bits() != router.Bits() {
		sp.bad(line, 0, "addresses: %s %s is not on the router's network %s", name, a, router.Masked())
	}
	if a.Addr() == router.Addr() {
		sp.bad(line, 0, "addresses: %s has the router's address %s", name, a.Addr())
	}
}

// joinParagraphs joins lines into paragraphs (a blank line between two),
// the lines of one paragraph with spaces, as Markdown reads them.
func joinParagraphs(lines []string) string {
	var paras []string
	var cur []string
	for _, l := range append(lines, "") {
		if l == "" {
			if len(cur) > 0 {
				paras = append(paras, strings.Join(cur, " "))
				cur = nil
			}
			continue
		}
		cur = append(cur, l)
	}
	return strings.Join(paras, "\n\n")
}
