package sim

import (
	"fmt"
	"net/netip"
	"strings"
)

// Host names of every scenario.
const (
	HostClient = "client"
	HostRouter = "router"
	HostServer = "server"
	// HostAttacker is the third host of the scenarios that have one
	// (Scenario.AttackerHost).
	HostAttacker = "mallory"
)

// Family is a scenario's address plan.
type Family string

// Address plans.
const (
	// FamilyRouted: the client on a private LAN, the router only routes
	// (a-g, j*, steal).
	FamilyRouted Family = "routed"
	// FamilySNAT: the client's LAN masqueraded behind the router (h*).
	FamilySNAT Family = "snat"
	// FamilyDNAT: the server on a private LAN behind the router's port
	// forward (i*).
	FamilyDNAT Family = "dnat"
)

// Scenario is one configuration of the simulated network and of the FTP
// server it implies: a topology, the firewalls and NAT, and the settings
// the lab gives the real server and client.
type Scenario struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Setup     string     `json:"setup"`
	Family    Family     `json:"family"`
	Topology  Topology   `json:"topology"`
	Firewalls []Firewall `json:"firewalls"`

	ClientHost string `json:"client_host"`
	ServerHost string `json:"server_host"`
	RouterHost string `json:"router_host"`
	// AttackerHost, when set, is a third host that attacks the session:
	// the lab makes it connect to the server's first passive data port
	// before the client does (port stealing, RFC 2577 §8).
	AttackerHost string `json:"attacker_host,omitempty"`
	// ClientAddr is the client's own address; ServerTarget the address
	// and port the client dials for the control connection (the router's
	// public address when the server is port-forwarded); ServerAddr the
	// server's own address.
	ClientAddr   netip.Addr     `json:"client_addr"`
	ServerTarget netip.AddrPort `json:"server_target"`
	ServerAddr   netip.Addr     `json:"server_addr"`

	// FTP server settings the scenario implies (vsftpd's names in
	// comments). PasvAddress zero: announce the server's own address.
	PasvAddress      netip.Addr `json:"pasv_address,omitzero"` // pasv_address
	PasvMin          uint16     `json:"pasv_min"`              // pasv_min_port
	PasvMax          uint16     `json:"pasv_max"`              // pasv_max_port
	ActiveFromPort20 bool       `json:"active_from_port_20"`   // connect_from_port_20
	PortPromiscuous  bool       `json:"port_promiscuous"`      // port_promiscuous
	TLS              bool       `json:"tls"`                   // explicit FTPS: AUTH TLS, PROT P
}

func (s Scenario) clone() Scenario {
	c := s
	c.Topology = s.Topology.clone()
	c.Firewalls = make([]Firewall, len(s.Firewalls))
	for i, f := range s.Firewalls {
		c.Firewalls[i] = f.clone()
	}
	return c
}

// Announced is the address the server puts in 227 replies.
func (s Scenario) Announced() netip.Addr {
	if s.PasvAddress.IsValid() {
		return s.PasvAddress
	}
	return s.ServerAddr
}

// Firewall returns the firewall on host, if any.
func (s Scenario) Firewall(host string) (Firewall, bool) {
	for _, f := range s.Firewalls {
		if f.Host == host {
			return f.clone(), true
		}
	}
	return Firewall{}, false
}

// Ruleset renders every firewall of the scenario in nftables syntax,
// client first.
func (s Scenario) Ruleset() string {
	var b strings.Builder
	for _, h := range []string{HostClient, HostRouter, HostServer} {
		if f, ok := s.Firewall(h); ok {
			b.WriteString(f.Ruleset())
		}
	}
	if b.Len() == 0 {
		return "# no firewall anywhere\n"
	}
	return b.String()
}

// Catalog returns every scenario: the kernel oracle's a to j3, in its
// order, then the lessons' own (steal). Each call builds fresh values.
func Catalog() []Scenario {
	all := specs()
	out := make([]Scenario, 0, len(all))
	for _, sp := range all {
		out = append(out, sp.build())
	}
	return out
}

