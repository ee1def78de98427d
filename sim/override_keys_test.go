package sim

import (
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestOverrideSettings: every settings key (and a scenario file's own
// section name for it) sets what the scenario file's line would.
func TestOverrideSettings(t *testing.T) {
	base, err := shipped.Lookup("e")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		key, value string
		ok         func(Scenario) bool
	}{
		{"pasv_address", "198.51.100.1", func(s Scenario) bool { return s.PasvAddress == netip.MustParseAddr("198.51.100.1") }},
		{"pasv_min_port", "30000", func(s Scenario) bool { return s.PasvMin == 30000 && s.PasvMax == 40009 }},
		{"pasv_max_port", "40001", func(s Scenario) bool { return s.PasvMax == 40001 && s.PasvMin == 40000 }},
		{"server.pasv_max_port", "40002", func(s Scenario) bool { return s.PasvMax == 40002 }},
		{"connect_from_port_20", "NO", func(s Scenario) bool { return !s.ActiveFromPort20 }},
		{"port_promiscuous", "YES", func(s Scenario) bool { return s.PortPromiscuous }},
		{"tls", "yes", func(s Scenario) bool { return s.TLS }},
		{"server.tls", "YES", func(s Scenario) bool { return s.TLS }},
		{"data_timeout", "7s", func(s Scenario) bool { return s.ServerDataTimeoutMs == 7000 && s.ClientDataTimeoutMs == 3000 }},
		{"client_data_timeout", "9", func(s Scenario) bool { return s.ClientDataTimeoutMs == 9000 && s.ServerDataTimeoutMs == 3000 }},
		{"client.data_timeout", "1s", func(s Scenario) bool { return s.ClientDataTimeoutMs == 1000 }},
	} {
		got, err := base.Override(tc.key, tc.value)
		if err != nil || !tc.ok(got) {
			t.Errorf("%s=%s: %v (pasv %s %d-%d timeouts %d/%d)", tc.key, tc.value, err, got.PasvAddress, got.PasvMin, got.PasvMax, got.ServerDataTimeoutMs, got.ClientDataTimeoutMs)
		}
		if err := CheckOverride(tc.key, tc.value); err != nil {
			t.Errorf("CheckOverride(%s, %s): %v", tc.key, tc.value, err)
		}
	}
	if base.PasvMin != 40000 || base.TLS || base.ServerDataTimeoutMs != 3000 {
		t.Error("Override changed the scenario it was called on")
	}
}

// TestOverrideErrors: an error names the key and the value, and an
// unknown key lists the valid ones.
func TestOverrideErrors(t *testing.T) {
	e, _ := shipped.Lookup("e")
	a, _ := shipped.Lookup("a")
	for _, tc := range []struct {
		sc   Scenario
		over map[string]string
		want []string
	}{
		{e, map[string]string{"colour": "red"}, []string{`"colour"`, "pasv_min_port", "router_policy", "helper"}},
		{e, map[string]string{"addresses.client": "10.0.0.1/24"}, []string{"topology", "scenario file"}},
		{e, map[string]string{"pasv_min_port": "0"}, []string{"pasv_min_port", `"0"`}},
		{e, map[string]string{"pasv_min_port": "50000"}, []string{"pasv_min_port 50000 is above pasv_max_port 40009"}},
		{e, map[string]string{"data_timeout": "soon"}, []string{"data_timeout", `"soon"`}},
		{e, map[string]string{"port_promiscuous": "maybe"}, []string{"port_promiscuous", `"maybe"`, "YES or NO"}},
		{e, map[string]string{"router_policy": "accept"}, []string{`router_policy: "accept": want drop or reject`}},
		{e, map[string]string{"router_policy": "reject"}, []string{"router_policy", "router has no ruleset"}},
		{e, map[string]string{"helper": "sometimes"}, []string{"helper", `"sometimes"`, "on or off"}},
		{a, map[string]string{"helper": "on"}, []string{"helper", "no ruleset"}},
	} {
		_, err := tc.sc.Overridden(tc.over)
		if err == nil {
			t.Errorf("%s %v: accepted", tc.sc.ID, tc.over)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s %v: %v, want it to say %s", tc.sc.ID, tc.over, err, w)
			}
		}
	}
	// Both ends of a range move together whatever the map's order.
	got, err := e.Overridden(map[string]string{"pasv_min_port": "50000", "pasv_max_port": "50009"})
	if err != nil || got.PasvMin != 50000 || got.PasvMax != 50009 {
		t.Errorf("range 50000-50009: %d-%d, %v", got.PasvMin, got.PasvMax, err)
	}
}

// ruleAt returns the rule written at file line n of host's ruleset.
func ruleAt(t *testing.T, sc Scenario, host string, n int) *NftRule {
	t.Helper()
	fw, ok := sc.Firewall(host)
	if !ok {
		t.Fatalf("%s: no %s ruleset", sc.ID, host)
	}
	for _, tb := range fw.Ruleset.Tables {
		for _, c := range tb.Chains {
			for _, r := range c.Rules {
				if r.Line == n {
					return r
				}
			}
		}
	}
	t.Fatalf("%s: no rule at line %d of %s's ruleset:\n%s", sc.ID, n, host, fw.Text)
	return nil
}

