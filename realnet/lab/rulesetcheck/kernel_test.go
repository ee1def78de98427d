//go:build linux

package rulesetcheck

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ftplab/realnet/lab/kerneltest"
	"ftplab/realnet/netnstest"
	"ftplab/sim"
)

// TestKernelAgreesOnTheExamples places each real-world ruleset of
// testdata on its host as Check does, and runs the same network through
// the kernel (nft -f of the file, ftplab serve and get): the kernel's
// outcome of every mode is the check's, or, where a rule holds a
// construct the lab does not model, one the check says that rule could
// lead to.
func TestKernelAgreesOnTheExamples(t *testing.T) {
	netnstest.Require(t)
	if testing.Short() {
		t.Skip("network namespaces: not in -short")
	}
	cat := shipped(t)
	bin := kerneltest.BuildFTPLab(t)
	files, _ := filepath.Glob(filepath.Join("testdata", "*.nft"))
	for _, name := range files {
		on := strings.TrimSuffix(filepath.Base(name), ".nft")
		on = on[strings.LastIndex(on, "-")+1:]
		t.Run(filepath.Base(name), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			rs, _, err := sim.ParseRulesetLenient(name, src)
			if err != nil {
				t.Fatal(err)
			}
			o := Options{On: on}
			if filepath.Base(name) == "eth-names-router.nft" { // the admin's names, mapped
				o.Lan, o.Wan = "eth1", "eth0"
			}
			sc, err := place(cat, name, string(src), rs, o)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Check(context.Background(), cat, name, src, o)
			if err != nil {
				t.Fatal(err)
			}
			kernel := kerneltest.Outcomes(t, bin, sc)
			for _, r := range rep.Results {
				// Where the lab cannot read a rule, the kernel's outcome
				// must be one the check said the rule could lead to.
				k := kernel[r.Mode]
				if k.Outcome != r.Outcome && !slices.ContainsFunc(r.Could, func(c Could) bool { return c.Outcome == k.Outcome }) {
					t.Errorf("%s/%s: the kernel says %s, the check %s (could be: %s)\nclient: %s", name, r.Mode, k.Outcome, r.Outcome, could(r), k.Stderr)
				}
			}
		})
	}
}
