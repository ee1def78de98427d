package sim

import (
	"net/netip"
	"testing"
)

// TestNAT checks the translations a control connection and an active data
// connection get in the NAT scenarios, as each end sees them.
func TestNAT(t *testing.T) {
	tests := []struct {
		scen             string
		from             string
		local            string // "" = ephemeral on the route's address
		to               string
		listen           string
		seenLocal        string
		seenRemoteAddr   string
		rules            []string // NAT rules used, in order
		srcPortPreserved bool
	}{
		// Masquerade: the server sees the router's outside address.
		{"h1", HostClient, "", "198.51.100.20:21", "198.51.100.20:21", "198.51.100.20:21", "198.51.100.1", []string{"rtr_snat_client_lan"}, true},
		// Port forward: the client dials the router, the server sees the client.
		{"i1", HostClient, "", "203.0.113.1:21", "10.0.0.20:21", "10.0.0.20:21", "203.0.113.10", []string{"rtr_dnat_ctrl21"}, true},
		// The server LAN is masqueraded outbound: active data from port 20.
		{"i1", HostServer, "10.0.0.20:20", "203.0.113.10:40001", "", "203.0.113.10:40001", "203.0.113.1", []string{"rtr_snat_server_lan"}, true},
		// The passive range forwarded (i4).
		{"i4", HostClient, "", "203.0.113.1:40003", "10.0.0.20:40003", "10.0.0.20:40003", "203.0.113.10", []string{"rtr_dnat_passive_range"}, true},
	}
	for i, tc := range tests {
		sc, _ := shipped.Lookup(tc.scen)
		n := New(sc, 5)
		lhost := HostServer
		if tc.from == HostServer {
			lhost = HostClient
		}
		listen := tc.listen
		if listen == "" {
			listen = tc.to
		}
		if _, err := n.Listen(lhost, ap(listen)); err != nil {
			t.Fatal(err)
		}
		var local netip.AddrPort
		if tc.local != "" {
			local = ap(tc.local)
		}
		a, err := n.Connect(tc.from, local, ap(tc.to))
		if err != nil || a.Verdict != Delivered {
			t.Fatalf("#%d: %v %+v\n%s", i, err, a, RenderText(n.Timeline()))
		}
		if a.SeenLocal != ap(tc.seenLocal) || a.SeenRemote.Addr() != netip.MustParseAddr(tc.seenRemoteAddr) {
			t.Errorf("#%d %s: seen %s <- %s, want %s <- %s", i, tc.scen, a.SeenLocal, a.SeenRemote, tc.seenLocal, tc.seenRemoteAddr)
		}
		if tc.srcPortPreserved && a.SeenRemote.Port() != a.Local.Port() {
			t.Errorf("#%d: source port %d became %d", i, a.Local.Port(), a.SeenRemote.Port())
		}
		var rules []string
		for _, m := range n.State().NAT {
			rules = append(rules, m.Rule)
		}
		if len(rules) != len(tc.rules) || (len(rules) > 0 && rules[0] != tc.rules[0]) {
			t.Errorf("#%d: NAT rules %v, want %v", i, rules, tc.rules)
		}
		st := n.State()
		j := st.ctIndex(HostRouter, a.Conn)
		if j < 0 {
			t.Fatalf("#%d: no router conntrack entry", i)
		}
		e := st.Conntrack[j]
		if e.Orig.Src != a.Local || e.Orig.Dst != a.Remote || e.Reply.Src != a.SeenLocal || e.Reply.Dst != a.SeenRemote {
			t.Errorf("#%d: entry %+v does not match attempt %+v", i, e, a)
		}
	}
}

// TestNATMasqueradePortClash: two clients' connections that would share a
// translated tuple get different ports (here: the same client port reused
// from another address is simulated by a second connection from the same
// port after the first).
func TestNATMasqueradePortClash(t *testing.T) {
	sc, _ := shipped.Lookup("h1")
	n := New(sc, 5)
	if _, err := n.Listen(HostServer, ap("198.51.100.20:21")); err != nil {
		t.Fatal(err)
	}
	a1, _ := n.Connect(HostClient, ap("192.168.1.10:40000"), ap("198.51.100.20:21"))
	// Same source port again while the first is open (SO_REUSEADDR-like).
	a2, _ := n.Connect(HostClient, ap("192.168.1.10:40000"), ap("198.51.100.20:21"))
	if a1.Verdict != Delivered || a2.Verdict != Delivered {
		t.Fatalf("verdicts %s %s", a1.Verdict, a2.Verdict)
	}
	if a1.SeenRemote == a2.SeenRemote {
		t.Errorf("both connections translated to %s", a1.SeenRemote)
	}
}

// TestAPIErrors: invalid calls say what failed and with what input.
func TestAPIErrors(t *testing.T) {
	sc, _ := shipped.Lookup("a")
	n := New(sc, 1)
	if _, err := n.Listen(HostServer, ap("198.51.100.20:21")); err != nil {
		t.Fatal(err)
	}
	if _, err := n.Listen(HostServer, ap("0.0.0.0:21")); err == nil {
		t.Error("listen on a port in use: no error")
	}
	if _, err := n.Listen(HostServer, ap("192.168.1.10:21")); err == nil {
		t.Error("listen on a foreign address: no error")
	}
	if _, err := n.Listen("nobody", ap("192.168.1.10:21")); err == nil {
		t.Error("listen on an unknown host: no error")
	}
	if _, err := n.Connect(HostClient, ap("198.51.100.20:5000"), ap("198.51.100.20:21")); err == nil {
		t.Error("connect from a foreign address: no error")
	}
	if _, err := n.Line(42, true, "NOOP"); err == nil {
		t.Error("line on an unknown connection: no error")
	}
	if err := n.Unlisten(HostServer, ap("198.51.100.20:2121")); err == nil {
		t.Error("unlisten of nothing: no error")
	}
	l, err := n.Listen(HostClient, ap("0.0.0.0:0"))
	if err != nil || l.Port() < EphemeralMin || l.Port() > EphemeralMax {
		t.Errorf("ephemeral listen: %s %v", l, err)
	}
	if _, err := ParseMode("active"); err != nil {
		t.Error(err)
	}
	if _, err := ParseMode("sideways"); err == nil {
		t.Error("ParseMode(sideways): no error")
	}
	if _, err := shipped.Lookup("z9"); err == nil {
		t.Error("shipped.Lookup(z9): no error")
	}
}
