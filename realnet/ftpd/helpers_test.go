package ftpd

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ftplab/realnet"
	"ftplab/realnet/wire"
)

// testFiles is the tree every test server serves.
var testFiles = map[string]string{
	"README.txt":       "hello\n",
	"pub/hello.txt":    "line one\nline two\n",
	"pub/dos.txt":      "a\r\nb\r\n",
	"pub/sub/deep.txt": "deep\n",
}

// startServer serves a fresh copy of testFiles on 127.0.0.1 and returns
// the server, its address and its root directory. edit adjusts the
// configuration; the server closes when the test ends.
func startServer(t testing.TB, edit func(*Config)) (*Server, string, string) {
	t.Helper()
	root := t.TempDir()
	for name, body := range testFiles {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := Config{
		Root:           root,
		Users:          map[string]string{"alice": "secret"},
		Anonymous:      true,
		LoginFailDelay: time.Millisecond,
		IdleTimeout:    10 * time.Second,
		DataTimeout:    5 * time.Second,
		Logger:         testLogger(t),
	}
	if edit != nil {
		edit(&cfg)
	}
	return startServerConfig(t, cfg, "tcp", "127.0.0.1:0")
}

func startServerConfig(t testing.TB, cfg Config, network, addr string) (*Server, string, string) {
	t.Helper()
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	l, err := realnet.OS{}.Listen(context.Background(), network, addr)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-done; err != ErrServerClosed {
			t.Errorf("Serve returned %v, want ErrServerClosed", err)
		}
	})
	return srv, l.Addr().String(), cfg.Root
}

// testLogger logs to the test's output when -v is given.
func testLogger(t testing.TB) *slog.Logger {
	if !testing.Verbose() {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// ctl is a scripted FTP client for transcript tests.
type ctl struct {
	t    testing.TB
	conn net.Conn
	tp   *textproto.Conn
}

// dial connects to addr and reads the 220 greeting.
func dial(t testing.TB, addr string) *ctl {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return newCtl(t, c)
}

func newCtl(t testing.TB, c net.Conn) *ctl {
	t.Helper()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	x := &ctl{t: t, conn: c, tp: textproto.NewConn(c)}
	t.Cleanup(func() { c.Close() })
	x.expect(220)
	return x
}

// cmd sends a line and checks the reply's code; it returns the text.
func (x *ctl) cmd(want int, format string, args ...any) string {
	x.t.Helper()
	line := fmt.Sprintf(format, args...)
	if err := x.tp.PrintfLine("%s", line); err != nil {
		x.t.Fatalf("send %q: %v", line, err)
	}
	code, msg := x.read()
	if code != want {
		x.t.Fatalf("%s: got %d %s, want %d", line, code, msg, want)
	}
	return msg
}

// read reads one reply, multi-line or not.
func (x *ctl) read() (int, string) {
	x.t.Helper()
	code, msg, err := x.tp.ReadResponse(0)
	if err != nil && code == 0 {
		x.t.Fatalf("read reply: %v", err)
	}
	return code, msg
}

func (x *ctl) expect(want int) string {
	x.t.Helper()
	code, msg := x.read()
	if code != want {
		x.t.Fatalf("got %d %s, want %d", code, msg, want)
	}
	return msg
}

func (x *ctl) login(user, pass string) {
	x.t.Helper()
	x.cmd(331, "USER %s", user)
	x.cmd(230, "PASS %s", pass)
}

// epsv sends EPSV and connects to the port it announces.
func (x *ctl) epsv() net.Conn {
	x.t.Helper()
	port, err := wire.Parse229(x.cmd(229, "EPSV"))
	if err != nil {
		x.t.Fatal(err)
	}
	host, _, _ := net.SplitHostPort(x.conn.RemoteAddr().String())
	c, err := net.DialTimeout("tcp", net.JoinHostPort(host, fmt.Sprint(port)), 5*time.Second)
	if err != nil {
		x.t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(30 * time.Second))
	return c
}

// pasv sends PASV and connects to the address it announces.
func (x *ctl) pasv() net.Conn {
	x.t.Helper()
	ap, err := wire.Parse227(x.cmd(227, "PASV"))
	if err != nil {
		x.t.Fatal(err)
	}
	c, err := net.DialTimeout("tcp", ap.String(), 5*time.Second)
	if err != nil {
		x.t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(30 * time.Second))
	return c
}

// active listens on the control connection's local address and sends
// PORT (ext false) or EPRT for it. accept waits for the server.
func (x *ctl) active(ext bool) (accept func() net.Conn) {
	x.t.Helper()
	la := netip.MustParseAddrPort(x.conn.LocalAddr().String())
	l, err := net.Listen("tcp", netip.AddrPortFrom(la.Addr(), 0).String())
	if err != nil {
		x.t.Fatal(err)
	}
	x.t.Cleanup(func() { l.Close() })
	ap := netip.MustParseAddrPort(l.Addr().String())
	if ext {
		x.cmd(200, "EPRT %s", wire.FormatEPRT(ap))
	} else {
		arg, _ := wire.FormatPORT(ap)
		x.cmd(200, "PORT %s", arg)
	}
	return func() net.Conn {
		l.(*net.TCPListener).SetDeadline(time.Now().Add(10 * time.Second))
		c, err := l.Accept()
		if err != nil {
			x.t.Fatalf("accept the active data connection: %v", err)
		}
		c.SetDeadline(time.Now().Add(30 * time.Second))
		return c
	}
}

// retr fetches name over data, checking 150 and 226.
func (x *ctl) retr(data net.Conn, name string) []byte {
	x.t.Helper()
	x.cmd(150, "RETR %s", name)
	b, err := io.ReadAll(data)
	data.Close()
	if err != nil {
		x.t.Fatalf("read %s: %v", name, err)
	}
	x.expect(226)
	return b
}

// stor uploads body as name over data, checking 150 and 226.
func (x *ctl) stor(data net.Conn, verb, name string, body []byte) {
	x.t.Helper()
	x.cmd(150, "%s %s", verb, name)
	if _, err := data.Write(body); err != nil {
		x.t.Fatalf("write %s: %v", name, err)
	}
	data.Close()
	x.expect(226)
}

// list runs a listing verb over EPSV and returns its lines.
func (x *ctl) list(verb, arg string) []string {
	x.t.Helper()
	data := x.epsv()
	x.cmd(150, "%s %s", verb, arg)
	var lines []string
	sc := bufio.NewScanner(data)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	data.Close()
	x.expect(226)
	return lines
}

// tlsClient returns a client TLS configuration that trusts anything and
// caches sessions, as curl and lftp do.
func tlsClient() *tls.Config {
	// ServerName keys the session cache: without it Go keys by address
	// and port, and a data connection would never find the session.
	return &tls.Config{InsecureSkipVerify: true, ServerName: "localhost", ClientSessionCache: tls.NewLRUClientSessionCache(4)}
}

// tlsServer returns a server TLS configuration with a fresh certificate.
func tlsServer(t testing.TB) *tls.Config {
	t.Helper()
	cert, err := SelfSignedCertificate("localhost", "127.0.0.1", "::1")
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}}
}

func randomBytes(t testing.TB, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func sum(b []byte) string { return fmt.Sprintf("%x", sha256.Sum256(b)) }

// waitFor polls cond for up to 5 seconds; for effects another goroutine
// makes after a reply (a file renamed, a session counted).
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func newTextproto(c net.Conn) *textproto.Conn { return textproto.NewConn(c) }

func mustParse229(t testing.TB, text string) string {
	t.Helper()
	p, err := wire.Parse229(text)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(p)
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}
