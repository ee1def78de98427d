package rulesetcheck

import (
	"fmt"
	"slices"
	"strings"

	"ftplab/sim"
)

// The standard topology names the router's interfaces lan and wan, as
// the scenario files do: in the routed and SNAT plans the client is on
// lan and the server on wan; in the DNAT plan (a ruleset that forwards
// ports) the server is inside on lan and the client outside on wan. The
// client and the server have one interface, eth0. A ruleset written for
// other names (eth0, eth1) is checked with --lan and --wan mapping them.

// mapIfaces renames the router's lan and wan to o.Lan and o.Wan.
func mapIfaces(sc *sim.Scenario, o Options) error {
	if o.Lan == "" && o.Wan == "" {
		return nil
	}
	if o.On != sim.HostRouter {
		return fmt.Errorf("rulesetcheck: --lan and --wan name the router's interfaces: use them with --on router")
	}
	if o.Lan == o.Wan {
		return fmt.Errorf("rulesetcheck: --lan %q and --wan %q: want two names", o.Lan, o.Wan)
	}
	for i := range sc.Topology.Hosts {
		h := &sc.Topology.Hosts[i]
		if h.Name != sim.HostRouter {
			continue
		}
		for j := range h.Interfaces {
			switch n := &h.Interfaces[j].Name; {
			case *n == "lan" && o.Lan != "":
				*n = o.Lan
			case *n == "wan" && o.Wan != "":
				*n = o.Wan
			}
		}
	}
	return nil
}

// interfaces describes the checked host's interfaces: which side of the
// topology each one faces, under the name the ruleset must use.
func interfaces(sc sim.Scenario, host string) []string {
	h, _ := sc.Topology.Host(host)
	side := map[string]string{}
	for _, other := range sc.Topology.Hosts {
		if other.Name != host && other.Name != sim.HostAttacker && len(other.Interfaces) > 0 {
			side[other.Interfaces[0].Link] = "the " + other.Name + "'s side"
		}
	}
	var out []string
	for _, i := range h.Interfaces {
		s := fmt.Sprintf("%s %s", i.Name, i.Addr)
		if host == sim.HostRouter {
			s += " (" + side[i.Link] + ")"
		}
		out = append(out, s)
	}
	return append(out, "lo")
}

// ifaceWarnings names each interface a rule matches that the host does
// not have: such a rule never matches in the lab (nor on a host without
// that interface), which is seldom what its author meant.
func ifaceWarnings(file string, rs *sim.Ruleset, sc sim.Scenario, host string) []string {
	h, _ := sc.Topology.Host(host)
	names := []string{"lo"}
	for _, i := range h.Interfaces {
		names = append(names, i.Name)
	}
	var out []string
	for _, r := range rs.IfaceRefs() {
		if slices.Contains(names, r.Name) {
			continue
		}
		w := fmt.Sprintf("%s:%d:%d: %q names no interface of the %s (it has %s): the rule never matches here",
			file, r.Line, r.Col, r.Name, host, strings.Join(names, ", "))
		if host == sim.HostRouter {
			w += "; name the router's interfaces lan and wan in the ruleset, or map yours with --lan IFNAME --wan IFNAME"
		}
		out = append(out, w)
	}
	return out
}
