package rulesetcheck

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ftplab/assets"
	"ftplab/realnet/lab/labrun"
	"ftplab/sim"
)

func shipped(t *testing.T) *sim.Catalogue {
	t.Helper()
	c, err := sim.NewCatalogue(assets.ScenarioFS())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func outcomes(rs []Result) string {
	var s []string
	for _, r := range rs {
		s = append(s, r.Outcome)
	}
	return strings.Join(s, " ")
}

// TestRealWorldRulesets checks rulesets written the way admins write them
// (testdata): each mode's outcome, the line that stopped passive or
// active mode, the reason for the fix, and that the fixed ruleset lets
// every mode through.
func TestRealWorldRulesets(t *testing.T) {
	cat := shipped(t)
	for _, tc := range []struct {
		file, on string
		want     string // PORT EPRT PASV EPSV PASV_CTLIP
		failLine int    // the line that stopped the first failing mode (0: a policy or no rule)
		why      string
		not      string // what the fix must not say ("": anything goes)
	}{
		{"firewalld-server.nft", "server", "ok ok unreachable unreachable unreachable", 9, "no FTP helper", ""},
		{"inet-filter-client.nft", "client", "425 425 ok ok ok", 0, "on the output hook", ""},
		{"masquerade-router.nft", "router", "500 500 ok ok ok", 0, "no FTP helper", ""},
		{"helper-unassigned-server.nft", "server", "ok ok timeout timeout timeout", 0, "defined but never assigned", ""},
		{"helper-wrong-hook-server.nft", "server", "ok ok timeout timeout timeout", 0, "assigned at line 8 (output)", ""},
		{"no-related-server.nft", "server", "ok ok timeout timeout timeout", 14, "no rule accepts related", ""},
		// "related" in comments accepts nothing.
		{"related-in-comment-server.nft", "server", "ok ok timeout timeout timeout", 13, "no rule accepts related", ""},
		// "ftp" and "ct helper set" in names and comments set nothing up.
		{"ftp-in-comments-server.nft", "server", "ok ok timeout timeout timeout", 0, "no FTP helper", ""},
		// A helper assigned in a chain that the input chain jumps to, for
		// a set of ports holding 21, is assigned.
		{"helper-in-zone-chain-server.nft", "server", "ok ok unreachable unreachable unreachable", 11, "no rule accepts related", "assigned at"},
	} {
		name := filepath.Join("testdata", tc.file)
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Check(context.Background(), cat, name, src, Options{On: tc.on})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := outcomes(rep.Results); got != tc.want {
			t.Errorf("%s: outcomes %s, want %s", name, got, tc.want)
		}
		i := slices.IndexFunc(rep.Results, func(r Result) bool { return r.Outcome != "ok" })
		if i >= 0 && rep.Results[i].Line != tc.failLine {
			t.Errorf("%s: %s stopped at line %d, want %d", name, rep.Results[i].Mode, rep.Results[i].Line, tc.failLine)
		}
		if rep.Fix == nil {
			t.Fatalf("%s: no fix", name)
		}
		if !strings.Contains(strings.Join(rep.Fix.Why, "\n"), tc.why) {
			t.Errorf("%s: fix %q, want it to say %q", name, rep.Fix.Why, tc.why)
		}
		if tc.not != "" && strings.Contains(strings.Join(rep.Fix.Why, "\n"), tc.not) {
			t.Errorf("%s: fix %q, want it not to say %q", name, rep.Fix.Why, tc.not)
		}
		if got := outcomes(rep.Fix.After); got != "ok ok ok ok ok" {
			t.Errorf("%s: with the fix %s, want every mode ok\n%s", name, got, rep.Fix.Diff)
		}
	}
}

// TestShippedRulesetsOnTheirHosts places each single-firewall shipped
// scenario's ruleset on its host with the scenario's server settings: the
// check's outcomes are the scenario's own in the lab.
func TestShippedRulesetsOnTheirHosts(t *testing.T) {
	cat := shipped(t)
	n := 0
	for _, sc := range cat.All() {
		if len(sc.Firewalls) != 1 || sc.TLS || !sc.ActiveFromPort20 || sc.PortPromiscuous || sc.AttackerHost != "" {
			continue
		}
		fw := sc.Firewalls[0]
		rep, err := Check(context.Background(), cat, fw.File, []byte(fw.Text), Options{On: fw.Host, PasvAddress: sc.PasvAddress})
		if err != nil {
			t.Fatalf("%s: %v", sc.ID, err)
		}
		var want []string
		for _, m := range sim.Modes() {
			res, _, err := labrun.Exec(context.Background(), labrun.Options{Scenario: sc, Mode: m, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, res.Outcome)
		}
		if got := outcomes(rep.Results); got != strings.Join(want, " ") {
			t.Errorf("%s's %s ruleset: check says %s, the scenario %s", sc.ID, fw.Host, got, strings.Join(want, " "))
		}
		n++
	}
	if n < 8 {
		t.Errorf("only %d scenarios checked", n)
	}
}

// TestOutsideTheSubset: a rule the lab does not model is reported at its
// file:line:col, and every mode it could change says so; a syntax error
// is still an error at its position, before anything runs.
func TestOutsideTheSubset(t *testing.T) {
	src := "table inet f {\n  chain input {\n    type filter hook input priority 0; policy drop;\n    tcp dport 21 limit rate 10/second accept\n  }\n}\n"
	rep, err := Check(context.Background(), shipped(t), "x.nft", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Unmodelled) != 1 || rep.Unmodelled[0].Line != 4 || rep.Unmodelled[0].Col != 18 || !strings.Contains(rep.Unmodelled[0].What, "limit") {
		t.Errorf("unmodelled %+v, want limit at 4:18", rep.Unmodelled)
	}
	for _, r := range rep.Results {
		if r.Outcome != "error" || len(r.Could) != 1 || fmt.Sprint(r.Could[0].Lines) != "[4]" {
			t.Errorf("%s: %s, could be changed by %s; want error, and line 4", r.Mode, r.Outcome, could(r))
		}
	}
	// A declaration the lab leaves out is said to be left out.
	set := "table inet f {\n  set ok { type ipv4_addr; elements = { 192.168.1.10 } }\n  chain input {\n    type filter hook input priority 0; policy drop;\n    ip saddr @ok accept\n  }\n}\n"
	rep, err = Check(context.Background(), shipped(t), "s.nft", []byte(set), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.WriteText(&b)
	for _, w := range []string{"s.nft:2:3: a named set: left out, it could change any verdict", "s.nft:5:14: the named set @ok (in the rule at line 5: ip saddr @ok; then accept)",
		"could be changed by line 5 (not modelled: the named set @ok: ip saddr @ok): if it matches, ok"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("text lacks %q:\n%s", w, b.String())
		}
	}
	_, err = Check(context.Background(), shipped(t), "x.nft", []byte(strings.Replace(src, "dport 21", "dport ftp-data-x", 1)), Options{})
	if err == nil || !strings.Contains(err.Error(), "x.nft:4:") {
		t.Fatalf("got %v, want a syntax error at x.nft:4", err)
	}
}

// TestFTPS: with --ftps the helper fix cannot help passive FTPS, and the
// fix says so, naming the passive range.
func TestFTPS(t *testing.T) {
	name := filepath.Join("testdata", "helper-unassigned-server.nft")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Check(context.Background(), shipped(t), name, src, Options{On: "server", FTPS: true, PasvMin: 50000, PasvMax: 50009})
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(rep.Results); got != "ok ok timeout timeout timeout ok ok timeout timeout timeout" {
		t.Errorf("outcomes %s", got)
	}
	if got := outcomes(rep.Fix.After); got != "ok ok ok ok ok ok ok timeout timeout timeout" {
		t.Errorf("with the fix %s", got)
	}
	if why := strings.Join(rep.Fix.Why, "\n"); !strings.Contains(why, "tcp dport 50000-50009 ct state new accept") {
		t.Errorf("fix %s: want the passive range named", why)
	}
}

// TestFTPSOnTheClient: on the client FTPS fails in active mode only
// (the server's inbound connection); the fix says to let in connections
// from port 20 or use passive mode, not to open a passive range, which
// passes already.
func TestFTPSOnTheClient(t *testing.T) {
	name := filepath.Join("testdata", "inet-filter-client.nft")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Check(context.Background(), shipped(t), name, src, Options{On: "client", FTPS: true})
	if err != nil {
		t.Fatal(err)
	}
	why := strings.Join(rep.Fix.Why, "\n")
	if !strings.Contains(why, "use passive mode") || !strings.Contains(why, "tcp sport 20 ct state new accept") ||
		strings.Contains(why, "passive range") {
		t.Errorf("fix on the client:\n%s", why)
	}
}

// TestInterfaceNames: a router ruleset written for eth1 (LAN) and eth0
// (Internet) matches nothing of the lab's lan and wan: the check warns at
// each name and says how to map them; mapped, the check runs the
// ruleset as its admin meant it.
func TestInterfaceNames(t *testing.T) {
	name := filepath.Join("testdata", "eth-names-router.nft")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	cat := shipped(t)
	rep, err := Check(context.Background(), cat, name, src, Options{On: "router"})
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(rep.Results); got != "error error error error error" {
		t.Errorf("unmapped: %s, want every mode failing to connect (nothing is forwarded)", got)
	}
	warn := strings.Join(rep.Warnings, "\n")
	for _, w := range []string{name + `:7:3: "eth1" names no interface of the router (it has lo, lan, wan)`, name + `:13:3: "eth0"`, "--lan IFNAME --wan IFNAME"} {
		if !strings.Contains(warn, w) {
			t.Errorf("warnings %q: want %q", warn, w)
		}
	}
	if got := strings.Join(rep.Interfaces, ", "); got != "lan 192.168.1.1/24 (the client's side), wan 198.51.100.1/24 (the server's side), lo" {
		t.Errorf("interfaces: %s", got)
	}
	rep, err = Check(context.Background(), cat, name, src, Options{On: "router", Lan: "eth1", Wan: "eth0"})
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(rep.Results); got != "500 500 ok ok ok" || len(rep.Warnings) > 0 {
		t.Errorf("mapped: %s %q, want 500 500 ok ok ok (masquerade without a helper) and no warning", got, rep.Warnings)
	}
	if got := rep.Interfaces[0]; got != "eth1 192.168.1.1/24 (the client's side)" {
		t.Errorf("mapped interfaces: %s", got)
	}
	if _, err := Check(context.Background(), cat, name, src, Options{On: "server", Lan: "eth1"}); err == nil || !strings.Contains(err.Error(), "--on router") {
		t.Errorf("--lan on the server: %v", err)
	}
}

// could lists a result's could-change entries as "lines=outcome".
func could(r Result) string {
	var s []string
	for _, c := range r.Could {
		s = append(s, fmt.Sprintf("%v=%s", c.Lines, c.Outcome))
	}
	return strings.Join(s, " ")
}

// TestUnmodelledConstructs: a firewalld table with constructs the lab
// does not model (icmpv6, meta nfproto with fib, udp, fib, log) is
// checked, not refused: each construct is listed at its position, the
// modes run as if those rules never matched, and each mode names the
// rules that would change it if they matched (the fib rule opening the
// passive range would make passive mode work; the ip6 rule cannot).
func TestUnmodelledConstructs(t *testing.T) {
	name := filepath.Join("testdata", "firewalld-unmodelled-server.nft")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Check(context.Background(), shipped(t), name, src, Options{On: "server"})
	if err != nil {
		t.Fatal(err)
	}
	var at []string
	for _, u := range rep.Unmodelled {
		at = append(at, fmt.Sprintf("%d:%d@%d", u.Line, u.Col, u.Rule))
	}
	if got := strings.Join(at, " "); got != "6:3@6 7:8@7 27:23@27 29:3@29 29:59@29" {
		t.Errorf("unmodelled at %s", got)
	}
	if got := outcomes(rep.Results); got != "ok ok unreachable unreachable unreachable" {
		t.Errorf("outcomes %s", got)
	}
	want := []string{
		"[7]=error", "[7]=error", // if the fib rpfilter rule matched IPv4, it would drop everything
		"[7]=error [29]=ok", "[7]=error [29]=ok", "[7]=error [29]=ok",
	}
	for i, r := range rep.Results {
		if got := could(r); got != want[i] {
			t.Errorf("%s: could be changed by %s, want %s", r.Mode, got, want[i])
		}
	}
	if pasv := rep.Results[2]; pasv.Line != 16 {
		t.Errorf("PASV decided at line %d, want 16 (firewalld's reject)", pasv.Line)
	}
	var b strings.Builder
	rep.WriteText(&b)
	for _, w := range []string{
		name + `:29:3: the expression "fib" (in the rule at line 29: fib daddr type local; then accept)`,
		`could be changed by line 29 (not modelled: the expression "fib": fib daddr type local): if it matches, ok`,
	} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("text lacks %q:\n%s", w, b.String())
		}
	}
}

