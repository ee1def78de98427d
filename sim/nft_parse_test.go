package sim

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// chainOf wraps rules in one inet filter input chain of a table with a
// helper object, a counter object and a regular chain, sub.
func chainOf(rules string) string {
	return "table inet t {\n  ct helper ftp-std { type \"ftp\" protocol tcp; l3proto inet; }; counter c1 { }\n  chain input {\n    type filter hook input priority filter; policy accept;\n" +
		rules + "\n  }\n  chain sub {\n    accept\n  }\n}\n"
}

// subsetRules are one rule of each construct of the subset, in the forms
// nft -f takes and nft list ruleset prints.
var subsetRules = []string{
	`iifname "lan" accept`,
	`oifname != "lo" drop`,
	`iif "lo" accept`,
	`oif "wan" counter packets 12 bytes 3456 accept comment "x"`,
	`iifname { "lan", "dmz" } accept`,
	`ip saddr 192.168.1.0/24 accept`,
	`ip daddr 10.0.0.20 tcp dport 21 accept`,
	`ip saddr { 10.0.0.0/8, 172.16.0.0/12,
	   192.168.0.0/16 } drop`,
	`ip saddr 10.0.0.1-10.0.0.9 accept`,
	`ip6 saddr 2001:db8::/32 accept`,
	`tcp dport { 21, 40000-40009 } accept`,
	`tcp sport 1024-65535 tcp dport 21 counter accept comment "srv_in_ctrl_to21"`,
	`tcp dport ftp accept`,
	`tcp dport != 22 accept`,
	`tcp flags & (syn|ack) == syn counter accept`,
	`tcp flags & (fin | syn | rst | ack) == syn accept`,
	`tcp flags syn / syn,ack accept`,
	`tcp flags syn accept`,
	`tcp flags == syn accept`,
	`ct state established,related accept`,
	`ct state { established, related } accept`,
	`ct state vmap { established : accept, related : accept, invalid : drop }`,
	`ct state != new drop`,
	`ct status dnat ct state new counter accept`,
	`tcp dport 21 ct helper set "ftp-std" counter comment "assign"`,
	`counter name "c1" drop`,
	`meta l4proto tcp reject with tcp reset`,
	`meta l4proto { udp, ipv6-icmp } accept`,
	`ip protocol != udp accept`,
	`ip6 nexthdr tcp accept`,
	`reject with tcp reset`,
	`reject with icmpx type admin-prohibited`,
	`reject with icmp port-unreachable`,
	`jump sub`,
	`goto sub`,
	`return`,
	`tcp dport 21 accept # a trailing comment`,
	`tcp dport 21 \
	   accept`,
}

// TestParseRulesetAccepts parses every construct of the subset, in the
// forms nft -f takes and nft list ruleset prints.
func TestParseRulesetAccepts(t *testing.T) {
	for i, r := range subsetRules {
		src := chainOf(r)
		rs, err := ParseRuleset("t.nft", []byte(src))
		if err != nil {
			t.Errorf("#%d %q: %v", i, r, err)
			continue
		}
		if n := len(rs.Tables[0].Chains[0].Rules); n != 1 {
			t.Errorf("#%d %q: %d rules, want 1", i, r, n)
		}
	}
}

// TestParseRulesetForms parses whole files: flush ruleset, several tables,
// nat chains, add-style lines.
func TestParseRulesetForms(t *testing.T) {
	tests := []struct {
		name, src             string
		tables, chains, rules int
	}{
		{"add lines", "flush ruleset\nadd table inet f\nadd chain inet f input { type filter hook input priority 0; policy drop; }\nadd rule inet f input tcp dport 21 accept\ninsert rule inet f input iif \"lo\" accept\n", 1, 1, 2},
		{"default family", "table t {\n chain c { type filter hook forward priority filter + 10; }\n}\nadd rule t c drop\n", 1, 1, 1},
		{"nat", "table ip nat {\n chain pre {\n  type nat hook prerouting priority dstnat; policy accept;\n  iifname \"wan\" ip daddr 203.0.113.1 tcp dport 21 counter dnat to 10.0.0.20 comment \"d\"\n  tcp dport 2121 dnat ip to 10.0.0.20:21\n }\n chain post {\n  type nat hook postrouting priority srcnat; policy accept;\n  oifname \"wan\" ip saddr 10.0.0.0/24 masquerade\n  snat to 203.0.113.1\n }\n}\n", 1, 2, 4},
		{"flush drops earlier tables", "table inet a { chain c { type filter hook input priority 0; } }\nflush ruleset\ntable inet b { chain c { type filter hook input priority 0; } }\n", 1, 1, 0},
		{"table reopened", "table inet a { chain c { type filter hook input priority 0; } }\ntable inet a { chain d { drop; } }\n", 1, 2, 1},
		{"semicolons", "table inet a { chain c { type filter hook input priority -5; policy accept; tcp dport 21 accept; drop; } }", 1, 1, 2},
		{"list ruleset helper", "table inet a {\n\tct helper ftp-std {\n\t\ttype \"ftp\" protocol tcp\n\t\tl3proto inet\n\t}\n\tchain c {\n\t\ttype filter hook prerouting priority filter; policy accept;\n\t\ttcp dport 21 ct helper set \"ftp-std\" counter packets 0 bytes 0 comment \"h\"\n\t}\n}\n", 1, 1, 1},
		{"named counter", "table inet a {\n counter c1 {\n  packets 0 bytes 0\n }\n counter c2 { }\n chain c {\n  counter name \"c1\" drop\n  counter name c2 accept\n } }\n", 1, 1, 2},
		{"comments", "# a ruleset\ntable inet a { # the table\n comment \"mine\"\n chain c { # handle 3\n  type filter hook input priority 0\n  comment \"chain\"\n } }\n", 1, 1, 0},
	}
	for i, tc := range tests {
		rs, err := ParseRuleset("t.nft", []byte(tc.src))
		if err != nil {
			t.Errorf("#%d %s: %v", i, tc.name, err)
			continue
		}
		chains, rules := 0, 0
		for _, tb := range rs.Tables {
			chains += len(tb.Chains)
			for _, c := range tb.Chains {
				rules += len(c.Rules)
			}
		}
		if len(rs.Tables) != tc.tables || chains != tc.chains || rules != tc.rules {
			t.Errorf("#%d %s: got %d tables %d chains %d rules, want %d %d %d", i, tc.name, len(rs.Tables), chains, rules, tc.tables, tc.chains, tc.rules)
		}
	}
}

