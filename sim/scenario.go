package sim

import (
	"net/netip"
	"slices"
	"strings"
)

// Default passive port range of a scenario's server (lab.sh's).
const (
	PasvMin uint16 = 40000
	PasvMax uint16 = 40009
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

	// ServerDataTimeoutMs and ClientDataTimeoutMs are how long each end
	// waits for a data connection it dials to open (the file's
	// data_timeout); 0: DefaultTimeoutMs. The lab's time is logical.
	ServerDataTimeoutMs int64 `json:"server_data_timeout_ms,omitempty"`
	ClientDataTimeoutMs int64 `json:"client_data_timeout_ms,omitempty"`
}

func (s Scenario) clone() Scenario {
	c := s
	c.Topology = s.Topology.clone()
	c.Firewalls = slices.Clone(s.Firewalls) // their Rulesets are never changed
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
			return f, true
		}
	}
	return Firewall{}, false
}

// Ruleset is every firewall of the scenario as its file writes it (the
// nft blocks), client first.
func (s Scenario) Ruleset() string {
	var b strings.Builder
	for _, h := range []string{HostClient, HostRouter, HostServer} {
		if f, ok := s.Firewall(h); ok {
			b.WriteString(f.String())
		}
	}
	if b.Len() == 0 {
		return "# no firewall anywhere\n"
	}
	return b.String()
}
