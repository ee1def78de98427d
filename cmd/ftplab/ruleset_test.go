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