// TestOverriddenRulesetsOnTheirHosts: an override that edits a ruleset
// (helper, router_policy) changes its text, so the check of that text on
// its host sees what the lab runs: the same outcome in every mode.
func TestOverriddenRulesetsOnTheirHosts(t *testing.T) {
	cat := shipped(t)
	for _, tc := range []struct{ id, key, value string }{
		{"e", "helper", "on"}, {"f", "helper", "off"}, {"i1", "router_policy", "reject"}, {"h2", "helper", "off"},
	} {
		base, err := cat.Lookup(tc.id)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := base.Override(tc.key, tc.value)
		if err != nil {
			t.Fatalf("%s %s=%s: %v", tc.id, tc.key, tc.value, err)
		}
		fw := sc.Firewalls[0]
		rep, err := Check(context.Background(), cat, fw.File, []byte(fw.Text), Options{On: fw.Host, PasvAddress: sc.PasvAddress})
		if err != nil {
			t.Fatalf("%s %s=%s: %v", tc.id, tc.key, tc.value, err)
		}
		var lab, before []string
		for _, m := range sim.Modes() {
			for i, s := range []sim.Scenario{sc, base} {
				res, _, err := labrun.Exec(context.Background(), labrun.Options{Scenario: s, Mode: m, Seed: 1})
				if err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					lab = append(lab, res.Outcome)
				} else {
					before = append(before, res.Outcome)
				}
			}
		}
		if got := outcomes(rep.Results); got != strings.Join(lab, " ") {
			t.Errorf("%s %s=%s: the check says %s, the lab %s", tc.id, tc.key, tc.value, got, strings.Join(lab, " "))
		}
		if strings.Join(lab, " ") == strings.Join(before, " ") {
			t.Errorf("%s %s=%s changes no outcome (%s): the case shows nothing", tc.id, tc.key, tc.value, strings.Join(lab, " "))
		}
	}
}
