//go:build linux

package netnstest

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestRulesets(t *testing.T) {
	text := "# scenario x\n\n## client\ntable inet a {\n}\n## router\n\n## server\ntable inet s {\n}\n"
	got, err := Rulesets(text)
	if err != nil {
		t.Fatal(err)
	}
	if got[Client] != "table inet a {\n}\n" || strings.TrimSpace(got[Router]) != "" || !strings.HasPrefix(got[Server], "table inet s") {
		t.Errorf("got %q", got)
	}
	if _, err := Rulesets("## gateway\n"); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad heading: %v", err)
	}
}

// connect tries a TCP connection from the client to addr:port with bash,
// as lab.sh checks routing: "refused" proves the packet got there.
func connect(l *Lab, addr string) string {
	_, errOut, _ := l.Run(Client, 5*time.Second, "timeout", "2", "bash", "-c", "exec 3<>/dev/tcp/"+addr+"/9")
	return errOut
}

func TestLabRoutesAndFilters(t *testing.T) {
	var names []string
	t.Run("lab", func(t *testing.T) {
		l := New(t)
		names = l.ns[:]
		if got := connect(l, ServerIP); !strings.Contains(got, "refused") {
			t.Fatalf("client -> server port 9: %q, want refused (routed through the router)", got)
		}
		l.LoadRuleset(t, Router, "table inet f {\n chain forward {\n  type filter hook forward priority filter; policy drop;\n }\n}\n")
		if got := connect(l, ServerIP); strings.Contains(got, "refused") {
			t.Fatalf("with the router dropping: %q, want no answer", got)
		}
		l.LoadRuleset(t, Router, "")
		if got := connect(l, ServerIP); !strings.Contains(got, "refused") {
			t.Fatalf("after flushing: %q, want refused", got)
		}
	})
	out, _ := exec.Command("ip", "netns", "list").Output()
	for _, n := range names {
		if strings.Contains(string(out), n) {
			t.Errorf("namespace %s left behind", n)
		}
	}
}
