//go:build linux

package rulesetcheck

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ftplab/realnet/lab/kerneltest"
	"ftplab/realnet/netnstest"
	"ftplab/sim"
)

// TestKernelAgreesOnTheExamples places each real-world ruleset of
// testdata on its host as Check does, and runs the same network through
// the kernel (nft -f of the file, ftplab serve and get): the kernel's
// outcome of every mode is the check's.
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
			rs, err := sim.ParseRuleset(name, src)
			if err != nil {
				t.Fatal(err)
			}
			o := Options{On: on}
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
				if k := kernel[r.Mode]; k.Outcome != r.Outcome {
					t.Errorf("%s/%s: the kernel says %s, the check %s\nclient: %s", name, r.Mode, k.Outcome, r.Outcome, k.Stderr)
				}
			}
		})
	}
}
