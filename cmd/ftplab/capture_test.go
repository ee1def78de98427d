package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"ftplab/realnet/capture"
	"ftplab/realnet/lab/labrun"
	"ftplab/sim"
)

// labCapture is one lab run written as pcapng.
type labCapture struct {
	name  string
	res   labrun.Result
	tl    *sim.Timeline
	files []string // client side, server side
}

func writeRuns(t *testing.T, scenarios []sim.Scenario) []labCapture {
	t.Helper()
	dir := t.TempDir()
	var out []labCapture
	for _, sc := range scenarios {
		for _, m := range sim.Modes() {
			res, tl, err := labrun.Exec(context.Background(), labrun.Options{Scenario: sc, Mode: m, Seed: 1})
			if err != nil {
				t.Fatalf("%s %s: %v", sc.ID, m, err)
			}
			files, err := capture.WriteRun(dir, sc.ID+"-"+string(m), tl)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, labCapture{sc.ID + " " + string(m), res, tl, files})
		}
	}
	return out
}

// hasRewrite says the run's timeline shows nf_nat_ftp rewriting a line.
func hasRewrite(tl *sim.Timeline) bool {
	for _, e := range tl.Events() {
		if e.Label == sim.LabelNATTranslate && strings.Contains(e.Text, " rewrites ") {
			return true
		}
	}
	return false
}

// TestCaptureRoundTrip: every scenario and mode written as pcapng and
// analysed again gives the run's own outcome, from the client's side
// alone and from both sides paired, and the pair finds the helper's
// rewrite exactly where the run made one.
func TestCaptureRoundTrip(t *testing.T) {
	for _, c := range writeRuns(t, shipped.All()) {
		var res [2]*capture.Result
		for i, f := range c.files {
			r, err := capture.AnalyzeFile(f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if len(r.Sessions) != 1 {
				t.Fatalf("%s: %s: %d sessions", c.name, f, len(r.Sessions))
			}
			res[i] = r
		}
		if got := res[0].Sessions[0].Outcome; got != c.res.Outcome {
			t.Errorf("%s: client side says %s (%s), the run %s", c.name, got, res[0].Sessions[0].Detail, c.res.Outcome)
		}
		if got := res[1].Sessions[0].Outcome; got != c.res.Outcome && got != capture.OutcomeUnseen {
			t.Errorf("%s: server side says %s (%s), the run %s", c.name, got, res[1].Sessions[0].Detail, c.res.Outcome)
		}
		pairs := capture.Pair(res[0], res[1])
		if len(pairs) != 1 || pairs[0].Outcome != c.res.Outcome {
			t.Errorf("%s: pairs %+v, want one with outcome %s", c.name, pairs, c.res.Outcome)
			continue
		}
		if got, want := len(pairs[0].HelperRewrites()) > 0, hasRewrite(c.tl); got != want {
			t.Errorf("%s: rewrite found %v, the run rewrote %v", c.name, got, want)
		}
	}
}

// TestCaptureTshark: tshark decodes the written files with no malformed
// packet, shows the run's commands and replies, and links the data
// connection to its RETR with the file's byte count.
func TestCaptureTshark(t *testing.T) {
	if _, err := exec.LookPath("tshark"); err != nil {
		if os.Getenv("FTPLAB_REQUIRE_PEERS") == "1" {
			t.Fatal("tshark not installed (apt-get install tshark)")
		}
		t.Skip("tshark not installed (apt-get install tshark)")
	}
	if testing.Short() {
		t.Skip("tshark runs take a while")
	}
	// A choice that covers every mode, a drop, both NAT rewrites (both
	// sides) and FTPS: tshark takes a second a file on these machines.
	pick := map[string]int{"a": 1, "c PORT": 1, "c EPRT": 1, "h2 PORT": 2, "h2 EPRT": 2, "i2 PASV": 2, "i2 PASV_CTLIP": 2, "j1 PORT": 1, "j1 PASV": 1}
	var scs []sim.Scenario
	for _, id := range []string{"a", "c", "h2", "i2", "j1"} {
		sc, err := shipped.Lookup(id)
		if err != nil {
			t.Fatal(err)
		}
		scs = append(scs, sc)
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for _, c := range writeRuns(t, scs) {
		sides := max(pick[c.name], pick[strings.Fields(c.name)[0]])
		for _, f := range c.files[:sides] {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				checkTshark(t, c, f)
			}()
		}
	}
	wg.Wait()
}

func checkTshark(t *testing.T, c labCapture, file string) {
	out, err := exec.Command("tshark", "-r", file, "-Y", "ftp or ftp-data or _ws.malformed", "-T", "fields",
		"-e", "_ws.malformed", "-e", "ftp.request.command", "-e", "ftp.response.code", "-e", "ftp-data.command", "-e", "tcp.len", "-e", "ftp-data.setup-frame").Output()
	if err != nil {
		t.Errorf("%s: tshark -r %s: %v", c.name, file, err)
		return
	}
	var wantCmds, wantCodes []string
	tls := false
	for _, e := range c.tl.Events() {
		switch {
		case e.Label == sim.LabelTLSStart:
			tls = true
		case tls:
		case e.Kind == sim.KindCmd:
			wantCmds = append(wantCmds, strings.TrimPrefix(e.Label, "cmd."))
		case e.Kind == sim.KindReply:
			wantCodes = append(wantCodes, strings.TrimPrefix(e.Label, "reply."))
		}
	}
	var cmds, codes []string
	data := 0
	for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 6 {
			continue
		}
		if f[0] != "" {
			t.Errorf("%s: %s: malformed packet: %q", c.name, file, line)
		}
		if f[1] != "" {
			cmds = append(cmds, f[1])
		}
		if f[2] != "" {
			codes = append(codes, f[2])
		}
		if f[5] != "" && !tls { // an ftp-data packet, linked to its setup
			// tshark 4.0 links EPRT's data connection to its SYN only, without
			// the command; every other mode must name the RETR.
			if f[3] != "RETR "+labrun.FileName && !(f[3] == "" && strings.Contains(c.name, "EPRT")) {
				t.Errorf("%s: %s: ftp-data linked to %q", c.name, file, f[3])
			}
			n, _ := strconv.Atoi(f[4])
			data += n
		}
	}
	if strings.Join(cmds, " ") != strings.Join(wantCmds, " ") || strings.Join(codes, " ") != strings.Join(wantCodes, " ") {
		t.Errorf("%s: %s: tshark shows commands %v replies %v, the run %v %v", c.name, filepath.Base(file), cmds, codes, wantCmds, wantCodes)
	}
	if c.res.Outcome == "ok" && !tls && data != labrun.FileSize {
		t.Errorf("%s: %s: tshark counts %d ftp-data bytes linked to RETR, want %d", c.name, filepath.Base(file), data, labrun.FileSize)
	}
}
