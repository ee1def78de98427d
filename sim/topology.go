package sim

import (
	"fmt"
	"net/netip"
)

// Interface is one network interface of a host: its name, its address with
// the prefix of its link, and the link (a named wire or switch) it is on.
type Interface struct {
	Name string       `json:"name"`
	Addr netip.Prefix `json:"addr"` // e.g. 192.168.1.10/24
	Link string       `json:"link"`
}

// Route sends traffic for Dst out of interface Dev, through gateway Via
// (zero Via: the destination is on the link). Connected routes for each
// interface's prefix are implied.
type Route struct {
	Dst netip.Prefix `json:"dst"`
	Via netip.Addr   `json:"via,omitzero"`
	Dev string       `json:"dev"`
}

// Host is a machine of the simulated network.
type Host struct {
	Name       string      `json:"name"`
	Interfaces []Interface `json:"interfaces"`
	Routes     []Route     `json:"routes"`
	Forwarding bool        `json:"forwarding,omitempty"` // a router
}

// Topology is the set of hosts and, through their interfaces' links, the
// wires between them.
type Topology struct {
	Hosts []Host `json:"hosts"`
}

func (t Topology) clone() Topology {
	c := Topology{Hosts: make([]Host, len(t.Hosts))}
	for i, h := range t.Hosts {
		h.Interfaces = append([]Interface(nil), h.Interfaces...)
		h.Routes = append([]Route(nil), h.Routes...)
		c.Hosts[i] = h
	}
	return c
}

// Host returns the host called name.
func (t Topology) Host(name string) (Host, bool) {
	if h := t.host(name); h != nil {
		return *h, true
	}
	return Host{}, false
}

func (t *Topology) host(name string) *Host {
	for i := range t.Hosts {
		if t.Hosts[i].Name == name {
			return &t.Hosts[i]
		}
	}
	return nil
}

// Owns reports whether a is one of the host's addresses.
func (h Host) Owns(a netip.Addr) bool {
	for _, i := range h.Interfaces {
		if i.Addr.Addr() == a {
			return true
		}
	}
	return false
}

// Route returns the interface a packet to dst leaves by and the next hop's
// address (dst itself when it is on the link): the longest matching prefix
// wins, connected routes before gateways of the same length.
func (h Host) Route(dst netip.Addr) (Interface, netip.Addr, error) {
	best, bestLen := -1, -1
	var bestVia netip.Addr
	var bestDev string
	for _, i := range h.Interfaces {
		p := i.Addr.Masked()
		if p.Contains(dst) && p.Bits() > bestLen {
			best, bestLen, bestVia, bestDev = 0, p.Bits(), netip.Addr{}, i.Name
		}
	}
	for _, r := range h.Routes {
		if r.Dst.Contains(dst) && r.Dst.Bits() > bestLen {
			best, bestLen, bestVia, bestDev = 0, r.Dst.Bits(), r.Via, r.Dev
		}
	}
	if best < 0 {
		return Interface{}, netip.Addr{}, fmt.Errorf("sim: host %s has no route to %s", h.Name, dst)
	}
	for _, i := range h.Interfaces {
		if i.Name == bestDev {
			if bestVia.IsValid() {
				return i, bestVia, nil
			}
			return i, dst, nil
		}
	}
	return Interface{}, netip.Addr{}, fmt.Errorf("sim: host %s routes %s via unknown interface %q", h.Name, dst, bestDev)
}

// neighbour finds the host and interface on link that owns addr.
func (t *Topology) neighbour(link string, addr netip.Addr) (*Host, Interface, bool) {
	for i := range t.Hosts {
		for _, ifc := range t.Hosts[i].Interfaces {
			if ifc.Link == link && ifc.Addr.Addr() == addr {
				return &t.Hosts[i], ifc, true
			}
		}
	}
	return nil, Interface{}, false
}
