package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestRulesetCheck: a firewalld-style server ruleset without the FTP
// helper fails passive mode at its reject line; the command exits 1 and
// proposes the helper; json carries the same.
func TestRulesetCheck(t *testing.T) {
	file := "../../realnet/lab/rulesetcheck/testdata/firewalld-server.nft"
	code, out, errs := runCmd("ruleset", "check", file, "--on", "server")
	if code != 1 || !strings.Contains(out, "PASV           unreachable reject at "+file+":9: reject with icmpx admin-prohibited") ||
		!strings.Contains(out, `+    tcp dport 21 ct helper set "ftp-std"`) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCmd("ruleset", "check", "--format", "json", file)
	var rep struct {
		Results []struct{ Outcome string }
		Fix     struct{ After []struct{ Outcome string } }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 || len(rep.Results) != 5 || len(rep.Fix.After) != 5 {
		t.Fatalf("exit %d, %v\n%s\n%s", code, err, out, errs)
	}
	if code, _, _ := runCmd("ruleset", "check", file, "--on", "nowhere"); code == 0 {
		t.Error("--on nowhere: exit 0")
	}
}

// TestRulesetCheckCannotCheck: a check that cannot run exits 2, never 1
// (which says a mode fails through the ruleset), and a bad option is
// found before the modes run (nothing on stdout).
func TestRulesetCheckCannotCheck(t *testing.T) {
	file := "../../realnet/lab/rulesetcheck/testdata/firewalld-server.nft"
	for _, args := range [][]string{
		{file, "--on", "nowhere"},
		{file, "--format", "yaml"},
		{file, "--lan", "eth1", "--wan", "eth0"}, // on the server
		{file, "--on", "router", "--lan", "eth1", "--wan", "eth1"},
		{"no-such-ruleset.nft"},
	} {
		code, out, errs := runCmd(append([]string{"ruleset", "check"}, args...)...)
		if code != 2 || out != "" || !strings.Contains(errs, "ftplab ruleset: ") {
			t.Errorf("%v: exit %d, want 2 and nothing on stdout\n%s\n%s", args, code, out, errs)
		}
	}
}

// TestRulesetCheckNamesAndUnmodelled: --lan/--wan map an admin's router
// interface names (without them the check warns and says how), and a
// construct the lab does not model is reported with the modes it could
// change, in text and json.
func TestRulesetCheckNamesAndUnmodelled(t *testing.T) {
	file := "../../realnet/lab/rulesetcheck/testdata/eth-names-router.nft"
	_, out, _ := runCmd("ruleset", "check", file, "--on", "router")
	if !strings.Contains(out, `"eth1" names no interface of the router`) || !strings.Contains(out, "--lan IFNAME --wan IFNAME") {
		t.Errorf("unmapped: no warning\n%s", out)
	}
	_, out, _ = runCmd("ruleset", "check", file, "--on", "router", "--lan", "eth1", "--wan", "eth0")
	if !strings.Contains(out, "the router's interfaces: eth1 192.168.1.1/24 (the client's side), eth0 198.51.100.1/24 (the server's side), lo") ||
		!strings.Contains(out, "PASV           ok          accept at "+file+":7") || strings.Contains(out, "warning") {
		t.Errorf("mapped:\n%s", out)
	}
	file = "../../realnet/lab/rulesetcheck/testdata/firewalld-unmodelled-server.nft"
	code, out, _ := runCmd("ruleset", "check", file)
	if code != 1 || !strings.Contains(out, file+`:29:3: the expression "fib" (in the rule at line 29: fib daddr type local; then accept)`) ||
		!strings.Contains(out, `could be changed by line 29 (not modelled: the expression "fib": fib daddr type local): if it matches, ok`) {
		t.Errorf("exit %d\n%s", code, out)
	}
	_, out, _ = runCmd("ruleset", "check", "--format", "json", file)
	var rep struct {
		Unmodelled []struct{ Line, Col, Rule int }
		Results    []struct {
			Mode  string
			Could []struct {
				Lines   []int
				Outcome string
			} `json:"could_change"`
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Unmodelled) != 5 || len(rep.Results[2].Could) != 2 || rep.Results[2].Could[1].Outcome != "ok" {
		t.Errorf("json: %v %+v", err, rep)
	}
}
