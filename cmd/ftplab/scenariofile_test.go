package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// teacherScenario is a teacher's own network: a custom passive range and
// a router that rejects (not drops) what it does not forward.
const teacherScenario = `---
id: teach
title: "Router that rejects, passive range 50000-50004"
family: routed
server:
  pasv_min_port: 50000
  pasv_max_port: 50004
---
The router forwards what the client's LAN opens and rejects the rest.

` + "```nft router" + `
table inet filter {
  chain forward {
    type filter hook forward priority filter; policy accept;
    ct state vmap { established : accept, related : accept, invalid : drop }
    iifname "lan" accept comment "rtr_from_lan"
    reject with tcp reset comment "rtr_REJECT"
  }
}
` + "```\n"

// TestLessonsCheckFolderScenario: a lesson folder ships its own scenario
// in scenarios/; lessons check validates it and runs the lessons on it:
// active mode meets the router's reject, passive mode works.
func TestLessonsCheckFolderScenario(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "scenarios"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "scenarios/teach.md", teacherScenario)
	write(t, dir, "active.md", `---
id: active
title: Active mode meets a rejecting router
order: 1
scenario: teach
mode: PORT
checkpoints:
  - at: fw.reject
    question: Which rule refuses the server's data connection?
    answer: rtr_REJECT
  - at: reply.425
    question: What does the server reply?
    answer: "425"
---
# Active
`)
	write(t, dir, "passive.md", `---
id: passive
title: Passive mode through it
order: 2
scenario: teach
mode: PASV
checkpoints:
  - at: data.accept
    question: Does the data connection open?
    answer: "yes"
---
# Passive
`)
	code, out, errs := runCmd("lessons", "check", dir)
	if code != 0 || !strings.Contains(out, "2 lessons, no problems") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	// The same lesson bound to a label the scenario never produces fails:
	// the check really ran the teacher's network.
	write(t, dir, "passive.md", strings.Replace(readFile(t, filepath.Join(dir, "passive.md")), "at: data.accept", "at: fw.reject", 1))
	if code, out, _ := runCmd("lessons", "check", dir); code != 1 || !strings.Contains(out, "fw.reject") {
		t.Fatalf("a passive run has no fw.reject, yet: exit %d\n%s", code, out)
	}
	// A mistake in the scenario file is reported at its file:line.
	write(t, dir, "scenarios/teach.md", strings.Replace(teacherScenario, "reject with tcp reset", "limit rate 10/second reject", 1))
	code, out, errs = runCmd("lessons", "check", dir)
	if code == 0 || !regexp.MustCompile(`scenarios/teach\.md:17:\d+: .*limit`).MatchString(out+errs) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
}

// TestRunScenarioFile runs a scenario file: the teacher's passive range
// is the one the server announces, and active mode is refused by the
// router's reject rule, named by its file line.
func TestRunScenarioFile(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "teach.md", teacherScenario)
	file := filepath.Join(dir, "teach.md")
	code, out, errs := runCmd("run", "--scenario", file, "--mode", "PASV")
	if code != 0 || !strings.Contains(out, "outcome: ok") || !regexp.MustCompile(`reply\.227 .*,195,(80|81|82|83|84)\)`).MatchString(out) {
		t.Fatalf("PASV: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCmd("run", "--scenario", file, "--mode", "PORT", "--format", "json")
	if code != 0 || !strings.Contains(out, `"rule": "rtr_REJECT"`) || !strings.Contains(out, `"rule_line": 17`) {
		t.Fatalf("PORT: exit %d\n%s\n%s", code, out, errs)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
