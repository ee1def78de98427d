package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ftplab/sim"
)

var outcomeLine = regexp.MustCompile(`(?m)^outcome: (\S+)\s+blocked at: (\S+)$`)

// runOutcome runs ftplab run with args and returns "outcome@blocked_at".
func runOutcome(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := runCmd(append([]string{"run"}, args...)...)
	m := outcomeLine.FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("ftplab run %s: exit %d\n%s\n%s", strings.Join(args, " "), code, out, errs)
	}
	return m[1] + "@" + m[2]
}

// outcomes is the outcome of every mode of scenario, with --set args.
func outcomes(t *testing.T, scenario string, set ...string) string {
	t.Helper()
	var s []string
	for _, m := range sim.Modes() {
		args := []string{"--scenario", scenario, "--mode", string(m)}
		for _, kv := range set {
			args = append(args, "--set", kv)
		}
		o, _, _ := strings.Cut(runOutcome(t, args...), "@")
		s = append(s, o)
	}
	return strings.Join(s, " ")
}

// TestSetHelper: --set helper=off takes the helper out of a scenario that
// works thanks to it, which then fails as its helper-less twin does (the
// kernel lab's verdicts: f is e plus the helper, d is c plus, h2 is h1
// plus); helper=on makes the twin behave as the scenario with one.
func TestSetHelper(t *testing.T) {
	for _, tc := range []struct{ with, without string }{{"f", "e"}, {"d", "c"}, {"h2", "h1"}} {
		with, without := outcomes(t, tc.with), outcomes(t, tc.without)
		if with == without {
			t.Fatalf("%s and %s have the same outcomes %s: the test shows nothing", tc.with, tc.without, with)
		}
		if got := outcomes(t, tc.with, "helper=off"); got != without {
			t.Errorf("%s with helper=off: %s, want %s's %s", tc.with, got, tc.without, without)
		}
		if got := outcomes(t, tc.without, "helper=on"); got != with {
			t.Errorf("%s with helper=on: %s, want %s's %s", tc.without, got, tc.with, with)
		}
	}
}

// TestSetRouterPolicy: a passive data connection the DNAT router of i1
// drops times out; with router_policy=reject the same rule refuses it.
func TestSetRouterPolicy(t *testing.T) {
	const rule = "router-fw:rtr_fwd_unsolicited_DROP"
	if got := runOutcome(t, "--scenario", "i1", "--mode", "PASV"); got != "timeout@"+rule {
		t.Fatalf("i1 PASV: %s, want timeout@%s", got, rule)
	}
	if got := runOutcome(t, "--scenario", "i1", "--mode", "PASV", "--set", "router_policy=reject"); got != "refused@"+rule {
		t.Errorf("i1 PASV router_policy=reject: %s, want refused@%s", got, rule)
	}
}

// TestSetPassiveRange: g opens 40000-40009 for passive data; a server
// whose range is 50000-50009 meets the drop that follows.
func TestSetPassiveRange(t *testing.T) {
	if got := runOutcome(t, "--scenario", "g", "--mode", "PASV"); !strings.HasPrefix(got, "ok@") {
		t.Fatalf("g PASV: %s, want ok", got)
	}
	got := runOutcome(t, "--scenario", "g", "--mode", "PASV", "--set", "pasv_min_port=50000", "--set", "server.pasv_max_port=50009")
	if got != "timeout@server-fw:srv_in_new_DROP" {
		t.Errorf("g PASV with 50000-50009: %s, want timeout@server-fw:srv_in_new_DROP", got)
	}
}

// TestSetErrors: a bad --set names the key and the value, and an
// unknown key lists the valid ones.
func TestSetErrors(t *testing.T) {
	for _, tc := range []struct{ set, want string }{
		{"colour=red", "pasv_min_port pasv_max_port"},
		{"router_policy=maybe", `router_policy: "maybe": want drop or reject`},
		{"helper=on", "no ruleset to hold a helper"}, // a has no firewall
	} {
		code, out, errs := runCmd("run", "--scenario", "a", "--set", tc.set)
		if code == 0 || !strings.Contains(out+errs, tc.want) {
			t.Errorf("--set %s: exit %d, want an error saying %q\n%s%s", tc.set, code, tc.want, out, errs)
		}
	}
}

// policyScenario is a teacher's router with policy drop and the FTP
// helper: active mode works (the server's data connection is related).
const policyScenario = `---
id: policy
title: "Router with policy drop and the FTP helper"
family: routed
---
The router forwards what the client's LAN opens, and what the helper expects.

` + "```nft router" + `
table inet filter {
  ct helper ftp-std { type "ftp" protocol tcp; l3proto inet; }
  chain prerouting {
    type filter hook prerouting priority filter; policy accept;
    tcp dport 21 ct helper set "ftp-std"
  }
  chain forward {
    type filter hook forward priority filter; policy drop;
    ct state established,related accept
    iifname "lan" ct state new accept comment "rtr_from_lan"
  }
}
` + "```\n"

const policyLesson = `---
id: reject
title: The router rejects once the helper is off
order: 1
scenario: policy
mode: PORT
overrides:
  helper: off
  router_policy: reject
  pasv_min_port: 50000
  pasv_max_port: 50004
  data_timeout: 2s
checkpoints:
  - at: fw.reject
    question: Which rule refuses the server's data connection?
    answer: router_policy reject
---
# Reject
`

// TestLessonsCheckNewOverrides: a lesson's overrides of the new keys
// (helper, router_policy, the passive range, a data timeout) are checked
// and change the run lessons check makes: without them the helper lets
// active mode through and no reject happens, so the same lesson fails.
func TestLessonsCheckNewOverrides(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "scenarios"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "scenarios/policy.md", policyScenario)
	write(t, dir, "reject.md", policyLesson)
	if code, out, errs := runCmd("lessons", "check", dir); code != 0 || !strings.Contains(out, "no problems") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	without := regexp.MustCompile(`(?s)overrides:.*?checkpoints:`).ReplaceAllString(policyLesson, "checkpoints:")
	write(t, dir, "reject.md", without)
	if code, out, _ := runCmd("lessons", "check", dir); code != 1 || !strings.Contains(out, "fw.reject") {
		t.Fatalf("without the overrides the helper lets PORT through, yet: exit %d\n%s", code, out)
	}
	write(t, dir, "reject.md", strings.Replace(policyLesson, "router_policy: reject", "router_policy: bounce", 1))
	if code, out, _ := runCmd("lessons", "check", dir); code != 1 || !strings.Contains(out, `reject.md:7: override router_policy: "bounce": want drop or reject`) {
		t.Fatalf("a bad router_policy: exit %d\n%s", code, out)
	}
}