// IDs lists the scenario ids in catalogue order.
func IDs() []string {
	var ids []string
	for _, sp := range specs() {
		ids = append(ids, sp.id)
	}
	return ids
}

// Lookup returns the scenario called id.
func Lookup(id string) (Scenario, error) {
	for _, sp := range specs() {
		if strings.EqualFold(sp.id, id) {
			return sp.build(), nil
		}
	}
	return Scenario{}, fmt.Errorf("sim: unknown scenario %q (known: %s)", id, strings.Join(IDs(), " "))
}

// Address plan. routed and snat: the client on a private LAN behind the
// router, the server on a public network. dnat: the client outside, the
// server on a private LAN behind the router's port forward.

func mustPrefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }
func mustAddr(s string) netip.Addr     { return netip.MustParseAddr(s) }

// attackerHost is mallory, on the routed plan's server network ("wan"):
// it reaches the server on the link, the client through the router.
func attackerHost() Host {
	return Host{Name: HostAttacker, Interfaces: []Interface{{"eth0", mustPrefix("198.51.100.66/24"), "wan"}},
		Routes: []Route{{Dst: mustPrefix("0.0.0.0/0"), Via: mustAddr("198.51.100.1"), Dev: "eth0"}}}
}

func topology(family Family) Topology {
	if family == FamilyDNAT {
		return Topology{Hosts: []Host{
			{Name: HostClient, Interfaces: []Interface{{"eth0", mustPrefix("203.0.113.10/24"), "outside"}},
				Routes: []Route{{Dst: mustPrefix("0.0.0.0/0"), Via: mustAddr("203.0.113.1"), Dev: "eth0"}}},
			{Name: HostRouter, Forwarding: true, Interfaces: []Interface{
				{"wan", mustPrefix("203.0.113.1/24"), "outside"},
				{"lan", mustPrefix("10.0.0.1/24"), "inside"},
			}},
			{Name: HostServer, Interfaces: []Interface{{"eth0", mustPrefix("10.0.0.20/24"), "inside"}},
				Routes: []Route{{Dst: mustPrefix("0.0.0.0/0"), Via: mustAddr("10.0.0.1"), Dev: "eth0"}}},
		}}
	}
	return Topology{Hosts: []Host{
		{Name: HostClient, Interfaces: []Interface{{"eth0", mustPrefix("192.168.1.10/24"), "lan"}},
			Routes: []Route{{Dst: mustPrefix("0.0.0.0/0"), Via: mustAddr("192.168.1.1"), Dev: "eth0"}}},
		{Name: HostRouter, Forwarding: true, Interfaces: []Interface{
			{"lan", mustPrefix("192.168.1.1/24"), "lan"},
			{"wan", mustPrefix("198.51.100.1/24"), "wan"},
		}},
		{Name: HostServer, Interfaces: []Interface{{"eth0", mustPrefix("198.51.100.20/24"), "wan"}},
			Routes: []Route{{Dst: mustPrefix("0.0.0.0/0"), Via: mustAddr("198.51.100.1"), Dev: "eth0"}}},
	}}
}

// TLSVariant returns the scenario that is id with FTPS switched (j1 for f,
// f for j1), derived from the catalogue: the one whose network and server
// settings are id's in every other respect.
func TLSVariant(id string) (string, bool) {
	var self spec
	found := false
	for _, sp := range specs() {
		if strings.EqualFold(sp.id, id) {
			self, found = sp, true
		}
	}
	if !found {
		return "", false
	}
	for _, sp := range specs() {
		if sp.tls != self.tls && sp.sameNetwork(self) {
			return sp.id, true
		}
	}
	return "", false
}

// sameNetwork reports whether two specs differ at most in their names,
// texts and TLS.
func (sp spec) sameNetwork(o spec) bool {
	sp.id, sp.title, sp.setup, sp.tls = o.id, o.title, o.setup, o.tls
	return sp == o
}
