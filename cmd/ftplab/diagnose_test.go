package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"strings"
	"testing"

	"ftplab/assets"
	"ftplab/realnet/diagnose"
	"ftplab/realnet/peertest"
	"ftplab/sim"
)

func TestDiagnoseAgainstVsftpd(t *testing.T) {
	srv := peertest.StartVsftpd(t, peertest.VsftpdOptions{Files: map[string][]byte{"pub/a.txt": []byte("a\n")}})
	base := "ftp://" + srv.Addr + "/pub"

	code, out, errOut := ftplab(t, "diagnose", "--format", "json", base)
	var r diagnose.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if code != 0 || r.Schema != diagnose.SchemaVersion || r.ExitCode != 0 || len(r.Verdicts) != 5 {
		t.Fatalf("exit %d, schema %q, report exit %d, %d verdicts; stderr %q", code, r.Schema, r.ExitCode, len(r.Verdicts), errOut)
	}

	code, out, _ = ftplab(t, "diagnose", "--format", "markdown", "--tls=off", base)
	if code != 0 || !strings.Contains(out, "| mode | announced | verdict |") || !strings.Contains(out, "All 5 data connections worked") {
		t.Errorf("markdown: exit %d:\n%s", code, out)
	}

	// vsftpd here admits anonymous only: another user cannot log in.
	code, out, _ = ftplab(t, "diagnose", "ftp://bob:x@"+srv.Addr+"/")
	if code != 2 || !strings.Contains(out, "Could not log in") {
		t.Errorf("login as bob: exit %d:\n%s", code, out)
	}
}

// Against ftplab serve on loopback, plain and FTPS (self-signed): every
// mode works.
func TestDiagnoseAgainstServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, []string{"--addr", "127.0.0.1:0", "--tls-self-signed"}, pw, io.Discard)
		pw.Close()
	}()
	defer func() { cancel(); <-done }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no welcome line: %v", err)
	}
	go io.Copy(io.Discard, pr)
	i := strings.Index(line, "curl ftp://")
	if i < 0 {
		t.Fatalf("welcome line does not say how to connect: %q", line)
	}
	url := strings.TrimSpace(line[i+len("curl "):])

	code, out, errOut := ftplab(t, "diagnose", "--insecure", "--format", "json", url)
	var r diagnose.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("json: %v\n%s%s", err, out, errOut)
	}
	if code != 0 || len(r.Verdicts) != 10 {
		t.Fatalf("exit %d, %d verdicts (FTPS: %q): %s", code, len(r.Verdicts), r.Evidence.TLSSkipped, r.Summary)
	}
}

func TestDiagnoseUsage(t *testing.T) {
	for _, args := range [][]string{
		{"diagnose"},
		{"diagnose", "--format", "xml", "ftp://127.0.0.1/"},
		{"diagnose", "--tls=maybe", "ftp://127.0.0.1/"},
		{"diagnose", "http://127.0.0.1/"},
		{"diagnose", "--parallel", "0", "ftp://127.0.0.1/"},
	} {
		if code, _, errOut := ftplab(t, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2 (%s)", args, code, errOut)
		}
	}
}

// Every culprit points at a lab run and a lesson that exist.
func TestDiagnoseCataloguePointsAtTheLab(t *testing.T) {
	for _, f := range diagnose.Catalogue() {
		if _, err := shipped.Lookup(f.Lab.Scenario); err != nil {
			t.Errorf("%s: scenario: %v", f.Culprit, err)
		}
		if _, err := sim.ParseMode(string(f.Lab.Mode)); err != nil {
			t.Errorf("%s: mode: %v", f.Culprit, err)
		}
		if _, err := fs.Stat(assets.Lessons, strings.TrimPrefix(f.Lesson, "assets/")); err != nil {
			t.Errorf("%s: lesson: %v", f.Culprit, err)
		}
		if f.Title == "" || f.Where == "" || len(f.Fixes.Client)+len(f.Fixes.Server)+len(f.Fixes.Firewall) == 0 {
			t.Errorf("%s: title, where or fixes missing: %+v", f.Culprit, f)
		}
	}
}
