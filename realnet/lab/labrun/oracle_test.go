package labrun

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"ftplab/sim"
	"ftplab/sim/golden"
)

// oracleRow is one row of ../shared/oracle/results.tsv: what the real
// Linux kernel (nftables, conntrack, nf_conntrack_ftp, nf_nat_ftp) did.
type oracleRow struct {
	scenario, mode, outcome, blockedAt string
	payloadClient, payloadServer       string
	expectations                       string
}

// oracleRows reads the python client's rows, but h3's: with
// port_promiscuous=YES and connect_from_port_20=YES vsftpd fails to bind
// port 20 (500 OOPS: vsf_sysutil_bind), a quirk of vsftpd, not of the
// network; the lab's server dials and the router drops it, as in h4.
func oracleRows(t *testing.T) []oracleRow {
	t.Helper()
	path := filepath.Join(golden.Oracle(t), "results.tsv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []oracleRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for first := true; sc.Scan(); first = false {
		c := strings.Split(sc.Text(), "\t")
		if first || len(c) < 9 || c[5] != "py" || c[0] == "h3" {
			continue
		}
		rows = append(rows, oracleRow{scenario: c[0], mode: c[1], outcome: c[2], blockedAt: c[3],
			payloadClient: c[6], payloadServer: c[7], expectations: c[8]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) < 80 {
		t.Fatalf("%s: only %d python rows", path, len(rows))
	}
	return rows
}

// oracleRule is the rule named by the oracle's blocked_at, e.g.
// "cli:input:cli_in_new_DROP=3" → "cli_in_new_DROP".
var oracleRule = regexp.MustCompile(`^\w+:\w+:(\w+)=\d+`)

// oracleHosts maps the oracle's host tags to the lab's host names.
var oracleHosts = map[string]string{"cli": "client", "rtr": "router", "srv": "server"}

// TestOracleMatrix runs every scenario in every mode through the lab, with
// the real server and client, and checks each outcome, the rule that
// blocked it, the helper's expectations and nf_nat_ftp's rewrites against
// what the kernel did.
func TestOracleMatrix(t *testing.T) {
	for _, row := range oracleRows(t) {
		t.Run(row.scenario+"/"+row.mode, func(t *testing.T) {
			sc, err := shipped.Lookup(row.scenario)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			res, tl, err := Exec(ctx, Options{Scenario: sc, Mode: sim.Mode(row.mode), Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != row.outcome {
				t.Errorf("outcome %s (%v), the kernel gave %s (%s)", res.Outcome, res.Err, row.outcome, row.blockedAt)
			}
			if m := oracleRule.FindStringSubmatch(row.blockedAt); m != nil {
				if _, rule, _ := strings.Cut(res.BlockedAt, ":"); rule != m[1] {
					t.Errorf("blocked at %q, the kernel's counter %s moved", res.BlockedAt, m[1])
				}
			} else if row.blockedAt == "-" && res.BlockedAt != "-" {
				t.Errorf("blocked at %q, the kernel blocked nothing", res.BlockedAt)
			}
			expects := map[string]bool{}
			rewritten := false
			for _, e := range tl.Events() {
				switch e.Label {
				case sim.LabelHelperExpect:
					expects[e.Host] = true
				case sim.LabelNATTranslate:
					rewritten = rewritten || e.Line != ""
				}
			}
			for _, part := range strings.Split(row.expectations, ";") {
				tag, _, ok := strings.Cut(strings.TrimSpace(part), ":")
				if ok && !expects[oracleHosts[tag]] {
					t.Errorf("no helper expectation on %s; the kernel had %q", oracleHosts[tag], part)
				}
			}
			if row.expectations == "-" && len(expects) > 0 {
				t.Errorf("helper expectations on %v; the kernel had none", expects)
			}
			if want := row.payloadClient != row.payloadServer; rewritten != want {
				t.Errorf("control line rewritten by nf_nat_ftp: %v, the kernel: %v (%q → %q)", rewritten, want, row.payloadClient, row.payloadServer)
			}
		})
	}
}

// TestDeterministic runs a scenario twice: the timelines must be the same
// byte for byte, so they can be golden-tested and replayed.
func TestDeterministic(t *testing.T) {
	for _, id := range []string{"d", "h2", "i5", "j1"} {
		for _, mode := range []sim.Mode{sim.ModePORT, sim.ModeEPSV} {
			sc, _ := shipped.Lookup(id)
			var texts [2]string
			for i := range texts {
				_, tl, err := Exec(context.Background(), Options{Scenario: sc, Mode: mode, Seed: 7})
				if err != nil {
					t.Fatal(err)
				}
				texts[i] = sim.RenderText(tl)
			}
			if texts[0] != texts[1] {
				t.Errorf("%s/%s: two runs differ:\n%s\n---\n%s", id, mode, texts[0], texts[1])
			}
		}
	}
}
