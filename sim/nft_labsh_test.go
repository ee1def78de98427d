package sim

import (
	"ftplab/sim/golden"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestParseLabShRulesets parses every ruleset the kernel lab loads: the
// output of "lab.sh show" for each of its scenarios, host by host.
func TestParseLabShRulesets(t *testing.T) {
	lab := filepath.Join(golden.Oracle(t), "lab.sh")
	list, err := exec.Command("bash", lab, "list").Output()
	if err != nil {
		t.Fatalf("lab.sh list: %v", err)
	}
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(string(list)), "\n") {
		id := strings.Fields(l)[0]
		out, err := exec.Command("bash", lab, "show", id).Output()
		if err != nil {
			t.Fatalf("lab.sh show %s: %v", id, err)
		}
		sc, err := shipped.Lookup(id)
		if err != nil {
			t.Errorf("lab.sh scenario %s has no file in %s", id, scenarioDir)
		}
		for section, text := range labShSections(string(out)) {
			if err == nil {
				host := strings.Fields(section)[0]
				fw, _ := sc.Firewall(host)
				if got, want := normRules(fw.Text), normRules(toVirtual(text, string(sc.Family))); got != want {
					t.Errorf("scenario %s %s: the file's ruleset\n%s\nis not lab.sh's\n%s", id, host, got, want)
				}
			}
			if strings.TrimSpace(text) == "" {
				continue
			}
			if _, err := ParseRuleset(id+"-"+section+".nft", []byte(text)); err != nil {
				t.Errorf("scenario %s, %s:\n%v\n%s", id, section, err, text)
			}
			n++
		}
	}
	if n < 19 {
		t.Errorf("parsed %d rulesets, want at least one per scenario", n)
	}
}

// labShSections splits "lab.sh show" output into its hosts' rulesets.
func labShSections(out string) map[string]string {
	sec := map[string]string{}
	host := ""
	for _, l := range strings.SplitAfter(out, "\n") {
		switch {
		case strings.HasPrefix(l, "## target="):
			host = ""
		case strings.HasPrefix(l, "## "):
			host = strings.TrimSpace(strings.TrimPrefix(l, "## "))
		case host != "":
			sec[host] += l
		}
	}
	return sec
}

// toVirtual maps the kernel lab's interfaces and addresses onto the
// family's virtual ones (lab.sh's plan is the same for every family),
// written out here.
func toVirtual(text, family string) string {
	if family == "dnat" {
		return strings.NewReplacer(`"rc"`, `"wan"`, `"rs"`, `"lan"`, "10.200.2.0/24", "10.0.0.0/24",
			"10.200.1.1", "203.0.113.1", "10.200.2.2", "10.0.0.20").Replace(text)
	}
	return strings.NewReplacer(`"rc"`, `"lan"`, `"rs"`, `"wan"`, "10.200.1.0/24", "192.168.1.0/24",
		"10.200.1.1", "192.168.1.1", "10.200.2.2", "198.51.100.20").Replace(text)
}

// normRules is a ruleset's non-empty lines, trimmed.
func normRules(text string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
