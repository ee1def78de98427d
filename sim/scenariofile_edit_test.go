package sim

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

// editLine returns the text of sf's ruleset on host with file line n
// replaced by with.
func editLine(t *testing.T, sf *ScenarioFile, host string, n int, with string) string {
	t.Helper()
	for _, fw := range sf.Scenario.Firewalls {
		if fw.Host != host {
			continue
		}
		lines := strings.Split(fw.Text, "\n")
		if i := n - fw.Line; i >= 0 && i < len(lines) {
			lines[i] = with
			return strings.Join(lines, "\n")
		}
	}
	t.Fatalf("%s has no line %d on %s", sf.Scenario.ID, n, host)
	return ""
}

// inbound dials the client's port 50000 from the server's port 20 (an
// active-mode data connection) and returns the verdict.
func inbound(t *testing.T, sc Scenario) Verdict {
	t.Helper()
	n := New(sc, 1)
	to := netip.AddrPortFrom(sc.ClientAddr, 50000)
	if _, err := n.Listen(sc.ClientHost, to); err != nil {
		t.Fatal(err)
	}
	a, err := n.Connect(sc.ServerHost, netip.AddrPortFrom(sc.ServerAddr, 20), to)
	if err != nil {
		t.Fatal(err)
	}
	return a.Verdict
}

func TestWithRuleset(t *testing.T) {
	sf, ok := shipped.File("c")
	if !ok {
		t.Fatal("no scenario c")
	}
	if v := inbound(t, sf.Scenario); v != Dropped {
		t.Fatalf("c: inbound data connection %v, want dropped", v)
	}
	tests := []struct {
		name    string
		with    string
		want    Verdict
		wantErr string // the error's file:line:col prefix
	}{
		{"drop rule commented out", `    # counter drop comment "cli_in_new_DROP"`, Delivered, ""},
		{"drop made accept", `    counter accept comment "cli_in_new_ACCEPT"`, Delivered, ""},
		{"unchanged", `    counter drop comment "cli_in_new_DROP"`, Dropped, ""},
		{"unknown word", `    counter drop comment "x" bogus`, "", "c.md:38:30: "},
		{"no such interface", `    iif "eth9" accept`, "", "c.md:38:5: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := sf.WithRuleset(HostClient, editLine(t, sf, HostClient, 38, tc.with))
			if tc.wantErr != "" {
				var le LineErrors
				if !errors.As(err, &le) || !strings.HasPrefix(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want LineErrors starting %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v := inbound(t, got.Scenario); v != tc.want {
				t.Errorf("inbound %v, want %v", v, tc.want)
			}
		})
	}
	if v := inbound(t, sf.Scenario); v != Dropped {
		t.Errorf("the original changed: inbound %v, want dropped", v)
	}
	if _, err := sf.WithRuleset(HostServer, "table inet x {}\n"); err == nil {
		t.Error("a ruleset on a host without one: no error")
	}
}

// TestWithRulesetOverrides: helper=off edits scenario f's text (the
// helper's data connection is dropped as in e), a setting that is not a
// ruleset's is left to the run, and without such settings sf comes back.
func TestWithRulesetOverrides(t *testing.T) {
	sf, ok := shipped.File("f")
	if !ok {
		t.Fatal("no scenario f")
	}
	got, names, err := sf.WithRulesetOverrides(map[string]string{"helper": "off", "pasv_address": "203.0.113.9"})
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 1 || names[0] != "helper=off" {
		t.Errorf("names %q, want [helper=off]", names)
	}
	if got == sf {
		t.Error("helper=off gave sf back unedited")
	}
	if got.Scenario.PasvAddress != sf.Scenario.PasvAddress {
		t.Errorf("pasv_address applied to the file (%v): it is the run's", got.Scenario.PasvAddress)
	}
	want, err := sf.Scenario.Overridden(map[string]string{"helper": "off"})
	if err != nil {
		t.Fatal(err)
	}
	for _, fw := range want.Firewalls {
		have, _ := got.Scenario.Firewall(fw.Host)
		if have.Text != fw.Text {
			t.Errorf("%s: text differs from Overridden's:\n%s\n---\n%s", fw.Host, have.Text, fw.Text)
		}
	}
	if same, names, err := sf.WithRulesetOverrides(map[string]string{"pasv_address": "203.0.113.9"}); same != sf || names != nil || err != nil {
		t.Errorf("without ruleset settings: %p %q %v, want sf itself", same, names, err)
	}
}
