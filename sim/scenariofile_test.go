package sim

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const scenarioDir = "../assets/scenarios"

// ruleTexts lists a ruleset's rules as "table chain: text", in order.
func ruleTexts(rs *Ruleset) []string {
	var out []string
	for _, t := range rs.Tables {
		for _, c := range t.Chains {
			out = append(out, t.Family+" "+t.Name+" "+c.Name+": "+string(c.Type)+" "+string(c.Hook)+" "+string(c.Policy))
			for _, r := range c.Rules {
				out = append(out, t.Name+" "+c.Name+": "+r.Text)
			}
		}
	}
	return out
}

// TestShippedScenarioFiles reads every file under assets/scenarios: the
// catalogue is the oracle's scenarios and steal, in order; each has
// lab.sh's data timeouts, and one firewall per ruleset block, client
// first, that is the block's text (lab.sh's text itself is checked by
// TestParseLabShRulesets).
func TestShippedScenarioFiles(t *testing.T) {
	want := "a b c d e f g h1 h2 h3 h4 i1 i2 i3 i4 i5 j1 j2 j3 steal"
	if got := strings.Join(shipped.IDs(), " "); got != want {
		t.Errorf("catalogue %s, want %s", got, want)
	}
	for _, id := range shipped.IDs() {
		sf, _ := shipped.File(id)
		name := filepath.Join(scenarioDir, id+".md")
		if sf.ServerDataTimeout != 3 || sf.ClientDataTimeout != 3 {
			t.Errorf("%s: data timeouts %d and %d, want lab.sh's 3 and 3", name, sf.ServerDataTimeout, sf.ClientDataTimeout)
		}
		sc := sf.Scenario
		if len(sc.Firewalls) != len(sf.Rulesets) {
			t.Errorf("%s: %d firewalls for %d rulesets", name, len(sc.Firewalls), len(sf.Rulesets))
		}
		for i, fw := range sc.Firewalls {
			if i > 0 && hostOrder(sc.Firewalls[i-1].Host) >= hostOrder(fw.Host) {
				t.Errorf("%s: firewalls out of order: %s after %s", name, fw.Host, sc.Firewalls[i-1].Host)
			}
			if fw.Ruleset != sf.Rulesets[fw.Host] || fw.Name != fw.Host+"-fw" {
				t.Errorf("%s: firewall %s (%s) is not the file's ruleset for %s", name, fw.Name, fw.Host, fw.Host)
			}
			again, err := ParseRuleset(name, []byte(fw.Text))
			if err != nil {
				t.Fatalf("%s %s: the firewall's text does not parse: %v", name, fw.Host, err)
			}
			if g, w := ruleTexts(again), ruleTexts(fw.Ruleset); !reflect.DeepEqual(g, w) {
				t.Errorf("%s %s: text\n%s\nparses to\n%s\nwant\n%s", name, fw.Host, fw.Text, strings.Join(g, "\n"), strings.Join(w, "\n"))
			}
			src, _ := os.ReadFile(name)
			if line := strings.Split(string(src), "\n")[fw.Line-1]; line+"\n" != strings.SplitAfter(fw.Text, "\n")[0] {
				t.Errorf("%s %s: line %d is %q, not the ruleset's first line", name, fw.Host, fw.Line, line)
			}
		}
	}
}

// TestScenarioFileRuleLines keeps a rule's line in the file.
func TestScenarioFileRuleLines(t *testing.T) {
	name := filepath.Join(scenarioDir, "c.md")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	sf, err := ParseScenario(name, src)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	for _, tb := range sf.Rulesets[HostClient].Tables {
		for _, c := range tb.Chains {
			for _, r := range c.Rules {
				if l := strings.Join(strings.Fields(lines[r.Line-1]), " "); l != r.Text {
					t.Errorf("rule %q says line %d, which is %q", r.Text, r.Line, l)
				}
			}
		}
	}
}

