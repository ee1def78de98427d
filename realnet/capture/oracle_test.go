package capture

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const oracleDir = "/work/shared/oracle/captures"

// summary reads the fields of a kernel run's summary.txt.
func summary(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ": ")
		if ok && !strings.HasPrefix(k, " ") {
			m[k] = v
		}
	}
	return m
}

func kernelRuns(t *testing.T) []string {
	runs, _ := filepath.Glob(filepath.Join(oracleDir, "*-summary.txt"))
	if len(runs) == 0 {
		t.Skip("no kernel captures in " + oracleDir)
	}
	return runs
}

// TestKernelOutcomes: the client-side capture of every kernel run gives
// the kernel's outcome; the server-side one gives it too, or says the data
// connection never reached it.
func TestKernelOutcomes(t *testing.T) {
	for _, run := range kernelRuns(t) {
		sum := summary(t, run)
		base := strings.TrimSuffix(run, "-summary.txt")
		for _, side := range []string{"rc", "rs"} {
			res, err := AnalyzeFile(base + "-" + side + ".pcap")
			if err != nil {
				t.Errorf("%s: %v", filepath.Base(base), err)
				continue
			}
			if len(res.Sessions) != 1 {
				t.Errorf("%s-%s: %d sessions, want 1", filepath.Base(base), side, len(res.Sessions))
				continue
			}
			got := res.Sessions[0].Outcome
			if got != sum["outcome"] && !(side == "rs" && got == OutcomeUnseen) {
				t.Errorf("%s-%s: outcome %s (%s), kernel says %s", filepath.Base(base), side, got, res.Sessions[0].Detail, sum["outcome"])
			}
		}
	}
}
