package diagnose

import (
	"net"
	"strings"
	"testing"
	"time"

	"ftplab/realnet/ftpd"
)

// TestRunIPv6FTPD: against ftplab's server on ::1, with FTPS, only EPSV
// and EPRT are tried; PASV, PASV_CTLIP and PORT are not applicable, which
// is no failure: every mode that applies works, exit 0.
func TestRunIPv6FTPD(t *testing.T) {
	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skipf("IPv6 loopback ::1 is not available here, so diagnose over IPv6 is not tested: %v", err)
	}
	cfg := ftpd.Config{Root: t.TempDir(), Anonymous: true, DataTimeout: 2 * time.Second, TLS: selfSigned(t)}
	srv, err := ftpd.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { srv.Serve(ln); close(done) }()
	t.Cleanup(func() { srv.Close(); <-done })

	e, d := run(t, ln.Addr().String(), Options{TLSConfig: insecure})
	if !e.IPv6 || len(e.Attempts) != 10 {
		t.Fatalf("ipv6 %v, %d attempts; want true, 10 (TLS skipped: %q)", e.IPv6, len(e.Attempts), e.TLSSkipped)
	}
	for _, a := range e.Attempts {
		switch {
		case a.Mode.ipv4Only() && (a.Ending != NotApplicable || len(a.Transcript) > 0):
			t.Errorf("%s: %s, %d transcript lines; want not applicable, never tried", a.name(), describe(a), len(a.Transcript))
		case !a.Mode.ipv4Only() && (!a.Works() || !strings.HasPrefix(a.DataTo, "[::1]:")):
			t.Errorf("%s: %s; want it to work over ::1\n%v", a.name(), describe(a), a.Transcript)
		}
	}
	if d.ExitCode() != 0 || len(d.Findings) != 0 || !strings.Contains(d.Summary, "All 4 data connections worked (PASV, PASV_CTLIP, PORT: not applicable over IPv6)") {
		t.Errorf("exit %d, %d findings, summary %q", d.ExitCode(), len(d.Findings), d.Summary)
	}
}

// TestDiagnoseIPv6Failure: over IPv6 a failing EPSV is a failure (exit
// 1) that no finding blames on the modes that were not applicable.
func TestDiagnoseIPv6Failure(t *testing.T) {
	e := Evidence{Target: "[2001:db8::1]:21", IPv6: true, Sessions: []Session{{LoggedIn: true,
		ClientAddr: "[2001:db8::2]:40000", ServerAddr: "[2001:db8::1]:21"}}}
	for _, m := range Modes {
		a := notApplicable(m, false, Options{})
		switch m {
		case EPSV:
			a = Attempt{Mode: EPSV, Ending: NoAnswer, Announced: ":40003", DataTo: "[2001:db8::1]:40003", Seconds: 3}
		case EPRT:
			a = Attempt{Mode: EPRT, Ending: Established, Bytes: 10}
		}
		e.Attempts = append(e.Attempts, a)
	}
	d := Diagnose(e)
	if d.ExitCode() != 1 || !strings.HasPrefix(d.Summary, "1 of 2 data connections failed (PASV, PASV_CTLIP, PORT: not applicable over IPv6).") {
		t.Fatalf("exit %d, summary %q", d.ExitCode(), d.Summary)
	}
	for _, f := range d.Findings {
		for _, n := range f.Attempts {
			if n != "EPSV" {
				t.Errorf("finding %s blames %s, which was not tried", f.Culprit, n)
			}
		}
	}
}

func TestControlIPv6(t *testing.T) {
	for _, tc := range []struct {
		server, target string
		want           bool
	}{
		{"[::1]:21", "localhost:21", true},
		{"127.0.0.1:21", "localhost:21", false},
		{"[::ffff:127.0.0.1]:21", "localhost:21", false}, // IPv4-mapped: IPv4 on the wire
		{"", "[::1]:2121", true},
		{"", "127.0.0.1:2121", false},
		{"", "ftp.example.net:21", false},
	} {
		if got := controlIPv6(Session{ServerAddr: tc.server}, tc.target); got != tc.want {
			t.Errorf("controlIPv6(%q, %q) = %v, want %v", tc.server, tc.target, got, tc.want)
		}
	}
}