// teacherScenario is a teacher's own: a custom passive range, other
// addresses, a router that rejects instead of dropping.
const teacherScenario = `---
id: my-reject
title: "Server behind a rejecting router: passive range 50000-50004"
family: dnat
hosts: [client, router, server]
addresses:
  client: 198.18.0.10/24   # the student's laptop
  router_wan: 198.18.0.1/24
  router_lan: 172.16.5.1/24
  server: 172.16.5.80/24
server:
  pasv_min_port: 50000
  pasv_max_port: 50004
  pasv_address: 198.18.0.1
  connect_from_port_20: NO
client:
  data_timeout: 5s
---
# A rejecting router

The router forwards the control port and the passive range
to the server, and rejects the rest.

Nothing else filters.

` + "```text\nclient -- router -- server\n```\n\n```nft router\n" + `table ip nat {
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    iifname "wan" tcp dport { 21, 50000-50004 } dnat to 172.16.5.80
  }
}
table inet filter {
  chain forward {
    type filter hook forward priority filter; policy accept;
    ct state vmap { established : accept, related : accept, invalid : drop }
    ct status dnat accept
    iifname "lan" accept
    reject with tcp reset comment "rtr_REJECT"
  }
}
` + "```\n"

func TestParseTeacherScenario(t *testing.T) {
	sf, err := ParseScenario("my.md", []byte(teacherScenario))
	if err != nil {
		t.Fatal(err)
	}
	sc := sf.Scenario
	if sc.PasvMin != 50000 || sc.PasvMax != 50004 || sc.ActiveFromPort20 || sc.PasvAddress.String() != "198.18.0.1" ||
		sc.ServerTarget.String() != "198.18.0.1:21" || sc.ServerAddr.String() != "172.16.5.80" || sf.ClientDataTimeout != 5 {
		t.Errorf("got %+v", sc)
	}
	if sc.Setup != "The router forwards the control port and the passive range to the server, and rejects the rest.\n\nNothing else filters." {
		t.Errorf("setup %q", sc.Setup)
	}
	rtr, _ := sc.Topology.Host(HostRouter)
	if i, _, err := rtr.Route(ap("172.16.5.80:1").Addr()); err != nil || i.Name != "lan" {
		t.Errorf("router routes the server via %v (%v), want lan", i, err)
	}
	rs := sf.Rulesets[HostRouter]
	o := rs.Eval(NftPacket{Hook: Forward, IIf: "wan", OIf: "lan", Src: ap("198.18.0.10:40000"), Dst: ap("172.16.5.80:40001"), Flags: FlagSYN, CT: CTNew})
	if o.Verdict != Reject || o.RuleName() != "rtr_REJECT" || o.Rule.Line != 43 {
		t.Errorf("got %v, want reject by rtr_REJECT on line 43", o)
	}
	o = rs.Eval(NftPacket{Hook: Prerouting, IIf: "wan", Src: ap("198.18.0.10:40000"), Dst: ap("198.18.0.1:50003"), Flags: FlagSYN, CT: CTNew})
	if o.NAT == nil || o.NAT.To.String() != "172.16.5.80" {
		t.Errorf("got %v, want dnat to 172.16.5.80", o)
	}
}

