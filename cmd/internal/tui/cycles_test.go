package tui

import (
	"slices"
	"testing"
)

func TestSetupCycles(t *testing.T) {
	if got, want := firewallSetups(catalogue), []string{"a", "b", "c", "d", "e", "f", "g"}; !slices.Equal(got, want) {
		t.Errorf("firewall setups %v, want %v", got, want)
	}
	if got, want := natSetups(catalogue), []string{"h1", "h2", "i1", "i2", "i3", "i4", "i5"}; !slices.Equal(got, want) {
		t.Errorf("NAT setups %v, want %v", got, want)
	}
}
