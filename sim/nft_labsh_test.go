package sim

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// oracleDir is the kernel oracle's folder (lab.sh): FTPLAB_ORACLE_DIR, or
// ../../shared/oracle from sim/.
func oracleDir() string {
	if d := os.Getenv("FTPLAB_ORACLE_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "oracle")
}

// TestParseLabShRulesets parses every ruleset the kernel lab loads: the
// output of "lab.sh show" for each of its scenarios, host by host.
func TestParseLabShRulesets(t *testing.T) {
	lab := filepath.Join(oracleDir(), "lab.sh")
	if _, err := os.Stat(lab); err != nil {
		t.Skipf("kernel lab not found at %s (set FTPLAB_ORACLE_DIR): %v", lab, err)
	}
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
		for host, text := range labShSections(string(out)) {
			if strings.TrimSpace(text) == "" {
				continue
			}
			if _, err := ParseRuleset(id+"-"+host+".nft", []byte(text)); err != nil {
				t.Errorf("scenario %s, %s:\n%v\n%s", id, host, err, text)
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
