package sim

import (
	"net/netip"
	"testing"
)

func TestOverride(t *testing.T) {
	base, err := shipped.Lookup("i1")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		over  map[string]string
		check func(Scenario) bool
		err   bool
	}{
		{map[string]string{"pasv_address": "203.0.113.1"}, func(s Scenario) bool {
			return s.Announced() == netip.MustParseAddr("203.0.113.1")
		}, false},
		{map[string]string{"pasv_address": ""}, func(s Scenario) bool { return s.Announced() == s.ServerAddr }, false},
		{map[string]string{"connect_from_port_20": "NO"}, func(s Scenario) bool { return !s.ActiveFromPort20 }, false},
		{map[string]string{"tls": "yes"}, func(s Scenario) bool { return s.TLS }, false},
		{map[string]string{"pasv_address": "::1"}, nil, true},
		{map[string]string{"tls": "maybe"}, nil, true},
		{map[string]string{"pasv_min": "1"}, nil, true},
		{map[string]string{"data_timeout": "5s"}, func(s Scenario) bool { return s.ServerDataTimeoutMs == 5000 }, false},
		{map[string]string{"client_data_timeout": "1"}, func(s Scenario) bool { return s.ClientDataTimeoutMs == 1000 }, false},
		{map[string]string{"data_timeout": "0s"}, nil, true}, // not "the default" in disguise
		{map[string]string{"client_data_timeout": "0"}, nil, true},
	}
	for i, tt := range tests {
		got, err := base.Overridden(tt.over)
		if tt.err {
			if err == nil {
				t.Errorf("#%d: %v accepted", i, tt.over)
			}
			continue
		}
		if err != nil || !tt.check(got) {
			t.Errorf("#%d: %v: %+v, %v", i, tt.over, got, err)
		}
	}
	if base.PasvAddress.IsValid() || base.TLS {
		t.Error("Override changed the scenario it was called on")
	}
}

func TestTLSVariant(t *testing.T) {
	for _, tt := range []struct{ id, want string }{
		{"f", "j1"}, {"j1", "f"}, {"g", "j2"}, {"j2", "g"}, {"d", "j3"}, {"j3", "d"}, {"a", ""}, {"h2", ""}, {"nope", ""},
	} {
		got, ok := shipped.TLSVariant(tt.id)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("shipped.TLSVariant(%s) = %q, %v; want %q", tt.id, got, ok, tt.want)
		}
	}
}
