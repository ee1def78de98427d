//go:build linux

package diagnose

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"ftplab/realnet/netnstest"
)

// scenario is one of testdata/scenarios: the oracle's rulesets for each
// host (lab.sh show), and its settings line.
type scenario struct {
	rulesets map[netnstest.Host]string
	settings map[string]string // target, pasv_address, tls, port_promiscuous, connect_from_port_20
}

func loadScenario(t testing.TB, id string) scenario {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "scenarios", id+".nft"))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := netnstest.Rulesets(string(b))
	if err != nil {
		t.Fatalf("%s.nft: %v", id, err)
	}
	s := scenario{rulesets: rs, settings: map[string]string{}}
	for l := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "# target="); ok {
			for _, kv := range strings.Fields("target=" + rest) {
				k, v, _ := strings.Cut(kv, "=")
				s.settings[k] = v
			}
		}
	}
	if s.settings["target"] == "" {
		t.Fatalf("%s.nft has no settings line", id)
	}
	return s
}

// buildFTPLab builds the ftplab binary, to run inside the client's
// namespace.
func buildFTPLab(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ftplab")
	out, err := exec.Command("go", "build", "-o", bin, "ftplab/cmd/ftplab").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// netnsCase is one scenario, the server that runs in it, and what the
// diagnosis must say.
type netnsCase struct {
	id       string
	server   string // "vsftpd" or "ftplab"
	forceTLS bool   // the server refuses plain FTP
	likely   []Culprit
	possible []Culprit
	info     []Culprit
}

// The oracle's scenarios that the issue names, a few more, and i1drop (i1
// with a router that drops instead of refusing). Servers
// answer a blocked active connection with 425 after 1 s (vsftpd) or not
// within the attempt's timeout (ftplab serve waits a minute).
var netnsCases = []netnsCase{
	{id: "a", server: "vsftpd"},
	{id: "a", server: "ftplab"},
	{id: "c", server: "vsftpd", likely: []Culprit{ClientFirewall}},
	{id: "c", server: "ftplab", likely: []Culprit{ClientFirewall}},
	{id: "e", server: "vsftpd", likely: []Culprit{ServerFirewall}},
	{id: "e", server: "ftplab", likely: []Culprit{ServerFirewall}},
	{id: "g", server: "vsftpd"},
	{id: "h1", server: "vsftpd", likely: []Culprit{ServerRefusesPORT}},
	{id: "h1", server: "ftplab", likely: []Culprit{ServerRefusesPORT}},
	{id: "h2", server: "vsftpd", info: []Culprit{ClientNATActive}},
	{id: "h2", server: "ftplab", info: []Culprit{ClientNATActive}},
	{id: "h4", server: "vsftpd", likely: []Culprit{ClientNATActive}},
	{id: "i1", server: "vsftpd", likely: []Culprit{ServerNATAddress, PassiveRangeClosed}},
	{id: "i1", server: "ftplab", likely: []Culprit{ServerNATAddress, PassiveRangeClosed}},
	{id: "i1drop", server: "vsftpd", likely: []Culprit{ServerNATAddress, PassiveRangeDrop}},
	{id: "i3", server: "vsftpd", likely: []Culprit{PassiveRangeClosed}},
	{id: "i3", server: "ftplab", likely: []Culprit{PassiveRangeClosed}},
	{id: "i4", server: "vsftpd"},
	{id: "i5", server: "vsftpd", likely: []Culprit{HelperPasvAddress}},
	{id: "j1", server: "vsftpd", likely: []Culprit{HelperBlindedByTLS}},
	{id: "j1", server: "vsftpd", forceTLS: true, possible: []Culprit{ServerFirewall, HelperBlindedByTLS}},
	{id: "j3", server: "vsftpd", likely: []Culprit{HelperBlindedByTLS}},
}

// TestDiagnoseNetns runs the built ftplab diagnose inside the client's
// namespace of the oracle's network, against vsftpd or ftplab serve in
// the server's, with each scenario's rulesets loaded by nft -f, and checks
// that the diagnosis names the scenario's culprit. With
// FTPLAB_DIAGNOSE_RECORD=DIR it writes each text report there.
func TestDiagnoseNetns(t *testing.T) {
	netnstest.Require(t)
	if testing.Short() {
		t.Skip("network namespaces: not in -short")
	}
	bin := buildFTPLab(t)
	for _, tc := range netnsCases {
		name := tc.id + "/" + tc.server
		if tc.forceTLS {
			name += "/ftps-only"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r, code := diagnoseIn(t, bin, tc)
			checkNetns(t, tc, r, code)
		})
	}
}

