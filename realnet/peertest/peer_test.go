package peertest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// recorder is a testing.TB that records Skip and Fatal instead of ending
// the test, to check what Require says.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()           {}
func (r *recorder) Skip(args ...any)  { r.skipped = fmt.Sprint(args...) }
func (r *recorder) Fatal(args ...any) { r.failed = fmt.Sprint(args...) }

func TestRequireMissing(t *testing.T) {
	for _, tc := range []struct {
		require              string
		wantSkip, wantFailed bool
	}{
		{"", true, false},
		{"1", false, true},
	} {
		t.Setenv("FTPLAB_REQUIRE_PEERS", tc.require)
		r := &recorder{TB: t}
		if got := Require(r, "vsftpd-that-does-not-exist"); got != "" {
			t.Errorf("FTPLAB_REQUIRE_PEERS=%q: got path %q, want none", tc.require, got)
		}
		if (r.skipped != "") != tc.wantSkip || (r.failed != "") != tc.wantFailed {
			t.Errorf("FTPLAB_REQUIRE_PEERS=%q: skipped %q, failed %q", tc.require, r.skipped, r.failed)
		}
	}
}

func TestRequireHint(t *testing.T) {
	t.Setenv("FTPLAB_REQUIRE_PEERS", "")
	t.Setenv("FTPLAB_PEERS_DIR", t.TempDir())
	t.Setenv("PATH", t.TempDir())
	r := &recorder{TB: t}
	Require(r, "vsftpd")
	if !strings.Contains(r.skipped, ".ci/run") {
		t.Errorf("skip message %q does not say how to get vsftpd", r.skipped)
	}
}

func TestRunTimeout(t *testing.T) {
	t.Parallel()
	start := time.Now()
	_, _, err := Run(t, 200*time.Millisecond, "sleep", "30")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want a deadline error", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Run returned after %v", d)
	}
}

func TestRunOutput(t *testing.T) {
	t.Parallel()
	out, errOut, err := RunInput(t, 5*time.Second, []byte("in"), "sh", "-c", "cat; echo err >&2; exit 3")
	if out != "in" || errOut != "err\n" || err == nil {
		t.Fatalf("got %q, %q, %v; want \"in\", \"err\\n\", exit status 3", out, errOut, err)
	}
}

func TestFreePort(t *testing.T) {
	t.Parallel()
	p := FreePort(t)
	ln, err := net.Listen("tcp4", "127.0.0.1:"+strconv.Itoa(p))
	if err != nil {
		t.Fatalf("port %d from FreePort: %v", p, err)
	}
	ln.Close()
}

func TestPasvRangesDiffer(t *testing.T) {
	t.Parallel()
	seen := map[int]bool{}
	for range 20 {
		lo, hi := pasvRange(t)
		if hi-lo+1 != pasvWidth || lo < pasvLow || hi >= pasvHigh {
			t.Fatalf("range %d-%d", lo, hi)
		}
		if seen[lo] {
			t.Fatalf("range %d-%d handed out twice", lo, hi)
		}
		seen[lo] = true
	}
}

// TestRequireLooksOnlyInPeersDirAndPath checks where Require looks: in
// $FTPLAB_PEERS_DIR/usr/{sbin,bin} and PATH, never in a directory of its
// own choosing (it once tried /usr/sbin and /sbin, so TestRequireHint
// failed on a machine with vsftpd installed there).
func TestRequireLooksOnlyInPeersDirAndPath(t *testing.T) {
	t.Setenv("FTPLAB_REQUIRE_PEERS", "")
	peers, bin := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(peers, "usr", "sbin"), 0o755)
	for _, p := range []string{filepath.Join(peers, "usr", "sbin", "peerprog"), filepath.Join(bin, "pathprog")} {
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("FTPLAB_PEERS_DIR", peers)
	t.Setenv("PATH", bin)
	for _, tc := range []struct{ name, want string }{
		{"peerprog", filepath.Join(peers, "usr", "sbin", "peerprog")},
		{"pathprog", filepath.Join(bin, "pathprog")},
		// In /usr/sbin or /sbin on Debian, but in neither place named.
		{"ldconfig", ""},
		{"add-shell", ""},
	} {
		r := &recorder{TB: t}
		if got := Require(r, tc.name); got != tc.want {
			t.Errorf("Require(%q) = %q, want %q", tc.name, got, tc.want)
		}
		if (r.skipped == "") != (tc.want != "") {
			t.Errorf("Require(%q): skipped %q", tc.name, r.skipped)
		}
	}
}
