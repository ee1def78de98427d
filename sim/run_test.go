package sim

import (
	"net/netip"
	"strings"
	"testing"
)

func TestRunResolve(t *testing.T) {
	for i, c := range []struct {
		run     Run
		pasv    string // the resolved scenario's pasv_address, "" = none
		tls     bool
		wantErr string
	}{
		{run: Run{Scenario: "a", Mode: ModePASV}},
		{run: Run{Scenario: "A", Mode: ModePORT}},
		{run: Run{Scenario: "i1", Mode: ModePASV, Overrides: map[string]string{"pasv_address": "10.200.1.1"}}, pasv: "10.200.1.1"},
		{run: Run{Scenario: "f", Mode: ModePASV, Overrides: map[string]string{"tls": "YES"}}, tls: true},
		{run: Run{Scenario: "nosuch", Mode: ModePASV}, wantErr: `unknown scenario "nosuch"`},
		{run: Run{Scenario: "a", Mode: "passive"}, wantErr: `unknown mode "passive"`},
		{run: Run{Scenario: "a"}, wantErr: `unknown mode ""`},
		{run: Run{Scenario: "a", Mode: ModePASV, Overrides: map[string]string{"colour": "red"}}, wantErr: `unknown override "colour"`},
		{run: Run{Scenario: "a", Mode: ModePASV, Overrides: map[string]string{"pasv_address": "x"}}, wantErr: `pasv_address: "x"`},
	} {
		sc, err := c.run.Resolve(shipped)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("#%d: Resolve(%v) error %v, want %q", i, c.run, err, c.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("#%d: Resolve(%v): %v", i, c.run, err)
			continue
		}
		if !strings.EqualFold(sc.ID, c.run.Scenario) {
			t.Errorf("#%d: scenario %s, want %s", i, sc.ID, c.run.Scenario)
		}
		want := netip.Addr{}
		if c.pasv != "" {
			want = netip.MustParseAddr(c.pasv)
		}
		if sc.PasvAddress != want || sc.TLS != c.tls {
			t.Errorf("#%d: pasv_address %v tls %v, want %v %v", i, sc.PasvAddress, sc.TLS, want, c.tls)
		}
	}
}

func TestRunSameAndString(t *testing.T) {
	a := Run{Scenario: "a", Mode: ModePASV, Overrides: map[string]string{"tls": "YES"}, Script: []string{"NOOP"}}
	if !a.Same(Run{Scenario: "A", Mode: ModePASV}) || a.Same(Run{Scenario: "a", Mode: ModeEPSV}) {
		t.Errorf("Same compares scenario (any case) and mode only")
	}
	if got, want := a.String(), "a/PASV+overrides+script"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
