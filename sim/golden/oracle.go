package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// Oracle returns the folder of the kernel oracle (results.tsv, lab.sh,
// captures/): $FTPLAB_ORACLE_DIR, or shared/oracle beside the module's
// checkout (../shared/oracle from the folder holding go.mod), as CI lays
// it out. Without it the test is skipped, saying so, or fails when
// FTPLAB_REQUIRE_PEERS=1 (CI), so that the kernel's verdicts can never be
// silently left out.
func Oracle(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("FTPLAB_ORACLE_DIR")
	if dir == "" {
		root, err := moduleRoot()
		if err != nil {
			t.Fatalf("golden: %v", err)
		}
		dir = filepath.Join(filepath.Dir(root), "shared", "oracle")
	}
	if _, err := os.Stat(filepath.Join(dir, "results.tsv")); err != nil {
		if os.Getenv("FTPLAB_REQUIRE_PEERS") == "1" {
			t.Fatalf("the kernel oracle is needed (FTPLAB_REQUIRE_PEERS=1): %v (set FTPLAB_ORACLE_DIR)", err)
		}
		t.Skipf("no kernel oracle at %s (set FTPLAB_ORACLE_DIR): %v", dir, err)
	}
	return dir
}

// moduleRoot is the nearest folder at or above the working directory
// (a test's package folder) that holds go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", os.ErrNotExist
		}
		dir = up
	}
}
