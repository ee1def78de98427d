package sim

import (
	"net/netip"
	"reflect"
	"slices"
	"testing"
)

// TestAttackerPaths checks the paths to and from mallory, the attacker of
// scenario steal: on the server's network, it reaches the server on the
// link, without the router, and the client through the router.
func TestAttackerPaths(t *testing.T) {
	tests := []struct {
		name       string
		from       string
		to         string // dialled, also where the far host listens
		listenHost string
		acceptor   string
		seenRemote string   // the dialer's address as the acceptor sees it
		hops       []string // hosts on the path, dialer first
	}{
		{"mallory to the server's passive port", HostAttacker, "198.51.100.20:40003", HostServer, HostServer, "198.51.100.66", []string{HostAttacker, HostServer}},
		{"mallory to the server's port 21", HostAttacker, "198.51.100.20:21", HostServer, HostServer, "198.51.100.66", []string{HostAttacker, HostServer}},
		{"the server to mallory", HostServer, "198.51.100.66:40000", HostAttacker, HostAttacker, "198.51.100.20", []string{HostServer, HostAttacker}},
		{"mallory to the client, through the router", HostAttacker, "192.168.1.10:50000", HostClient, HostClient, "198.51.100.66", []string{HostAttacker, HostRouter, HostClient}},
		{"the client to mallory, through the router", HostClient, "198.51.100.66:50000", HostAttacker, HostAttacker, "192.168.1.10", []string{HostClient, HostRouter, HostAttacker}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := shipped.Lookup("steal")
			if err != nil {
				t.Fatal(err)
			}
			n := New(sc, 3)
			if _, err := n.Listen(tc.listenHost, ap(tc.to)); err != nil {
				t.Fatal(err)
			}
			a, err := n.Connect(tc.from, netip.AddrPort{}, ap(tc.to))
			if err != nil {
				t.Fatal(err)
			}
			if a.Verdict != Delivered || a.To != tc.acceptor {
				t.Fatalf("verdict %s to %q (%s), want deliver to %s", a.Verdict, a.To, a.Reason, tc.acceptor)
			}
			if a.SeenRemote.Addr() != netip.MustParseAddr(tc.seenRemote) || a.SeenLocal != ap(tc.to) {
				t.Errorf("acceptor sees %s -> %s, want %s -> %s", a.SeenRemote, a.SeenLocal, tc.seenRemote, tc.to)
			}
			c, _ := n.conn(a.Conn)
			var hops []string
			for _, h := range c.hops {
				hops = append(hops, h.host)
			}
			if !reflect.DeepEqual(hops, tc.hops) {
				t.Errorf("path %v, want %v", hops, tc.hops)
			}
			for _, e := range n.Timeline().Events() {
				if e.Kind == KindFW || e.Kind == KindNAT {
					t.Errorf("unexpected %s event: %s", e.Label, e.Text)
				}
			}
		})
	}
}

// TestAttackerScenario: steal is scenario a plus mallory, listed after
// the oracle's scenarios; no oracle scenario has an attacker.
func TestAttackerScenario(t *testing.T) {
	steal, err := shipped.Lookup("steal")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := shipped.Lookup("a")
	if steal.AttackerHost != HostAttacker {
		t.Errorf("steal: attacker %q, want %q", steal.AttackerHost, HostAttacker)
	}
	m, ok := steal.Topology.Host(HostAttacker)
	if !ok || !m.Owns(netip.MustParseAddr("198.51.100.66")) {
		t.Fatalf("steal: no host %s owning 198.51.100.66: %+v", HostAttacker, steal.Topology)
	}
	rest := slices.DeleteFunc(slices.Clone(steal.Topology.Hosts), func(h Host) bool { return h.Name == HostAttacker })
	if !reflect.DeepEqual(rest, a.Topology.Hosts) || len(steal.Firewalls) != 0 ||
		steal.ClientAddr != a.ClientAddr || steal.ServerTarget != a.ServerTarget || steal.ServerAddr != a.ServerAddr ||
		steal.Family != a.Family || steal.TLS || steal.PasvAddress.IsValid() || steal.ActiveFromPort20 != a.ActiveFromPort20 {
		t.Errorf("steal is not scenario a plus mallory:\n%+v\n%+v", steal, a)
	}
	ids := shipped.IDs()
	if ids[len(ids)-1] != "steal" || len(shipped.All()) != len(ids) {
		t.Errorf("catalogue %v: want steal last", ids)
	}
	for _, sc := range shipped.All() {
		if sc.ID == "steal" {
			continue
		}
		if sc.AttackerHost != "" {
			t.Errorf("%s: attacker %q", sc.ID, sc.AttackerHost)
		}
		if _, ok := sc.Topology.Host(HostAttacker); ok {
			t.Errorf("%s: has host %s", sc.ID, HostAttacker)
		}
	}
	// No attacker in scenario a: mallory cannot dial there.
	if _, err := New(a, 1).Connect(HostAttacker, netip.AddrPort{}, ap("198.51.100.20:21")); err == nil {
		t.Error("scenario a: a connection from mallory was accepted")
	}
}
