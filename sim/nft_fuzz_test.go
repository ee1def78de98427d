package sim

import (
	"errors"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"
)

// nftSeeds are rulesets in the styles the lab reads.
var nftSeeds = []string{
	chainOf(`tcp sport 1024-65535 tcp dport 21 counter accept comment "srv_in_ctrl_to21"`),
	chainOf(`ct state vmap { established : accept, related : accept, invalid : drop }` + "\n" + `tcp flags & (syn|ack) == syn jump sub`),
	chainOf(`tcp dport 21 ct helper set "ftp-std" counter comment "h"` + "\n" + `ip saddr { 10.0.0.0/8, 192.168.1.1 } iifname != "lo" drop`),
	"flush ruleset\ntable ip nat {\n chain pre {\n  type nat hook prerouting priority dstnat; policy accept;\n  iifname \"wan\" ip daddr 203.0.113.1 tcp dport 21 counter dnat to 10.0.0.20 comment \"d\"\n }\n chain post {\n  type nat hook postrouting priority srcnat; policy accept;\n  oifname \"wan\" ip saddr 10.0.0.0/24 counter masquerade\n }\n}\n",
	"add table inet f\nadd chain inet f input { type filter hook input priority 0; policy drop; }\nadd rule inet f input tcp dport { 21, 40000-40009 } ct state new accept\n",
}

// checkParse asserts what must hold for any input: no panic, errors with
// positions inside the text, and a parsed ruleset that evaluates.
func checkParse(t *testing.T, src string) {
	t.Helper()
	rs, err := ParseRuleset("f.nft", []byte(src))
	checkLenient(t, src, err == nil)
	if err != nil {
		var pe LineErrors
		if !errors.As(err, &pe) || len(pe) == 0 {
			t.Fatalf("error %v (%T) is not a LineErrors", err, err)
		}
		lines := strings.Count(src, "\n") + 1
		for _, e := range pe {
			if e.File != "f.nft" || e.Line < 1 || e.Line > lines || e.Col < 0 || !strings.HasPrefix(e.Error(), "f.nft:") {
				t.Fatalf("error without a position in the text (%d lines): %q", lines, e.Error())
			}
		}
		return
	}
	for _, h := range []Hook{Prerouting, Input, Forward, Output, Postrouting} {
		for _, ct := range []CTState{CTNew, CTEstablished, CTRelated, CTUntracked} {
			rs.Eval(NftPacket{Hook: h, IIf: "wan", OIf: "lan", Src: netip.MustParseAddrPort("10.0.0.1:40000"),
				Dst: netip.MustParseAddrPort("203.0.113.1:21"), Flags: FlagSYN, CT: ct})
		}
	}
}

// FuzzParseRuleset mutates rulesets: no panic, and every error has a
// position (go test -fuzz FuzzParseRuleset -fuzztime 60s ./sim).
func FuzzParseRuleset(f *testing.F) {
	for _, s := range nftSeeds {
		f.Add(s)
	}
	f.Fuzz(checkParse)
}

// nftVocabulary is what random rulesets are made of.
var nftVocabulary = strings.Fields(`table inet ip ip6 t chain c sub input forward output prerouting postrouting
	type filter nat hook priority policy accept drop reject return jump goto { } { } ; ; ( ) , | & == != / "x" "ftp"
	iifname oifname iif oif saddr daddr tcp dport sport flags syn ack ct state status helper set vmap :
	established related new invalid dnat counter packets bytes 1 comment masquerade snat to 10.0.0.1 10.0.0.0/8
	21 1024-65535 add rule flush ruleset meta udp @s $v with reset -5 srcnat fib limit rate log prefix mark = define`)

// TestParseRandomRulesets feeds the parser random token soups and
// structured rulesets with random rules, with the fuzz test's checks.
func TestParseRandomRulesets(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		var b strings.Builder
		for range r.IntN(60) {
			b.WriteString(nftVocabulary[r.IntN(len(nftVocabulary))])
			if r.IntN(8) == 0 {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		checkParse(t, b.String())
		var rule strings.Builder
		for range 1 + r.IntN(8) {
			rule.WriteString(nftVocabulary[r.IntN(len(nftVocabulary))] + " ")
		}
		checkParse(t, chainOf(rule.String()))
	}
}

// checkLenient asserts what must hold of ParseRulesetLenient for any
// input: no panic; where the strict parser accepts, no notes; notes and
// errors inside the text; every assumption evaluates.
func checkLenient(t *testing.T, src string, strictOK bool) {
	t.Helper()
	rs, notes, err := ParseRulesetLenient("f.nft", []byte(src))
	lines := strings.Count(src, "\n") + 1
	if err != nil {
		if strictOK {
			t.Fatalf("strict parse accepts, lenient fails: %v\n%s", err, src)
		}
		var pe LineErrors
		if !errors.As(err, &pe) || len(pe) == 0 || pe[0].Line < 1 || pe[0].Line > lines {
			t.Fatalf("lenient error without a position: %v", err)
		}
		return
	}
	if strictOK && len(notes) > 0 {
		t.Fatalf("strict parse accepts, lenient notes %v\n%s", notes, src)
	}
	var at []int
	for _, n := range notes {
		if n.Line < 1 || n.Line > lines || n.Col < 1 || n.What == "" {
			t.Fatalf("note without a position or a name: %+v\n%s", n, src)
		}
		at = append(at, n.Rule)
	}
	for _, x := range []*Ruleset{rs, rs.Assuming(at...)} {
		x.Eval(NftPacket{Hook: Input, IIf: "wan", Src: netip.MustParseAddrPort("10.0.0.1:40000"), Dst: netip.MustParseAddrPort("203.0.113.1:21"), Flags: FlagSYN, CT: CTNew})
	}
}