// lineOf is the file line of the first rule of host's ruleset whose text
// holds s.
func lineOf(t *testing.T, sc Scenario, host, s string) int {
	t.Helper()
	fw, _ := sc.Firewall(host)
	for i, l := range strings.Split(fw.Text, "\n") {
		if strings.Contains(l, s) {
			return fw.Line + i
		}
	}
	t.Fatalf("%s: %q not in the %s ruleset", sc.ID, s, host)
	return 0
}

// TestOverrideRouterPolicy: reject turns the forward chain's catch-all
// drop into a reject on the same line; a policy drop without one gets a
// reject rule after the ruleset; drop turns a catch-all reject back.
func TestOverrideRouterPolicy(t *testing.T) {
	h1, _ := shipped.Lookup("h1")
	n := lineOf(t, h1, HostRouter, "rtr_fwd_unsolicited_DROP")
	rej, err := h1.Override("router_policy", "REJECT")
	if err != nil {
		t.Fatal(err)
	}
	if got := ruleAt(t, rej, HostRouter, n).Text; got != `counter reject comment "rtr_fwd_unsolicited_DROP"` {
		t.Errorf("h1 router_policy=reject: line %d is %q", n, got)
	}
	back, err := rej.Override("router_policy", "drop")
	if err != nil || ruleAt(t, back, HostRouter, n).Text != `counter drop comment "rtr_fwd_unsolicited_DROP"` {
		t.Errorf("back to drop: %v %q", err, ruleAt(t, back, HostRouter, n).Text)
	}

	src := strings.Replace(strings.Replace(scenarioFileH1(t), "policy accept;\n    ct state established", "policy drop;\n    ct state established", 1),
		"    counter drop comment \"rtr_fwd_unsolicited_DROP\"\n", "\n", 1)
	sf, err := ParseScenario("p.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	pol, err := sf.Scenario.Override("router_policy", "reject")
	if err != nil {
		t.Fatal(err)
	}
	fw, _ := pol.Firewall(HostRouter)
	last := strings.Split(strings.TrimSpace(fw.Text), "\n")
	if got := last[len(last)-1]; got != `add rule inet ftpo_fw forward reject comment "router_policy reject"` {
		t.Errorf("policy drop + reject: last line %q", got)
	}
	for _, s := range []Scenario{rej, pol} {
		v := routerVerdict(s, "198.51.100.20:20", "192.168.1.10:40000")
		if v.Verdict != Reject {
			t.Errorf("%s: an unsolicited SYN from the server: %s, want reject", s.ID, v.Verdict)
		}
	}
	if v := routerVerdict(sf.Scenario, "198.51.100.20:20", "192.168.1.10:40000"); v.Verdict != Drop {
		t.Errorf("without the override: %s, want drop", v.Verdict)
	}
}

// routerVerdict evaluates the router's ruleset on a new SYN from src to
// dst arriving on wan.
func routerVerdict(sc Scenario, src, dst string) NftVerdict {
	fw, _ := sc.Firewall(HostRouter)
	return fw.Ruleset.Eval(NftPacket{Hook: Forward, IIf: "wan", OIf: "lan", Src: netip.MustParseAddrPort(src), Dst: netip.MustParseAddrPort(dst),
		Flags: FlagSYN, CT: CTNew, NATBound: true})
}

func scenarioFileH1(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(scenarioDir, "h1.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestOverrideHelper: off takes every assignment and object out, on the
// lines they were; on adds the helper table after a ruleset that assigns
// none. Every other rule keeps its line.
func TestOverrideHelper(t *testing.T) {
	for _, tc := range []struct {
		id, value, host string
		assigns         bool
	}{
		{"f", "off", HostServer, false},
		{"d", "off", HostClient, false},
		{"h2", "off", HostRouter, false},
		{"e", "on", HostServer, true},
		{"c", "on", HostClient, true},
		{"h1", "on", HostRouter, true},
		{"f", "on", HostServer, true},
	} {
		sc, _ := shipped.Lookup(tc.id)
		got, err := sc.Override("helper", tc.value)
		if err != nil {
			t.Errorf("%s helper=%s: %v", tc.id, tc.value, err)
			continue
		}
		before, _ := sc.Firewall(tc.host)
		after, _ := got.Firewall(tc.host)
		if a := assigns(after.Ruleset); a != tc.assigns {
			t.Errorf("%s helper=%s: assigns a helper %v, want %v\n%s", tc.id, tc.value, a, tc.assigns, after.Text)
		}
		if n := len(strings.Split(before.Text, "\n")); tc.value == "off" && len(strings.Split(after.Text, "\n")) != n {
			t.Errorf("%s helper=off: the text changed its number of lines\n%s", tc.id, after.Text)
		}
		if tc.value == "on" && !assigns(before.Ruleset) && !strings.Contains(after.Text, "table inet "+HelperTable) {
			t.Errorf("%s helper=on: no %s table\n%s", tc.id, HelperTable, after.Text)
		}
		n := lineOf(t, sc, tc.host, "ct state established")
		if ruleAt(t, got, tc.host, n).Text != ruleAt(t, sc, tc.host, n).Text {
			t.Errorf("%s helper=%s: line %d moved", tc.id, tc.value, n)
		}
	}
}

// assigns reports whether rs assigns a helper that exists.
func assigns(rs *Ruleset) bool {
	for _, t := range rs.Tables {
		for _, c := range t.Chains {
			for _, r := range c.Rules {
				for _, s := range r.stmts {
					if h, ok := s.(setHelper); ok && t.helper(h.name) != nil {
						return true
					}
				}
			}
		}
	}
	return false
}

// TestEditsRulesets: over every setting, EditsRulesets says whether
// applying it changes a ruleset's text (a value that changes something,
// on a scenario where it does), in each spelling Override takes.
func TestEditsRulesets(t *testing.T) {
	settings := map[string]struct {
		id, value string
		edits     bool
	}{
		"pasv_address":         {"h1", "198.51.100.1", false},
		"pasv_min_port":        {"h1", "40001", false},
		"pasv_max_port":        {"h1", "40008", false},
		"connect_from_port_20": {"h1", "NO", false},
		"port_promiscuous":     {"h1", "YES", false},
		"tls":                  {"h1", "YES", false},
		"data_timeout":         {"h1", "7", false},
		"client_data_timeout":  {"h1", "9", false},
		"router_policy":        {"h1", "reject", true},
		"helper":               {"h1", "on", true},
	}
	for _, key := range OverrideKeys {
		tc, ok := settings[key]
		if !ok {
			t.Errorf("setting %s: not in this table (add it)", key)
			continue
		}
		sc, err := shipped.Lookup(tc.id)
		if err != nil {
			t.Fatal(err)
		}
		got, err := sc.Override(key, tc.value)
		if err != nil {
			t.Fatalf("%s=%s on %s: %v", key, tc.value, tc.id, err)
		}
		changed := false
		for i, fw := range got.Firewalls {
			changed = changed || fw.Text != sc.Firewalls[i].Text
		}
		if changed != tc.edits {
			t.Errorf("%s=%s on %s: the rulesets changed %v, want %v", key, tc.value, tc.id, changed, tc.edits)
		}
		for _, spelling := range []string{key, " " + key + " ", "server." + key} {
			if EditsRulesets(spelling) != tc.edits {
				t.Errorf("EditsRulesets(%q) = %v, want %v", spelling, !tc.edits, tc.edits)
			}
		}
	}
	for _, k := range []string{"colour", "", "addresses.client", "client.helper"} {
		if EditsRulesets(k) {
			t.Errorf("EditsRulesets(%q): an unknown key edits nothing", k)
		}
	}
	if len(settings) != len(OverrideKeys) {
		t.Errorf("%d settings in the table, %d keys", len(settings), len(OverrideKeys))
	}
}

// TestOverrideHelperOnReadsRules: helper on leaves a ruleset that sets
// the helper up for its host's control connections as it is, and adds
// the helper table to one whose assignment never sees them (another
// port, another hook), however much its text says "ct helper set".
func TestOverrideHelperOnReadsRules(t *testing.T) {
	f, err := shipped.Lookup("f")
	if err != nil {
		t.Fatal(err)
	}
	fw, _ := f.Firewall(HostServer)
	for _, tc := range []struct {
		from, to string
		adds     bool
	}{
		{"", "", false},
		{`tcp dport 21 ct helper set`, `tcp dport 2121 ct helper set`, true},
		{`type filter hook prerouting`, `type filter hook output`, true},
	} {
		text := strings.Replace(fw.Text, tc.from, tc.to, 1)
		if tc.from != "" && text == fw.Text {
			t.Fatalf("%q is not in f's server ruleset", tc.from)
		}
		sc := f
		sc.Firewalls = slices.Clone(f.Firewalls)
		for i := range sc.Firewalls {
			if sc.Firewalls[i].Host == HostServer {
				if sc.Firewalls[i], err = fw.withText(text); err != nil {
					t.Fatal(err)
				}
			}
		}
		got, err := sc.Override("helper", "on")
		if err != nil {
			t.Fatal(err)
		}
		after, _ := got.Firewall(HostServer)
		if adds := strings.Contains(after.Text, "table inet "+HelperTable); adds != tc.adds || !after.Ruleset.SetsHelper(HostServer) {
			t.Errorf("%q -> %q: helper on adds the table %v (want %v), sets the helper up %v\n%s", tc.from, tc.to, adds, tc.adds, after.Ruleset.SetsHelper(HostServer), after.Text)
		}
	}
}
