package sim

import (
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func ap(s string) netip.AddrPort { return netip.MustParseAddrPort(s) }

// TestStatelessAckNuance plays active mode through the classic recipe and
// through its "ACK-only from port 20" variant (the "established" test of
// old stateless filters): the latter drops the server's opening SYN at the
// client, since a SYN has no ACK bit, and active mode fails with 425.
func TestStatelessAckNuance(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(scenarioDir, "b.md"))
	if err != nil {
		t.Fatal(err)
	}
	const rule = `tcp sport 20 tcp dport 1024-65535 counter accept comment "cli_in_active_data_from20"`
	if !strings.Contains(string(src), rule) {
		t.Fatalf("b.md has no rule %s", rule)
	}
	for _, tc := range []struct {
		name    string
		ackOnly bool
		want    string
	}{
		{"classic recipe", false, "ok"},
		{"ack bit required from port 20", true, "425"},
	} {
		text := string(src)
		if tc.ackOnly {
			text = strings.Replace(text, rule, "tcp flags ack "+rule, 1)
		}
		sf, err := ParseScenario("b.md", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		s := playSession(t, sf.Scenario, ModePORT, 1)
		if s.outcome != tc.want {
			t.Errorf("%s: outcome %s, want %s\n%s", tc.name, s.outcome, tc.want, RenderText(s.net.Timeline()))
		}
		if tc.ackOnly && s.drop.Rule != "cli_in_DROP" {
			t.Errorf("%s: dropped by %q, want cli_in_DROP", tc.name, s.drop.Rule)
		}
	}
}

// TestConnectVerdicts checks whole-path verdicts: drop, reject, refusal by
// a host with no listener.
func TestConnectVerdicts(t *testing.T) {
	tests := []struct {
		scen       string
		from       string
		to         string
		listen     string // server listener, "" for none
		verdict    Verdict
		by, rule   string
		acceptedAt string
	}{
		{"a", HostClient, "198.51.100.20:40001", "198.51.100.20:40001", Delivered, "", "", HostServer},
		{"a", HostClient, "198.51.100.20:40001", "", Rejected, HostServer, "", ""},
		{"c", HostServer, "192.168.1.10:40001", "", Dropped, "client-fw", "cli_in_new_DROP", ""},
		{"e", HostClient, "198.51.100.20:40001", "198.51.100.20:40001", Dropped, "server-fw", "srv_in_new_DROP", ""},
		{"i1", HostClient, "203.0.113.1:40001", "10.0.0.20:40001", Rejected, HostRouter, "", ""},
		{"i1", HostClient, "10.0.0.20:40001", "10.0.0.20:40001", Dropped, "router-fw", "rtr_fwd_unsolicited_DROP", ""},
		{"i4", HostClient, "203.0.113.1:40001", "10.0.0.20:40001", Delivered, "", "", HostServer},
		{"h1", HostServer, "192.168.1.10:40001", "", Dropped, "router-fw", "rtr_fwd_unsolicited_DROP", ""},
	}
	for i, tc := range tests {
		sc, _ := shipped.Lookup(tc.scen)
		n := New(sc, 1)
		if tc.listen != "" {
			if _, err := n.Listen(HostServer, ap(tc.listen)); err != nil {
				t.Fatal(err)
			}
		}
		a, err := n.Connect(tc.from, netip.AddrPort{}, ap(tc.to))
		if err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		if a.Verdict != tc.verdict || a.By != tc.by || a.Rule != tc.rule || a.To != tc.acceptedAt {
			t.Errorf("#%d %s %s->%s: got %s by %q rule %q to %q, want %s by %q rule %q to %q\n%s", i, tc.scen, tc.from, tc.to,
				a.Verdict, a.By, a.Rule, a.To, tc.verdict, tc.by, tc.rule, tc.acceptedAt, RenderText(n.Timeline()))
		}
		last := n.Timeline().Events()[n.Timeline().Len()-1]
		want := map[Verdict]string{Delivered: LabelDataAccept, Dropped: LabelTimeout, Rejected: LabelRefused}[tc.verdict]
		if last.Label != want {
			t.Errorf("#%d: last event %s, want %s", i, last.Label, want)
		}
		if tc.verdict == Dropped && last.Time < DefaultTimeoutMs {
			t.Errorf("#%d: timeout at %d ms, want >= %d", i, last.Time, DefaultTimeoutMs)
		}
	}
}

// TestVerdictsNameTheFileLine plays every shipped scenario in every mode:
// each event a rule decided names the rule's line in the scenario file,
// and that line is the rule (its comment is the event's rule name).
func TestVerdictsNameTheFileLine(t *testing.T) {
	n := 0
	for _, sc := range shipped.All() {
		src, err := os.ReadFile(filepath.Join(scenarioDir, sc.ID+".md"))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(src), "\n")
		for _, m := range Modes() {
			s := playSession(t, sc, m, 1)
			for _, e := range s.net.Timeline().Events() {
				if e.Rule == "" || strings.HasPrefix(e.Rule, "policy ") || strings.HasPrefix(e.Rule, "ftp helper") {
					if e.RuleLine != 0 {
						t.Errorf("%s %s #%d: rule %q has line %d", sc.ID, m, e.Seq, e.Rule, e.RuleLine)
					}
					continue
				}
				n++
				if e.RuleLine < 1 || e.RuleLine > len(lines) || !strings.Contains(lines[e.RuleLine-1], `comment "`+e.Rule+`"`) {
					t.Errorf("%s %s #%d: rule %s at line %d, which is not it", sc.ID, m, e.Seq, e.Rule, e.RuleLine)
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d events named a rule", n)
	}
}

// TestDataTimeoutsFromTheFile: a dropped data connection times out after
// its dialer's data_timeout in the scenario file: the client's in passive
// mode (e), the server's in active mode (c).
func TestDataTimeoutsFromTheFile(t *testing.T) {
	for _, tc := range []struct {
		id, setting string
		mode        Mode
		wantMs      int64
	}{
		{"e", "client:\n  data_timeout: 1s", ModePASV, 1000},
		{"e", "client:\n  data_timeout: 3s", ModePASV, 3000},
		{"c", "server:\n  pasv_min_port: 40000", ModePORT, DefaultTimeoutMs}, // no data_timeout: the default
		{"c", "server:\n  data_timeout: 2s", ModePORT, 2000},
	} {
		src, err := os.ReadFile(filepath.Join(scenarioDir, tc.id+".md"))
		if err != nil {
			t.Fatal(err)
		}
		text := dropSection(string(src), "server:")
		text = dropSection(text, "client:")
		text = strings.Replace(text, "\n---\n", "\n"+tc.setting+"\n---\n", 1)
		sf, err := ParseScenario(tc.id+".md", []byte(text))
		if err != nil {
			t.Fatalf("%s with %q: %v", tc.id, tc.setting, err)
		}
		s := playSession(t, sf.Scenario, tc.mode, 1)
		evs := s.net.Timeline().Events()
		i := slices.IndexFunc(evs, func(e Event) bool { return e.Label == LabelTimeout })
		if i < 1 {
			t.Fatalf("%s %s with %q: no timeout\n%s", tc.id, tc.mode, tc.setting, RenderText(s.net.Timeline()))
		}
		if got := evs[i].Time - evs[i-1].Time; got != tc.wantMs {
			t.Errorf("%s %s with %q: timed out after %d ms, want %d", tc.id, tc.mode, tc.setting, got, tc.wantMs)
		}
	}
}

// dropSection removes a front matter section (its line and the indented
// lines below it).
func dropSection(src, head string) string {
	var out []string
	in := false
	for _, l := range strings.Split(src, "\n") {
		switch {
		case l == head:
			in = true
			continue
		case in && strings.HasPrefix(l, "  "):
			continue
		}
		in = false
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