// scenarioLab builds the scenario's network and starts its server; it
// returns the lab and the address to diagnose.
func scenarioLab(t testing.TB, bin string, tc netnsCase) (*netnstest.Lab, string) {
	t.Helper()
	sc := loadScenario(t, tc.id)
	l := netnstest.New(t)
	for h, rs := range sc.rulesets {
		l.LoadRuleset(t, h, rs)
	}
	root := netnstest.PublicDir(t, map[string][]byte{"pub/data.bin": bytes.Repeat([]byte("x"), 2000)})
	set := sc.settings
	pasv := set["pasv_address"]
	if pasv == "unset" {
		pasv = ""
	}
	switch tc.server {
	case "vsftpd":
		l.StartVsftpd(t, netnstest.Vsftpd{Root: root, PasvAddress: pasv, Promiscuous: set["port_promiscuous"] == "YES",
			NotFrom20: set["connect_from_port_20"] == "NO", TLS: set["tls"] == "1", ForceTLS: tc.forceTLS})
	case "ftplab":
		flags := []string{"--root", root, "--active-from-20"}
		if pasv != "" {
			flags = append(flags, "--pasv-address", pasv)
		}
		l.StartServe(t, bin, flags...)
	}
	return l, set["target"]
}

// diagnoseIn runs diagnose from the client of the scenario's network.
func diagnoseIn(t *testing.T, bin string, tc netnsCase) (Report, int) {
	l, target := scenarioLab(t, bin, tc)
	start := time.Now()
	out, errOut, err := l.Run(netnstest.Client, time.Minute, bin, "diagnose", "--format", "json",
		"--timeout", "2s", "--insecure", "ftp://"+target+"/pub")
	var code int
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("diagnose: %v\n%s", err, errOut)
	}
	var r Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("diagnose output is not a report: %v\n%s\n%s", err, out, errOut)
	}
	t.Logf("diagnose took %v: %s", time.Since(start).Round(time.Millisecond), r.Summary)
	if dir := os.Getenv("FTPLAB_DIAGNOSE_RECORD"); dir != "" {
		var b bytes.Buffer
		r.WriteText(&b, false)
		name := tc.id + "-" + tc.server
		if tc.forceTLS {
			name += "-ftps-only"
		}
		os.WriteFile(filepath.Join(dir, name+".txt"), b.Bytes(), 0o644)
	}
	return r, code
}

func checkNetns(t *testing.T, tc netnsCase, r Report, code int) {
	t.Helper()
	got := map[Certainty][]Culprit{}
	for _, f := range r.Findings {
		got[f.Certainty] = append(got[f.Certainty], f.Culprit)
	}
	if !sameSet(got[Likely], tc.likely) || !sameSet(got[Possible], tc.possible) || !sameSet(got[Info], tc.info) {
		var b bytes.Buffer
		r.WriteText(&b, true)
		t.Fatalf("likely %v, possible %v, info %v; want %v, %v, %v\n%s", got[Likely], got[Possible], got[Info],
			tc.likely, tc.possible, tc.info, b.String())
	}
	if len(got[Unknown]) > 0 {
		t.Errorf("unexplained failures: %+v", r.Findings)
	}
	want := 1
	if len(tc.likely)+len(tc.possible) == 0 {
		want = 0
	}
	if code != want || r.ExitCode != want {
		t.Errorf("exit status %d, report says %d; want %d", code, r.ExitCode, want)
	}
	wantTLS := tc.id == "j1" || tc.id == "j3"
	if slices.ContainsFunc(r.Evidence.Attempts, func(a Attempt) bool { return a.TLS }) != wantTLS {
		t.Errorf("FTPS attempts made: %v, want %v (%s)", !wantTLS, wantTLS, r.Evidence.TLSSkipped)
	}
}
