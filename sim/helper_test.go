package sim

import (
	"net/netip"
	"strings"
	"testing"
)

func TestHelperScan(t *testing.T) {
	tests := []struct {
		line       string
		fromClient bool
		result     HelperResult
		pattern    string
		addr       string // "" for none
		port       uint16
		span       string // the text nf_nat_ftp would rewrite
	}{
		{"PORT 192,168,1,10,200,1", true, HelperFound, "PORT", "192.168.1.10", 51201, "192,168,1,10,200,1"},
		{"port 192,168,1,10,200,1", true, HelperFound, "PORT", "192.168.1.10", 51201, "192,168,1,10,200,1"},
		{"EPRT |1|192.168.1.10|51201|", true, HelperFound, "EPRT", "192.168.1.10", 51201, "|1|192.168.1.10|51201|"},
		{"EPRT !1!192.168.1.10!51201!", true, HelperFound, "EPRT", "192.168.1.10", 51201, "!1!192.168.1.10!51201!"},
		{"227 Entering Passive Mode (198,51,100,20,156,64).", false, HelperFound, "227", "198.51.100.20", 40000, "198,51,100,20,156,64"},
		{"229 Entering Extended Passive Mode (|||40001|)", false, HelperFound, "229", "", 40001, "|||40001|"},
		// Not at the start of the line: ignored.
		{"NOOP PORT 192,168,1,10,200,1", true, HelperNone, "", "", 0, ""},
		{" PORT 192,168,1,10,200,1", true, HelperNone, "", "", 0, ""},
		{"200 ok (227 Entering Passive Mode (1,2,3,4,5,6))", false, HelperNone, "", "", 0, ""},
		// The wrong direction's patterns are not looked for.
		{"227 Entering Passive Mode (198,51,100,20,156,64).", true, HelperNone, "", "", 0, ""},
		{"PORT 192,168,1,10,200,1", false, HelperNone, "", "", 0, ""},
		// A multi-line reply's first line has a dash, not a space.
		{"227-Entering Passive Mode (198,51,100,20,156,64).", false, HelperNone, "", "", 0, ""},
		// 227 without the parenthesis the helper skips to.
		{"227 Entering Passive Mode 198,51,100,20,156,64", false, HelperPartial, "227", "", 0, ""},
		// Partial or malformed.
		{"POR", true, HelperNone, "", "", 0, ""}, // with its CRLF, "POR\r" is not "PORT"
		{"PORT", true, HelperPartial, "PORT", "", 0, ""},
		{"PORT 192,168,1,10,200", true, HelperPartial, "PORT", "", 0, ""},
		{"PORT 192,168,1,10,200,1 ", true, HelperPartial, "PORT", "", 0, ""},
		{"EPRT |2|::1|51201|", true, HelperPartial, "EPRT", "", 0, ""},
		{"229 Entering Extended Passive Mode (|||0|)", false, HelperPartial, "229", "", 0, ""},
		{"USER anonymous", true, HelperNone, "", "", 0, ""},
	}
	for i, tc := range tests {
		m := HelperScan(tc.line, tc.fromClient)
		var addr netip.Addr
		if tc.addr != "" {
			addr = netip.MustParseAddr(tc.addr)
		}
		if m.Result != tc.result || m.Pattern != tc.pattern || m.Addr != addr || m.Port != tc.port {
			t.Errorf("#%d %q: got %+v, want result %d pattern %q addr %s port %d", i, tc.line, m, tc.result, tc.pattern, tc.addr, tc.port)
			continue
		}
		if m.Result == HelperFound && tc.line[m.Off:m.Off+m.Len] != tc.span {
			t.Errorf("#%d %q: span %q, want %q", i, tc.line, tc.line[m.Off:m.Off+m.Len], tc.span)
		}
	}
}

// controlSession opens a logged-in control connection in scenario id.
func controlSession(t *testing.T, id string) (*Net, Scenario, Attempt) {
	t.Helper()
	sc, err := shipped.Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	n := New(sc, 3)
	if _, err := n.Listen(HostServer, netip.AddrPortFrom(sc.ServerAddr, ControlPort)); err != nil {
		t.Fatal(err)
	}
	a, err := n.Connect(HostClient, netip.AddrPort{}, sc.ServerTarget)
	if err != nil || a.Verdict != Delivered {
		t.Fatalf("control connection: %v %+v", err, a)
	}
	return n, sc, a
}