// TestParseScenarioErrors reports each mistake at its file line.
func TestParseScenarioErrors(t *testing.T) {
	head := "---\nid: x\ntitle: t\nfamily: routed\n"
	tests := []struct {
		src, pos, want string
	}{
		{"id: x\n", "s.md:1:", "starts with a front matter"},
		{"---\nid: x\n", "s.md:1:", "front matter not closed"},
		{"---\nid: x\ntitle: t\n---\n", "s.md:1:", "family is missing"},
		{head + "family2: x\n---\n", "s.md:5:", `unknown key "family2"`},
		{head + "id: y\n---\n", "s.md:5:", "id given twice"},
		{"---\nid: x\ntitle: a: b\nfamily: routed\n---\n", "s.md:3:", `put it in quotes`},
		{"---\nid: x\ntitle: t\nfamily: bridged\n---\n", "s.md:4:", `family "bridged"`},
		{head + "server:\n  pasv_min_port: 0\n---\n", "s.md:6:", `"0" is not a port`},
		{head + "server:\n  pasv_min_port: 50000\n  pasv_max_port: 40000\n---\n", "s.md:1:", `above pasv_max_port`},
		{head + "server:\n  pasv_address: 2001:db8::1\n---\n", "s.md:6:", `not an IPv4 address`},
		{head + "server:\n  tls: maybe\n---\n", "s.md:6:", `want YES or NO`},
		{head + "server:\n  ftp_port: 21\n---\n", "s.md:6:", `unknown server setting "ftp_port"`},
		{head + "server: 1\n---\n", "s.md:5:", `server is a section`},
		{head + "  tls: YES\n---\n", "s.md:5:", `not inside a section`},
		{head + "server:\n\ttls: YES\n---\n", "s.md:6:", `not tabs`},
		{head + "client:\n  data_timeout: soon\n---\n", "s.md:6:", `want seconds`},
		{head + "hosts: [client, server]\n---\n", "s.md:5:", `needs a router`},
		{head + "hosts: [client, router, server, eve]\n---\n", "s.md:5:", `unknown host "eve"`},
		{"---\nid: x\ntitle: t\nfamily: dnat\nhosts: [client, router, server, attacker]\n---\n", "s.md:5:", `attacker needs the routed family`},
		{head + "addresses:\n  client: 10.9.9.9/24\n---\n", "s.md:6:", `client 10.9.9.9/24 is not on the router's network 192.168.1.0/24`},
		{head + "addresses:\n  server: 198.51.100.1/24\n---\n", "s.md:6:", `has the router's address`},
		{head + "---\n```nft\ntable inet t { }\n```\n", "s.md:6:", "```nft HOST"},
		{head + "---\n```nft mallory\n```\n", "s.md:6:", "client, router or server"},
		{head + "---\n```nft client\ntable inet t { }\n```\n```nft client\n```\n", "s.md:9:", "a second ruleset for client"},
		{head + "---\n```nft server\ntable inet t {\n  chain input {\n    meta mark 1 drop\n  }\n}\n", "s.md:6:", "not closed"},
		{head + "---\n```nft router\ntable inet t {\n  chain c {\n    iif \"eth0\" accept\n    iifname \"eth0\" accept\n    oif { \"lo\", \"lan\" } accept\n  }\n}\n```\n", "s.md:9:5:", `router has no interface "eth0"`},
		{head + "---\n\n```nft server\ntable inet t {\n  chain input {\n    meta mark 1 drop\n  }\n}\n```\n", "s.md:10:10:", `meta mark is not modelled by the lab`},
	}
	for i, tc := range tests {
		_, err := ParseScenario("s.md", []byte(tc.src))
		var pe LineErrors
		if !errors.As(err, &pe) {
			t.Errorf("#%d: got %v, want LineErrors", i, err)
			continue
		}
		found := false
		for _, e := range pe {
			found = found || strings.HasPrefix(e.Error(), tc.pos) && strings.Contains(e.Error(), tc.want)
		}
		if !found {
			t.Errorf("#%d: got\n%v\nwant %s...%s", i, err, tc.pos, tc.want)
		}
	}
}

// TestScenarioReadmeExample parses the example of the teachers' guide.
func TestScenarioReadmeExample(t *testing.T) {
	name := filepath.Join(scenarioDir, "README.md")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(src), "````markdown\n")
	example, _, ok2 := strings.Cut(rest, "````\n")
	if !ok || !ok2 {
		t.Fatalf("%s: no ````markdown example", name)
	}
	sf, err := ParseScenario(name, []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	if sf.Rulesets[HostRouter] == nil || sf.Scenario.ServerTarget.String() != "203.0.113.1:21" {
		t.Errorf("README example: got %+v", sf)
	}
}

// FuzzParseScenario: no panic on any file, and errors carry a line.
func FuzzParseScenario(f *testing.F) {
	f.Add(teacherScenario)
	for _, id := range []string{"a", "d", "i4", "steal"} {
		if b, err := os.ReadFile(filepath.Join(scenarioDir, id+".md")); err == nil {
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		_, err := ParseScenario("f.md", []byte(src))
		var pe LineErrors
		if err != nil && (!errors.As(err, &pe) || len(pe) == 0 || pe[0].Line < 1) {
			t.Fatalf("error without a line: %v", err)
		}
	})
}
