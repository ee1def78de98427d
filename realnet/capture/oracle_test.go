package capture

import (
	"bufio"
	"ftplab/sim/golden"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// oracleDir is the kernel oracle's captures folder.
func oracleDir(t *testing.T) string { return filepath.Join(golden.Oracle(t), "captures") }

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
	runs, _ := filepath.Glob(filepath.Join(oracleDir(t), "*-summary.txt"))
	if len(runs) == 0 {
		t.Fatal("no kernel captures in " + oracleDir(t))
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

// TestKernelPairs: both sides of every kernel run together give the
// kernel's outcome, and an nf_nat_ftp rewrite exactly where the summary's
// payloads differ between the two sides.
func TestKernelPairs(t *testing.T) {
	for _, run := range kernelRuns(t) {
		sum := summary(t, run)
		base := strings.TrimSuffix(run, "-summary.txt")
		name := filepath.Base(base)
		rc, err1 := AnalyzeFile(base + "-rc.pcap")
		rs, err2 := AnalyzeFile(base + "-rs.pcap")
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", name, err1, err2)
		}
		pairs := Pair(rc, rs)
		if len(pairs) != 1 {
			t.Errorf("%s: %d session pairs, want 1", name, len(pairs))
			continue
		}
		p := pairs[0]
		if p.Outcome != sum["outcome"] {
			t.Errorf("%s: paired outcome %s, kernel says %s", name, p.Outcome, sum["outcome"])
		}
		wantRewrite := sum["payload_client_side(rc)"] != sum["payload_server_side(rs)"]
		if got := len(p.HelperRewrites()) > 0; got != wantRewrite {
			t.Errorf("%s: rewrite found %v (%+v), summary shows one: %v", name, got, p.Rewrites, wantRewrite)
		}
	}
}

// TestKernelExplanations: the explanation of a failed kernel run names
// the lab scenario that reproduces it and its lesson.
func TestKernelExplanations(t *testing.T) {
	kernelRuns(t)
	cases := []struct{ file, lab, lesson string }{
		{"c-PORT-rc", "--scenario c --mode PORT", "client-firewall"},
		{"e-PASV-rs", "--scenario e --mode PASV", "server-firewall"},
		{"i1-PASV-rc", "--scenario i1 --mode PASV", "server-nat"},
		{"i1-EPSV-rc", "--scenario i3 --mode EPSV", "server-nat"}, // EPSV names no address: i1 and i3 look alike here
		{"i3-PASV-rc", "--scenario i3 --mode PASV", "server-nat"},
		{"j1-EPSV-rc", "--scenario j1 --mode PASV", "ftps"}, // under TLS, EPSV and PASV look alike
		{"j3-PORT-rc", "--scenario j3 --mode PORT", "ftps"},
		{"h1-PORT-rs", "--scenario h1 --mode PORT", "client-nat"},
		{"h4-EPRT-rs", "--scenario h4 --mode EPRT", "client-nat"},
	}
	for _, c := range cases {
		res, err := AnalyzeFile(filepath.Join(oracleDir(t), c.file+".pcap"))
		if err != nil {
			t.Fatal(err)
		}
		x := res.Sessions[0].Explain()
		needCannot := x.Outcome == "timeout" || x.Outcome == "refused" || x.Outcome == "425"
		if !strings.HasSuffix(x.Lab, c.lab) || x.Lesson != c.lesson || x.Fix == "" || needCannot && x.Cannot == "" {
			t.Errorf("%s: %+v, want lab %q lesson %s, a fix and what it cannot know", c.file, x, c.lab, c.lesson)
		}
	}
}