func line(t *testing.T, n *Net, c ConnID, fromClient bool, s string) string {
	t.Helper()
	out, err := n.Line(c, fromClient, s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func expectations(n *Net) []Expectation { return n.State().Expectations }

// TestHelperDecisions drives the helper of scenarios d (client), f
// (server), h2 and i2/i5 (router with NAT) line by line.
func TestHelperDecisions(t *testing.T) {
	tests := []struct {
		scen       string
		fromClient bool
		lines      []string
		wantOut    string // the last line as received, "" = unchanged
		wantExp    string // "host src -> dst", "" = none
	}{
		{"d", true, []string{"PORT 192,168,1,10,200,1"}, "", "client 198.51.100.20 -> 192.168.1.10:51201"},
		{"d", true, []string{"EPRT |1|192.168.1.10|51201|"}, "", "client 198.51.100.20 -> 192.168.1.10:51201"},
		{"d", false, []string{"227 Entering Passive Mode (198,51,100,20,156,64)."}, "", "client 192.168.1.10 -> 198.51.100.20:40000"},
		{"d", false, []string{"229 Entering Extended Passive Mode (|||40001|)"}, "", "client 192.168.1.10 -> 198.51.100.20:40001"},
		{"d", true, []string{"NOOP PORT 192,168,1,10,200,1"}, "", ""},
		// Bounce defence: PORT naming another host records nothing.
		{"d", true, []string{"PORT 203,0,113,66,0,22"}, "", ""},
		{"f", false, []string{"227 Entering Passive Mode (203,0,113,66,156,64)."}, "", ""},
		{"f", false, []string{"227 Entering Passive Mode (198,51,100,20,156,64)."}, "", "server 192.168.1.10 -> 198.51.100.20:40000"},
		// One at a time: the second replaces the first.
		{"f", false, []string{"229 Entering Extended Passive Mode (|||40001|)", "229 Entering Extended Passive Mode (|||40002|)"}, "", "server 192.168.1.10 -> 198.51.100.20:40002"},
		// Blind after AUTH TLS.
		{"f", false, []string{"AUTH TLS", "234 Proceed with negotiation.", "227 Entering Passive Mode (198,51,100,20,156,64)."}, "", ""},
		// AUTH TLS refused: still in clear, still read.
		{"f", false, []string{"AUTH TLS", "530 Please login with USER and PASS.", "227 Entering Passive Mode (198,51,100,20,156,64)."}, "", "server 192.168.1.10 -> 198.51.100.20:40000"},
		// No helper assigned: nothing.
		{"c", true, []string{"PORT 192,168,1,10,200,1"}, "", ""},
		{"e", false, []string{"227 Entering Passive Mode (198,51,100,20,156,64)."}, "", ""},
		// NAT: rewrite to the translated address.
		{"h2", true, []string{"PORT 192,168,1,10,200,1"}, "PORT 198,51,100,1,200,1", "router 198.51.100.20 -> 198.51.100.1:51201"},
		{"h2", true, []string{"EPRT |1|192.168.1.10|51201|"}, "EPRT |1|198.51.100.1|51201|", "router 198.51.100.20 -> 198.51.100.1:51201"},
		{"h2", false, []string{"227 Entering Passive Mode (198,51,100,20,156,64)."}, "", "router 192.168.1.10 -> 198.51.100.20:40000"},
		{"i2", false, []string{"227 Entering Passive Mode (10,0,0,20,156,64)."}, "227 Entering Passive Mode (203,0,113,1,156,64).", "router 203.0.113.10 -> 203.0.113.1:40000"},
		{"i2", false, []string{"229 Entering Extended Passive Mode (|||40001|)"}, "", "router 203.0.113.10 -> 203.0.113.1:40001"},
		{"i2", true, []string{"PORT 203,0,113,10,200,1"}, "", "router 10.0.0.20 -> 203.0.113.10:51201"},
		{"i5", false, []string{"227 Entering Passive Mode (203,0,113,1,156,64)."}, "", ""},
		// Masquerade without helper: no rewrite.
		{"h1", true, []string{"PORT 192,168,1,10,200,1"}, "", ""},
	}
	for i, tc := range tests {
		n, _, a := controlSession(t, tc.scen)
		var out, last string
		for _, l := range tc.lines {
			from := tc.fromClient
			if strings.HasPrefix(l, "AUTH") {
				from = true
			} else if l[0] >= '0' && l[0] <= '9' {
				from = false
			}
			last = l
			out = line(t, n, a.Conn, from, l)
		}
		want := tc.wantOut
		if want == "" {
			want = last
		}
		if out != want {
			t.Errorf("#%d %s: received %q, want %q", i, tc.scen, out, want)
		}
		exps := expectations(n)
		var got string
		if len(exps) > 1 {
			t.Errorf("#%d %s: %d expectations, want at most 1: %v", i, tc.scen, len(exps), exps)
		}
		if len(exps) == 1 {
			got = exps[0].Host + " " + exps[0].String()
		}
		if got != tc.wantExp {
			t.Errorf("#%d %s %q: expectation %q, want %q\n%s", i, tc.scen, tc.lines, got, tc.wantExp, RenderText(n.Timeline()))
		}
	}
}

// TestExpectationConsumed: the first matching connection uses the
// expectation up; a second identical one is new and dropped.
func TestExpectationConsumed(t *testing.T) {
	n, _, a := controlSession(t, "f")
	line(t, n, a.Conn, false, "229 Entering Extended Passive Mode (|||40001|)")
	if _, err := n.Listen(HostServer, ap("198.51.100.20:40001")); err != nil {
		t.Fatal(err)
	}
	first, err := n.Connect(HostClient, netip.AddrPort{}, ap("198.51.100.20:40001"))
	if err != nil || first.Verdict != Delivered {
		t.Fatalf("first data connection: %v %+v", err, first)
	}
	if len(expectations(n)) != 0 {
		t.Errorf("expectation not consumed: %v", expectations(n))
	}
	st := n.State()
	i := st.ctIndex(HostServer, first.Conn)
	if i < 0 || !st.Conntrack[i].Related || st.Conntrack[i].Master != a.Conn {
		t.Errorf("data entry not related to master %d: %+v", a.Conn, st.Conntrack)
	}
	second, _ := n.Connect(HostClient, netip.AddrPort{}, ap("198.51.100.20:40001"))
	if second.Verdict != Dropped || second.Rule != "srv_in_new_DROP" {
		t.Errorf("second data connection: %s by %s, want drop by srv_in_new_DROP", second.Verdict, second.Rule)
	}
}

// TestExpectationExpires: after 300 s of logical time the hole is gone.
func TestExpectationExpires(t *testing.T) {
	n, _, a := controlSession(t, "f")
	n.SetTimeout(ExpectTimeoutMs)
	line(t, n, a.Conn, false, "229 Entering Extended Passive Mode (|||40001|)")
	// A dropped attempt elsewhere lets 300 s pass.
	if _, err := n.Connect(HostClient, netip.AddrPort{}, ap("198.51.100.20:40009")); err != nil {
		t.Fatal(err)
	}
	if len(expectations(n)) != 0 {
		t.Errorf("expectation alive after %d ms: %v", n.State().Time, expectations(n))
	}
}

// TestTLSLineEvents: after 234 the lines are still recorded, and a
// tls.start event marks the switch.
func TestTLSLineEvents(t *testing.T) {
	n, _, a := controlSession(t, "j3")
	line(t, n, a.Conn, true, "AUTH TLS")
	line(t, n, a.Conn, false, "234 Proceed with negotiation.")
	line(t, n, a.Conn, true, "PORT 192,168,1,10,200,1")
	if err := n.Bytes(a.Conn, true, 64); err != nil {
		t.Fatal(err)
	}
	labels := strings.Join(n.Timeline().Labels(), " ")
	if !strings.Contains(labels, "cmd.AUTH reply.234 tls.start cmd.PORT data.bytes") {
		t.Errorf("labels %s", labels)
	}
	if strings.Contains(labels, "helper.") {
		t.Errorf("helper read ciphertext: %s", labels)
	}
	if !n.State().Conns[0].TLS {
		t.Error("control connection not marked TLS")
	}
}
