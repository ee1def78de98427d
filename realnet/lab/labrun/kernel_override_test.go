//go:build linux

package labrun

import (
	"context"
	"testing"

	"ftplab/realnet/lab/kerneltest"
	"ftplab/realnet/netnstest"
	"ftplab/sim"
)

// TestKernelAgreesWithOverrides loads the rulesets as the overrides that
// edit them (helper, router_policy) leave their text, with nft -f, and
// runs the kernel's network with the overridden settings: the kernel's
// outcome of every mode is the lab's. It is what makes "helper off" and
// "router_policy reject" mean what Linux does.
func TestKernelAgreesWithOverrides(t *testing.T) {
	netnstest.Require(t)
	if testing.Short() {
		t.Skip("network namespaces: not in -short")
	}
	bin := kerneltest.BuildFTPLab(t)
	for _, tc := range []struct {
		id   string
		over map[string]string
	}{
		{"e", map[string]string{"helper": "on"}},
		{"f", map[string]string{"helper": "off"}},
		{"c", map[string]string{"helper": "on"}},
		{"h2", map[string]string{"helper": "off"}},
		{"h1", map[string]string{"helper": "on"}},
		{"i1", map[string]string{"router_policy": "reject"}},
		{"i2", map[string]string{"router_policy": "reject", "helper": "off"}},
		{"g", map[string]string{"pasv_min_port": "50000", "pasv_max_port": "50009"}},
		{"policy", map[string]string{"helper": "off", "router_policy": "reject"}}, // reject added after a policy drop
	} {
		base, err := shipped.Lookup(tc.id)
		if tc.id == "policy" {
			var sf *sim.ScenarioFile
			if sf, err = sim.ParseScenario("policy.md", []byte(policyDropRouter)); err == nil {
				base = sf.Scenario
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		sc, err := base.Overridden(tc.over)
		if err != nil {
			t.Fatalf("%s %v: %v", tc.id, tc.over, err)
		}
		t.Run(tc.id, func(t *testing.T) {
			t.Parallel()
			kernel := kerneltest.Outcomes(t, bin, sc)
			for _, m := range sim.Modes() {
				res, _, err := Exec(context.Background(), Options{Scenario: sc, Mode: m, Seed: 1})
				if err != nil {
					t.Fatal(err)
				}
				if k := kernel[m]; k.Outcome != res.Outcome {
					t.Errorf("%s %v/%s: the kernel says %s, the lab %s (blocked at %s)\nclient: %s", tc.id, tc.over, m, k.Outcome, res.Outcome, res.BlockedAt, k.Stderr)
				}
			}
		})
	}
}

// policyDropRouter is a router with policy drop, no last drop rule, and
// the FTP helper.
const policyDropRouter = `---
id: policy
title: "Router with policy drop and the FTP helper"
family: routed
server:
  data_timeout: 2s
client:
  data_timeout: 2s
---
` + "```nft router" + `
table inet filter {
  ct helper ftp-std { type "ftp" protocol tcp; l3proto inet; }
  chain prerouting {
    type filter hook prerouting priority filter; policy accept;
    tcp dport 21 ct helper set "ftp-std"
  }
  chain forward {
    type filter hook forward priority filter; policy drop;
    ct state established,related accept
    iifname "lan" ct state new accept
  }
}
` + "```\n"