// TestParseRulesetRuleText keeps a rule's line, text and comment.
func TestParseRulesetRuleText(t *testing.T) {
	src := chainOf("    tcp dport 21   ct state new\tcounter \\\n accept comment \"srv_in_new_ctrl21\"")
	rs, err := ParseRuleset("t.nft", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	r := rs.Tables[0].Chains[0].Rules[0]
	want := `tcp dport 21 ct state new counter accept comment "srv_in_new_ctrl21"`
	if r.Line != 5 || r.Col != 5 || r.Text != want || r.Comment != "srv_in_new_ctrl21" {
		t.Errorf("got line %d col %d text %q comment %q, want 5 5 %q", r.Line, r.Col, r.Text, r.Comment, want)
	}
}

// TestParseRulesetRejects checks that everything outside the subset is an
// error at file:line:col naming the construct.
func TestParseRulesetRejects(t *testing.T) {
	tests := []struct {
		src, pos, want string
	}{
		{chainOf("meta nfproto ipv4 accept"), "t.nft:5:6", `meta nfproto is not modelled by the lab`},
		{chainOf("meta l4proto bogus accept"), "t.nft:5:14", `protocol "bogus"`},
		{chainOf("  udp dport 53 accept"), "t.nft:5:3", `"udp" is not modelled`},
		{chainOf("log prefix \"x\" drop"), "t.nft:5:1", `"log" is not modelled`},
		{chainOf("ip version 4 accept"), "t.nft:5:4", `ip version is not modelled`},
		{chainOf("tcp dport @ports accept"), "t.nft:5:11", `named set @ports is not modelled`},
		{chainOf("tcp dport $ftp accept"), "t.nft:5:11", `variable $ftp`},
		{chainOf("tcp dport > 1023 accept"), "t.nft:5:11", `comparison > is not modelled`},
		{chainOf("ct status snat accept"), "t.nft:5:11", `ct status snat (only dnat) is not modelled`},
		{chainOf("ct helper \"ftp\" accept"), "t.nft:5:11", `matching on ct helper`},
		{chainOf("ct mark 1 accept"), "t.nft:5:4", `ct mark is not modelled`},
		{chainOf("ct state bogus accept"), "t.nft:5:10", `ct state "bogus"`},
		{chainOf("tcp dport 70000 accept"), "t.nft:5:11", `bad port "70000"`},
		{chainOf("ip saddr 10.0.0.300 accept"), "t.nft:5:10", `bad address "10.0.0.300"`},
		{chainOf("ip saddr 2001:db8::1 accept"), "t.nft:5:10", `not an IPv4 address`},
		{chainOf("tcp flags & (syn|bogus) == syn accept"), "t.nft:5:18", `"bogus" is not a flag`},
		{chainOf("accept counter"), "t.nft:5:8", `after the rule's verdict`},
		{chainOf("jump nowhere"), "t.nft:5:1", `no chain nowhere`},
		{chainOf("jump input"), "t.nft:5:1", `base chain cannot be a jump target`},
		{chainOf("ct helper set \"ftp-x\""), "t.nft:5:1", `no ct helper object ftp-x`},
		{chainOf("masquerade"), "t.nft:5:1", `not a nat chain`},
		{chainOf("masquerade random"), "t.nft:5:12", `after the rule's verdict`},
		{chainOf("dnat to 10.0.0.1:40000-40009"), "t.nft:5:9", `no ranges`},
		{chainOf("tcp dport 21 limit rate 10/second accept"), "t.nft:5:14", `"limit" is not modelled`},
		{chainOf("comment nope"), "t.nft:5:9", `want a quoted comment`},
		{chainOf("reject with tcp bogus"), "t.nft:5:17", `want reset`},
		{chainOf("ip saddr { 10.0.0.1 10.0.0.2 } drop"), "t.nft:5:21", `want , or }`},
		{"table inet t {\n set allowed { type ipv4_addr; }\n}\n", "t.nft:2:2", `a named set is not modelled`},
		{"table netdev t { }\n", "t.nft:1:7", `table family "netdev" is not modelled`},
		{"table inet t { chain c { type route hook output priority 0; } }\n", "t.nft:1:31", `chain type "route" is not modelled`},
		{"table inet t { chain c { type filter hook ingress priority 0; } }\n", "t.nft:1:43", `hook "ingress" is not modelled`},
		{"table inet t { chain c { type filter hook input priority 0; policy reject; } }\n", "t.nft:1:68", `policy "reject"`},
		{"table inet t { chain c { type filter hook input priority bogus; } }\n", "t.nft:1:58", `bad priority "bogus"`},
		{"table inet t { chain c { policy drop; } }\n", "t.nft:1:22", `has a policy but no hook`},
		{"table inet t { chain c { jump d; } chain d { jump c; } chain b { type filter hook input priority 0; jump c; } }\n", "t.nft:1:", `form a loop`},
		{"table inet t { ct helper h { type \"sip\" protocol udp; } }\n", "t.nft:1:26", `ct helper type "sip"`},
		{"table inet t { ct helper h { type \"ftp\" protocol tcp; timeout 5; } }\n", "t.nft:1:55", `"timeout" in a ct helper object`},
		{"table inet t { chain c { } }\nadd rule inet t c\n", "t.nft:2:18", `an empty rule`},
		{"table inet t { chain c { } }\nadd rule inet t c comment \"x\"\n", "t.nft:2:19", `a rule with only a comment`},
		{chainOf("counter name \"c9\" drop"), "t.nft:5:1", `no counter object c9`},
		{"table inet t { counter c { quota 5 } }\n", "t.nft:1:28", `"quota" in a counter object`},
		{"define ftp = 21\n", "t.nft:1:1", `the command "define" is not modelled`},
		{"include \"x.nft\"\n", "t.nft:1:1", `the command "include"`},
		{"flush table inet t\n", "t.nft:1:7", `flush of anything but the whole ruleset`},
		{"add rule inet nope c accept\n", "t.nft:1:15", `no table inet nope`},
		{"table inet t {\n chain c {\n  accept\n", "t.nft:4:1", `chain c not closed`},
		{"table inet t { chain c { comment \"x } }\n", "t.nft:1:34", `string not closed`},
		{"table inet t { chain c { tcp dport 21 ? } }\n", "t.nft:1:39", `unexpected character '?'`},
		{"table inet t { chain c { tcp dport = 21 } }\n", "t.nft:1:36", `"=" is not an operator`},
		{"table inet t { chain c { type filter hook input priority 0; } chain d { } }\nadd rule inet t c jump d\nadd rule inet t c tcp dport 21 drop; udp dport 53 drop\n", "t.nft:3:38", `"udp" is not modelled`},
	}
	for i, tc := range tests {
		_, err := ParseRuleset("t.nft", []byte(tc.src))
		var pe LineErrors
		if !errors.As(err, &pe) || len(pe) == 0 {
			t.Errorf("#%d: got %v, want a LineErrors", i, err)
			continue
		}
		found := false
		for _, e := range pe {
			found = found || strings.HasPrefix(e.Error(), tc.pos) && strings.Contains(e.Error(), tc.want)
		}
		if !found {
			t.Errorf("#%d: got %q, want %s...%s", i, pe.Error(), tc.pos, tc.want)
		}
	}
}

// TestParseRulesetReportsEveryError goes on after an error: each rule
// outside the subset is reported, on its own line.
func TestParseRulesetReportsEveryError(t *testing.T) {
	src := chainOf("meta mark 1 accept\n    tcp dport 21 accept\n    udp dport 53 drop\n    log drop")
	_, err := ParseRuleset("t.nft", []byte(src))
	var pe LineErrors
	if !errors.As(err, &pe) || len(pe) != 3 || pe[0].Line != 5 || pe[1].Line != 7 || pe[2].Line != 8 {
		t.Fatalf("got %v, want 3 errors on lines 5, 7 and 8", err)
	}
}

// TestIfaceRefs: every interface name a rule matches, with its position.
func TestIfaceRefs(t *testing.T) {
	src := "table inet f {\n  chain fwd {\n    type filter hook forward priority 0; policy drop;\n    iifname { \"eth1\", \"lan\" } oifname \"eth0\" accept\n    iif \"lo\" accept\n  }\n}\n"
	rs, err := ParseRuleset("x.nft", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(rs.IfaceRefs())
	if want := "[{eth1 4 5 false} {lan 4 5 false} {eth0 4 31 false} {lo 5 5 true}]"; got != want {
		t.Errorf("IfaceRefs: %s, want %s", got, want)
	}
}
