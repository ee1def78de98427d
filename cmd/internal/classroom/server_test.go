package classroom

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// startServer serves a class on a free loopback port (runs show an empty
// timeline: no lab is started).
func startServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	cfg.Listen, cfg.Code, cfg.StateDir = "127.0.0.1:0", "goodcode", t.TempDir()
	cfg.Course = course(t)
	s, err := Listen(cfg)
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve()
	t.Cleanup(func() { s.Close() })
	return s
}

func dial(s *Server, user, pass string) (*gossh.Client, error) {
	return gossh.Dial("tcp", s.Addr().String(), &gossh.ClientConfig{User: user,
		Auth: []gossh.AuthMethod{gossh.Password(pass)}, HostKeyCallback: gossh.FixedHostKey(s.key.PublicKey()),
		Timeout: 10 * time.Second})
}

// TestLoginRateLimited: after too many wrong codes from one address, the
// right code is refused too, for a while.
func TestLoginRateLimited(t *testing.T) {
	s := startServer(t, Config{})
	for i := range s.lim.maxFailures {
		if c, err := dial(s, "mallory", "guess"); err == nil {
			c.Close()
			t.Fatalf("attempt %d: a wrong code logged in", i)
		}
	}
	if c, err := dial(s, "mallory", "goodcode"); err == nil {
		c.Close()
		t.Fatalf("the right code logged in right after %d failures", s.lim.maxFailures)
	}
}

// TestConnectionsPerAddress: one address holds at most MaxPerAddr
// connections; closing one lets another in.
func TestConnectionsPerAddress(t *testing.T) {
	s := startServer(t, Config{MaxPerAddr: 2})
	var open []*gossh.Client
	for i := range 2 {
		c, err := dial(s, "s"+string(rune('a'+i)), "goodcode")
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		open = append(open, c)
	}
	if c, err := dial(s, "sc", "goodcode"); err == nil {
		c.Close()
		t.Fatal("a third connection from one address got in")
	}
	open[0].Close()
	var err error
	for range 50 { // the server sees the close
		var c *gossh.Client
		if c, err = dial(s, "sd", "goodcode"); err == nil {
			c.Close()
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Errorf("no connection after one closed: %v", err)
	}
	open[1].Close()
}

// output collects a session's output.
type output struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

func (o *output) waitFor(t *testing.T, want string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		o.mu.Lock()
		ok := strings.Contains(o.b.String(), want)
		o.mu.Unlock()
		if ok {
			return
		}
	}
	o.mu.Lock()
	tail := o.b.String()
	o.mu.Unlock()
	t.Fatalf("output lacks %q; last bytes %q", want, tail[max(0, len(tail)-600):])
}

// TestWindowChange: the student's lab draws at the PTY's size and follows
// its window changes.
func TestWindowChange(t *testing.T) {
	s := startServer(t, Config{})
	c, err := dial(s, "alice", "goodcode")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out := &output{}
	sess.Stdout = out
	if _, err := sess.StdinPipe(); err != nil { // open: EOF on stdin ends the lab
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	out.waitFor(t, "timeline")
	if err := sess.WindowChange(20, 60); err != nil {
		t.Fatal(err)
	}
	out.waitFor(t, "enlarge")
	if r := s.Class().Snapshot().Rows; len(r) != 1 || r[0].Name != "alice" || !r[0].Connected {
		t.Errorf("rows %+v, want alice connected", r)
	}
}

// TestAuthorizedKeys: a key of the --authorized-keys file logs in
// without the code; another key does not.
func TestAuthorizedKeys(t *testing.T) {
	newKey := func() gossh.Signer {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		s, err := gossh.NewSignerFromKey(priv)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	known, stranger := newKey(), newKey()
	file := filepath.Join(t.TempDir(), "authorized_keys")
	if err := os.WriteFile(file, gossh.MarshalAuthorizedKey(known.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, Config{AuthorizedKeys: file})
	for _, tc := range []struct {
		key gossh.Signer
		ok  bool
	}{{known, true}, {stranger, false}} {
		c, err := gossh.Dial("tcp", s.Addr().String(), &gossh.ClientConfig{User: "alice",
			Auth: []gossh.AuthMethod{gossh.PublicKeys(tc.key)}, HostKeyCallback: gossh.FixedHostKey(s.key.PublicKey()),
			Timeout: 10 * time.Second})
		if (err == nil) != tc.ok {
			t.Errorf("key %s: login %v, want ok=%v", gossh.FingerprintSHA256(tc.key.PublicKey()), err, tc.ok)
		}
		if err == nil {
			c.Close()
		}
	}
}

// TestIdleTimeout: a student who does nothing is disconnected after the
// idle time, and leaves the class.
func TestIdleTimeout(t *testing.T) {
	s := startServer(t, Config{IdleTimeout: 500 * time.Millisecond})
	c, err := dial(s, "sleepy", "goodcode")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out := &output{}
	sess.Stdout = out
	if _, err := sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	out.waitFor(t, "timeline")
	ended := make(chan error, 1)
	go func() { ended <- sess.Wait() }()
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("an idle student still connected after 10 s (idle timeout 500 ms)")
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if r := s.Class().Snapshot().Rows; len(r) == 1 && !r[0].Connected {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("rows %+v, want sleepy gone", s.Class().Snapshot().Rows)
		}
	}
}
