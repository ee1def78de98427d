package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"ftplab/sim"
)

// TestRunList: ftplab run --list, which ftplab lab --help points to,
// names every scenario with its title and what sets it apart, the first
// sentence of its file (issue 9 item 14).
func TestRunList(t *testing.T) {
	code, out, errs := runCmd("run", "--list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	cat := shipped.All()
	if len(lines) != 2*len(cat) {
		t.Fatalf("%d lines for %d scenarios, want two each:\n%s", len(lines), len(cat), out)
	}
	for i, sc := range cat {
		if want := fmt.Sprintf("%-6s %s", sc.ID, sc.Title); lines[2*i] != want {
			t.Errorf("line %d = %q, want %q", 2*i+1, lines[2*i], want)
		}
		if len(strings.TrimSpace(lines[2*i+1])) < 20 {
			t.Errorf("%s: %q does not say what sets it apart", sc.ID, lines[2*i+1])
		}
	}
	// The one difference between i3 and i4, and between e and f.
	for _, want := range []string{"Scenario i3 with 203.0.113.1:40000-40009 forwarded to the server too", "Scenario e plus the FTP helper"} {
		if !strings.Contains(out, want) {
			t.Errorf("run --list lacks %q:\n%s", want, out)
		}
	}
	_, _, help := runCmd("lab", "--help")
	if !strings.Contains(help, "ftplab run --list") {
		t.Errorf("lab --help no longer points to run --list:\n%s", help)
	}
}

// TestOneDefaultMode: lab and run start in the same mode.
func TestOneDefaultMode(t *testing.T) {
	re := regexp.MustCompile(`(?s)-mode string\n[^\n]*\(default "([A-Z_]+)"\)`)
	var got []string
	for _, cmd := range []string{"lab", "run"} {
		_, _, help := runCmd(cmd, "--help")
		m := re.FindStringSubmatch(help)
		if m == nil {
			t.Fatalf("%s --help shows no -mode default:\n%s", cmd, help)
		}
		got = append(got, m[1])
	}
	if got[0] != got[1] || got[0] != string(sim.ModePASV) {
		t.Errorf("default modes: lab %s, run %s; want both PASV", got[0], got[1])
	}
}
