package diagnose

import (
	"context"
	"crypto/tls"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ftplab/realnet/ftpd"
	"ftplab/realnet/peertest"
)

// serveFTPD serves a small tree with ftplab's own server on 127.0.0.1
// and returns its address and root.
func serveFTPD(t *testing.T, edit func(*ftpd.Config)) (string, string) {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "pub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "pub", "a.txt"), []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := ftpd.Config{Root: root, Anonymous: true, DataTimeout: 2 * time.Second, LoginFailDelay: time.Millisecond}
	if edit != nil {
		edit(&cfg)
	}
	srv, err := ftpd.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { srv.Serve(ln); close(done) }()
	t.Cleanup(func() { srv.Close(); <-done })
	return ln.Addr().String(), root
}

func selfSigned(t *testing.T) *tls.Config {
	t.Helper()
	cert, err := ftpd.SelfSignedCertificate("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}}
}

// insecure is the client side for a self-signed test server.
var insecure = &tls.Config{InsecureSkipVerify: true}

func run(t *testing.T, addr string, o Options) (Evidence, Diagnosis) {
	t.Helper()
	if o.Timeout == 0 {
		o.Timeout = 2 * time.Second
	}
	start := time.Now()
	e := Run(context.Background(), addr, o)
	if d := time.Since(start); d > o.Bound() {
		t.Errorf("run took %v, over its bound %v", d, o.Bound())
	}
	return e, Diagnose(e)
}

func TestRunHealthyFTPD(t *testing.T) {
	addr, _ := serveFTPD(t, func(c *ftpd.Config) { c.TLS = selfSigned(t) })
	e, d := run(t, addr, Options{Path: "pub", TLSConfig: insecure})
	if !e.TLSOffered || len(e.Attempts) != 10 {
		t.Fatalf("TLS offered %v, %d attempts; want true, 10 (skipped: %q)", e.TLSOffered, len(e.Attempts), e.TLSSkipped)
	}
	for _, a := range e.Attempts {
		if !a.Works() || a.Bytes == 0 || a.DataTo == "" || a.DataFrom == "" || a.Announced == "" {
			t.Errorf("%s: %s (announced %q, %q -> %q)\n%v", a.name(), describe(a), a.Announced, a.DataFrom, a.DataTo, a.Transcript)
		}
		if !strings.Contains(lineTexts(a.Transcript), "> LIST pub") {
			t.Errorf("%s: transcript lacks the LIST:\n%s", a.name(), lineTexts(a.Transcript))
		}
	}
	if s, _ := e.session(false); s.ServerSeesClient != "127.0.0.1" {
		t.Errorf("STAT says the server sees %q, want 127.0.0.1", s.ServerSeesClient)
	}
	if d.ExitCode() != 0 || len(d.Findings) != 0 {
		t.Errorf("exit %d, findings %+v; want 0 and none", d.ExitCode(), d.Findings)
	}
}

func TestRunHealthyVsftpd(t *testing.T) {
	srv := peertest.StartVsftpd(t, peertest.VsftpdOptions{Files: map[string][]byte{"pub/a.txt": []byte("hello\n")}})
	e, d := run(t, srv.Addr, Options{Path: "pub", TLS: TLSOff})
	if len(e.Attempts) != 5 || d.ExitCode() != 0 {
		t.Fatalf("%d attempts, exit %d: %s", len(e.Attempts), d.ExitCode(), d.Summary)
	}
	if s, _ := e.session(false); s.ServerSeesClient != "127.0.0.1" {
		t.Errorf("vsftpd's STAT: the server sees %q, want 127.0.0.1", s.ServerSeesClient)
	}
}

// A server announcing an address it does not listen on (127.0.0.2: the
// passive listener is bound to 127.0.0.1) fails PASV alone, refused: the
// rules name the announced address.
func TestRunWrongPasvAddress(t *testing.T) {
	addr, _ := serveFTPD(t, func(c *ftpd.Config) { c.PasvAddress = netip.MustParseAddr("127.0.0.2") })
	e, d := run(t, addr, Options{TLS: TLSOff})
	p, _ := e.attempt(PASV, false)
	if p.Ending != Refused || p.DataTo == "" || !strings.HasPrefix(p.Announced, "127.0.0.2:") {
		t.Fatalf("PASV: %s, announced %q", describe(p), p.Announced)
	}
	if len(d.Findings) == 0 || d.Findings[0].Culprit != ServerNATAddress || d.Findings[0].Certainty != Likely || d.ExitCode() != 1 {
		t.Fatalf("findings %+v, exit %d; want %s first", d.Findings, d.ExitCode(), ServerNATAddress)
	}
}

func TestRunLoginFails(t *testing.T) {
	addr, _ := serveFTPD(t, func(c *ftpd.Config) { c.Anonymous, c.Users = false, map[string]string{"alice": "x"} })
	e, d := run(t, addr, Options{User: "alice", Password: "wrong"})
	if d.ExitCode() != 2 || len(e.Attempts) != 0 || !strings.Contains(d.Summary, "530") {
		t.Fatalf("exit %d, %d attempts, summary %q", d.ExitCode(), len(e.Attempts), d.Summary)
	}
}

func TestRunWriteTest(t *testing.T) {
	addr, root := serveFTPD(t, func(c *ftpd.Config) { c.Write = true })
	e, _ := run(t, addr, Options{Path: "pub", WriteTest: true, TLS: TLSOff})
	names := map[string]bool{}
	for _, a := range e.Attempts {
		if a.Write == nil || a.Write.Ending != Established || !a.Write.Removed || !strings.HasPrefix(a.Write.Name, "pub/.ftplab-diagnose-") {
			t.Errorf("%s: write test %+v", a.name(), a.Write)
			continue
		}
		names[a.Write.Name] = true
	}
	if len(names) != 5 {
		t.Errorf("%d distinct upload names, want 5", len(names))
	}
	left, _ := filepath.Glob(filepath.Join(root, "pub", ".ftplab-diagnose-*"))
	if len(left) != 0 {
		t.Errorf("uploads left behind: %v", left)
	}
}

// A server that admits two sessions at a time answers the others 421;
// they are tried again after the rest, and all work.
func TestRunBusyServer(t *testing.T) {
	addr, _ := serveFTPD(t, func(c *ftpd.Config) { c.MaxSessions = 2 })
	e, d := run(t, addr, Options{TLS: TLSOff, Parallel: 5})
	for _, a := range e.Attempts {
		if !a.Works() {
			t.Errorf("%s: %s", a.name(), describe(a))
		}
	}
	if d.ExitCode() != 0 {
		t.Fatalf("exit %d: %s", d.ExitCode(), d.Summary)
	}
}

func lineTexts(ls []Line) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l.Text + "\n")
	}
	return b.String()
}

// A server that accepts the connection and never greets: the run ends
// within its bound, as a failed login.
func TestRunSilentServerIsBounded(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, silent, until the test ends
		}
	}()
	o := Options{Timeout: 200 * time.Millisecond, TLS: TLSOn}
	start := time.Now()
	e, d := run(t, ln.Addr().String(), o)
	if took := time.Since(start); took > 2*o.probeLimit()+time.Second {
		t.Errorf("took %v for a server that never greets", took)
	}
	if d.ExitCode() != 2 || len(e.Attempts) != 0 {
		t.Errorf("exit %d with %d attempts: %s", d.ExitCode(), len(e.Attempts), d.Summary)
	}
}
