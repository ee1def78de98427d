package sim

import (
	"strings"
	"testing"
)

// TestSetsHelper: whether a ruleset sets the FTP helper up is read from
// its parsed rules: "ftp" in a comment, a chain's or a table's name sets
// nothing up; an assignment reached through a jump, or for a set of
// ports holding 21, does; one the control connection's SYN never reaches
// (another port, protocol or state, another hook) does not.
func TestSetsHelper(t *testing.T) {
	const obj = "  ct helper ftp-std { type \"ftp\" protocol tcp; l3proto inet; }\n"
	chain := func(name, hook, rules string) string {
		head := ""
		if hook != "" {
			head = "    type filter hook " + hook + " priority filter; policy accept;\n"
		}
		return "  chain " + name + " {\n" + head + "    " + rules + "\n  }\n"
	}
	table := func(parts ...string) string { return "table inet ftp {\n" + strings.Join(parts, "") + "}\n" }
	for i, tc := range []struct {
		text    string
		lenient bool
		want    string // the hosts it sets the helper up for, in client router server order
	}{
		{table(chain("ftp_helper", "prerouting", `tcp dport 21 accept comment "ct helper set ftp-std"`)), false, ""},
		{table(obj, chain("ftp_input", "input", `tcp dport 21 accept comment "ftp"`)), false, ""},
		{table(obj, chain("pre", "prerouting", `tcp dport 21 ct helper set "ftp-std"`)), false, "router server"},
		{table(obj, chain("in", "input", `tcp dport 21 ct helper set "ftp-std"`)), false, "server"},
		{table(obj, chain("out", "output", `tcp dport 21 ct helper set "ftp-std"`)), false, "client"},
		{table(obj, chain("fwd", "forward", `meta l4proto tcp tcp dport ftp ct helper set "ftp-std" counter`)), false, "router"},
		{table(obj, chain("in", "input", `tcp dport { 990, 21 } ct helper set "ftp-std"`)), false, "server"},
		{table(obj, chain("in", "input", `tcp flags & (syn|ack) == syn ct state new ct helper set "ftp-std"`)), false, "server"},
		{table(obj, chain("in", "input", "jump zone"), chain("zone", "", "goto allow"), chain("allow", "", `tcp dport 21 ct helper set "ftp-std"`)), false, "server"},
		{table(obj, chain("in", "input", `tcp dport 2121 ct helper set "ftp-std"`)), false, ""},
		{table(obj, chain("in", "input", `tcp dport != 21 ct helper set "ftp-std"`)), false, ""},
		{table(obj, chain("in", "input", `meta l4proto udp ct helper set "ftp-std"`)), false, ""},
		{table(obj, chain("in", "input", `ct state established tcp dport 21 ct helper set "ftp-std"`)), false, ""},
		{table(obj, chain("in", "input", `tcp flags ack ct helper set "ftp-std"`)), false, ""},
		{table(obj, chain("out", "output", `tcp sport 21 ct helper set "ftp-std"`)), false, "client"},
		{table(obj, chain("unused", "", `tcp dport 21 ct helper set "ftp-std"`)), false, ""},
		{table("  ct helper sip-5060 { type \"sip\" protocol udp; }\n", chain("pre", "prerouting", `ct helper set "sip-5060"`)), true, ""},
	} {
		parse := func(text string) (*Ruleset, error) { return ParseRuleset("t.nft", []byte(text)) }
		if tc.lenient {
			parse = func(text string) (*Ruleset, error) {
				rs, _, err := ParseRulesetLenient("t.nft", []byte(text))
				return rs, err
			}
		}
		rs, err := parse(tc.text)
		if err != nil {
			t.Fatalf("#%d: %v\n%s", i, err, tc.text)
		}
		var got []string
		for _, h := range []string{HostClient, HostRouter, HostServer} {
			if rs.SetsHelper(h) {
				got = append(got, h)
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("#%d: sets the helper up for %q, want %q\n%s", i, got, tc.want, tc.text)
		}
	}
	var none *Ruleset
	if none.SetsHelper(HostServer) || len(none.HelperAssigns()) != 0 {
		t.Errorf("a nil ruleset sets no helper up")
	}
}

// TestHelperAssigns: each assignment, with the object it names and the
// hooks reaching it.
func TestHelperAssigns(t *testing.T) {
	text := "table inet t {\n  ct helper ftp-std { type \"ftp\" protocol tcp; }\n" +
		"  chain pre {\n    type filter hook prerouting priority filter;\n    jump both\n  }\n" +
		"  chain in {\n    type filter hook input priority filter;\n    ct state vmap { new : jump both }\n  }\n" +
		"  chain both {\n    tcp dport 2121 ct helper set \"ftp-std\"\n  }\n}\n"
	rs, err := ParseRuleset("t.nft", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	as := rs.HelperAssigns()
	if len(as) != 1 {
		t.Fatalf("%d assignments, want 1", len(as))
	}
	a := as[0]
	if a.Rule.Line != 12 || a.Helper == nil || a.Helper.Name != "ftp-std" || a.Control {
		t.Errorf("got line %d, helper %v, control %v; want line 12, ftp-std, not control (port 2121)", a.Rule.Line, a.Helper, a.Control)
	}
	if got := strings.Join([]string{string(a.Hooks[0]), string(a.Hooks[len(a.Hooks)-1])}, " "); len(a.Hooks) != 2 || got != "prerouting input" {
		t.Errorf("hooks %v, want [prerouting input]", a.Hooks)
	}
}

// TestAcceptsRelated: a rule accepts related connections when its ct
// state match or verdict map lets the state through to accept; the word
// in a comment, a drop, or a state set without related does not.
func TestAcceptsRelated(t *testing.T) {
	for i, tc := range []struct {
		rule string
		want bool
	}{
		{"ct state established,related accept", true},
		{"ct state { related } counter accept", true},
		{"ct state != new accept", true},
		{"ct state vmap { established : accept, related : accept }", true},
		{"tcp dport 40000-40009 ct state related accept", true},
		{`ct state established accept comment "related"`, false},
		{"ct state related drop", false},
		{"ct state != related accept", false},
		{"ct state vmap { related : drop, established : accept }", false},
		{"ct state vmap { established : accept }", false},
		{"tcp dport 21 accept", false},
	} {
		rs, err := ParseRuleset("t.nft", []byte(chainOf(tc.rule)))
		if err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		if got := rs.AcceptsRelated(); got != tc.want {
			t.Errorf("#%d %s: accepts related %v, want %v", i, tc.rule, got, tc.want)
		}
	}
	var none *Ruleset
	if none.AcceptsRelated() {
		t.Error("a nil ruleset accepts nothing")
	}
}
