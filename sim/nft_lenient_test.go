package sim

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
)

// lenientSrc holds constructs outside the subset inside rules and
// around them.
const lenientSrc = `define LAN = 192.168.1.0/24
table inet filter {
  set blocked { type ipv4_addr; elements = { 203.0.113.9 } }
  chain input {
    type filter hook input priority filter; policy drop;
    ct state established,related accept
    fib daddr type local tcp dport 21 accept comment "ctrl"
    ip saddr @blocked counter drop
    tcp dport 22 limit rate 10/second accept
    log prefix "in: " counter
    meta mark set 0x1
  }
  chain mangle {
    type route hook output priority mangle; policy accept;
    meta mark set 0x2
  }
}
table netdev ingress { chain c { type filter hook ingress device "eth0" priority 0; } }
`

// TestLenientNotes: each construct is reported at its position, with the
// rule it is in and that rule's verdict; nothing is an error.
func TestLenientNotes(t *testing.T) {
	rs, notes, err := ParseRulesetLenient("x.nft", []byte(lenientSrc))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range notes {
		got = append(got, fmt.Sprintf("%d:%d rule %d %q [%s] -> %q", n.Line, n.Col, n.Rule, n.What, n.Text, n.Verdict))
	}
	want := []string{
		`1:1 rule 0 "the command \"define\"" [] -> ""`,
		`3:3 rule 0 "a named set" [] -> ""`,
		`7:5 rule 7 "the expression \"fib\"" [fib daddr type local] -> "accept"`,
		`8:14 rule 8 "the named set @blocked" [ip saddr @blocked] -> "drop"`,
		`9:18 rule 9 "the expression \"limit\"" [limit rate 10/second] -> "accept"`,
		`10:5 rule 10 "the expression \"log\"" [log prefix "in: "] -> ""`,
		`11:10 rule 11 "meta mark" [meta mark set 0x1] -> ""`,
		`14:10 rule 0 "the chain type \"route\"" [] -> ""`,
		`15:10 rule 15 "meta mark" [meta mark set 0x2] -> ""`,
		`18:7 rule 0 "the table family \"netdev\"" [] -> ""`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The strict parser refuses the same text, at the same places.
	if _, err := ParseRuleset("x.nft", []byte(lenientSrc)); err == nil || !strings.Contains(err.Error(), "x.nft:7:5:") {
		t.Errorf("ParseRuleset: %v", err)
	}
	if len(rs.Tables) != 1 || len(rs.Tables[0].Chains[0].Rules) != 6 {
		t.Fatalf("tables %d, rules %d", len(rs.Tables), len(rs.Tables[0].Chains[0].Rules))
	}
}

// TestLenientAssuming: a rule with an unmodelled part never matches in
// the lenient ruleset, and matches (its other matches still apply) when
// assumed to.
func TestLenientAssuming(t *testing.T) {
	rs, _, err := ParseRulesetLenient("x.nft", []byte(lenientSrc))
	if err != nil {
		t.Fatal(err)
	}
	syn := func(src, dst string) NftPacket {
		return NftPacket{Hook: Input, IIf: "eth0", Src: netip.MustParseAddrPort(src), Dst: netip.MustParseAddrPort(dst), Flags: FlagSYN, CT: CTNew}
	}
	ctrl := syn("192.168.1.10:40000", "198.51.100.20:21")
	ssh := syn("192.168.1.10:40000", "198.51.100.20:22")
	for _, tc := range []struct {
		rs   *Ruleset
		p    NftPacket
		want string
	}{
		{rs, ctrl, "drop policy drop"},
		{rs.Assuming(7), ctrl, "accept ctrl"},
		{rs.Assuming(7), ssh, "drop policy drop"}, // its tcp dport 21 still applies
		{rs.Assuming(9), ssh, "accept line 9"},
		{rs.Assuming(8), ctrl, "drop line 8"},
		{rs, ssh, "drop policy drop"},
	} {
		v := tc.rs.Eval(tc.p)
		if got := string(v.Verdict) + " " + v.RuleName(); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.p.Dst, got, tc.want)
		}
	}
}

// TestLenientOtherHelper: a helper object of another type is left out
// (and noted), and a rule assigning it reads as assigning no helper,
// where the strict parser refuses the object.
func TestLenientOtherHelper(t *testing.T) {
	src := "table inet voip {\n  ct helper sip-5060 { type \"sip\" protocol udp; }\n  chain pre {\n    type filter hook prerouting priority filter; policy accept;\n    tcp dport 21 ct helper set \"sip-5060\"\n  }\n}\n"
	rs, notes, err := ParseRulesetLenient("v.nft", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 || notes[0].Line != 2 || !strings.Contains(notes[0].What, `"sip"`) {
		t.Errorf("notes %v, want one: the sip helper at line 2", notes)
	}
	syn := NftPacket{Hook: Prerouting, Src: netip.MustParseAddrPort("10.0.0.1:40000"), Dst: netip.MustParseAddrPort("10.0.0.2:21"), Flags: FlagSYN, CT: CTNew}
	if o := rs.Eval(syn); o.Helper != nil {
		t.Errorf("the sip assignment gave the control connection the helper %v", o.Helper)
	}
	if _, err := ParseRuleset("v.nft", []byte(src)); err == nil || !strings.Contains(err.Error(), "v.nft:2:") {
		t.Errorf("ParseRuleset: %v, want an error at line 2", err)
	}
}
