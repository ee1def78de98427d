//go:build linux

package labrun

import (
	"context"
	"os"
	"testing"

	"ftplab/realnet/lab/kerneltest"
	"ftplab/realnet/netnstest"
	"ftplab/sim"
)

// TestKernelAgreesWithTheLab keeps the catalogue honest: for every shipped
// scenario it builds the scenario's network out of namespaces (its own
// addresses and interface names), loads each host's ruleset from the
// scenario file with the real nft -f, runs ftplab serve and ftplab get in
// all five modes through the kernel, and checks that every outcome is the
// lab's. FTPLAB_KERNEL_SCENARIOS=DIR checks the scenario files of DIR
// instead (a scratch copy with a rule changed, say).
func TestKernelAgreesWithTheLab(t *testing.T) {
	netnstest.Require(t)
	if testing.Short() {
		t.Skip("network namespaces: not in -short")
	}
	cat := shipped
	if dir := os.Getenv("FTPLAB_KERNEL_SCENARIOS"); dir != "" {
		c, err := sim.NewCatalogue(os.DirFS(dir))
		if err != nil {
			t.Fatal(err)
		}
		cat = c
	}
	bin := kerneltest.BuildFTPLab(t)
	for _, sc := range cat.All() {
		t.Run(sc.ID, func(t *testing.T) {
			t.Parallel()
			kernel := kerneltest.Outcomes(t, bin, sc)
			for _, m := range sim.Modes() {
				res, _, err := Exec(context.Background(), Options{Scenario: sc, Mode: m, Seed: 1})
				if err != nil {
					t.Fatal(err)
				}
				if k := kernel[m]; k.Outcome != res.Outcome {
					t.Errorf("%s/%s: the kernel says %s, the lab %s (blocked at %s)\nclient: %s", sc.ID, m, k.Outcome, res.Outcome, res.BlockedAt, k.Stderr)
				}
			}
		})
	}
}
