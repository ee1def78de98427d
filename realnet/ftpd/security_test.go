package ftpd

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOverlongLine(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, nil)
	x := dial(t, addr)
	long := "NOOP " + strings.Repeat("x", 64<<10)
	x.cmd(500, "%s", long)
	x.cmd(200, "NOOP") // the session goes on
	x.cmd(500, "%s", strings.Repeat("y", 5000))
	x.login("anonymous", "x")
}

func TestIdleTimeout(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, func(c *Config) { c.IdleTimeout = 200 * time.Millisecond })
	x := dial(t, addr)
	start := time.Now()
	x.expect(421)
	if _, err := x.conn.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("after 421: read %v, want EOF", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("idle session closed after %v", d)
	}

	// A client trickling a line byte by byte is closed as well: the
	// deadline bounds the whole line.
	x = dial(t, addr)
	start = time.Now()
	go func() {
		for i := 0; i < 50; i++ {
			if _, err := x.conn.Write([]byte("N")); err != nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	x.expect(421)
	if d := time.Since(start); d > 900*time.Millisecond {
		t.Errorf("slowloris session closed after %v", d)
	}
}

func TestFailedLogins(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, func(c *Config) { c.LoginFailDelay = 50 * time.Millisecond; c.Anonymous = false })
	x := dial(t, addr)
	start := time.Now()
	x.cmd(331, "USER alice")
	x.cmd(530, "PASS wrong")
	if time.Since(start) < 50*time.Millisecond {
		t.Error("a wrong password was answered without delay")
	}
	x.cmd(331, "USER anonymous") // anonymous is off
	x.cmd(530, "PASS x")
	x.cmd(331, "USER nobody")
	x.cmd(530, "PASS x")
	if _, err := x.conn.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("after 3 failures: read %v, want EOF", err)
	}
}

func TestSessionCaps(t *testing.T) {
	t.Parallel()
	srv, addr, _ := startServer(t, func(c *Config) { c.MaxSessionsPerIP = 2; c.MaxSessions = 3 })
	// Two unauthenticated sessions from 127.0.0.1 fill its quota…
	dial(t, addr)
	dial(t, addr)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	refused := newCtlNoGreeting(t, c)
	refused.expect(421)
	// …but another address still gets in.
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}
	c2, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	x := newCtl(t, c2)
	x.login("anonymous", "x")
	// The overall cap of 3 is reached now.
	d3 := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 3)}}
	c3, err := d3.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	newCtlNoGreeting(t, c3).expect(421)
	x.cmd(221, "QUIT")
	waitFor(t, "the session to end", func() bool {
		srv.mu.Lock()
		defer srv.mu.Unlock()
		return len(srv.sessions) == 2
	})
	c4, err := d3.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	newCtl(t, c4)
}

func newCtlNoGreeting(t *testing.T, c net.Conn) *ctl {
	x := &ctl{t: t, conn: c}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	x.tp = newTextproto(c)
	return x
}

func TestPortStealing(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, nil)
	x := dial(t, addr)
	x.login("anonymous", "x")
	port := mustParse229(t, x.cmd(229, "EPSV"))
	// A thief from 127.0.0.2 connects first: the server closes it…
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}, Timeout: 5 * time.Second}
	thief, err := d.Dial("tcp", net.JoinHostPort("127.0.0.1", port))
	if err != nil {
		t.Fatal(err)
	}
	defer thief.Close()
	x.tp.PrintfLine("RETR README.txt")
	thief.SetDeadline(time.Now().Add(5 * time.Second))
	if n, err := thief.Read(make([]byte, 100)); n != 0 || err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("thief read %d bytes, err %v; want the connection closed", n, err)
	}
	// …and keeps waiting for the real client, which gets the file.
	data, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", port), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	x.expect(150)
	got, _ := io.ReadAll(data)
	x.expect(226)
	if string(got) != testFiles["README.txt"] {
		t.Errorf("RETR after a thief: %q", got)
	}
}

func TestPassiveTimeout(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, func(c *Config) { c.DataTimeout = 200 * time.Millisecond })
	x := dial(t, addr)
	x.login("anonymous", "x")
	x.cmd(229, "EPSV")
	x.cmd(425, "RETR README.txt") // nobody connects
	x.cmd(200, "NOOP")
}

func TestActiveConnectFails(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, func(c *Config) { c.ActiveFromPortL1 = true })
	x := dial(t, addr)
	x.login("anonymous", "x")
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nobody listens there now
	x.cmd(200, "EPRT |1|127.0.0.1|%d|", port)
	x.cmd(425, "LIST")
	// With a listener, active mode works, from port L-1 when allowed.
	accept := x.active(true)
	x.tp.PrintfLine("RETR README.txt")
	data := accept()
	x.expect(150)
	got, _ := io.ReadAll(data)
	x.expect(226)
	if string(got) != testFiles["README.txt"] {
		t.Errorf("active RETR: %q", got)
	}
	_, ctlPort, _ := net.SplitHostPort(addr)
	_, dataPort, _ := net.SplitHostPort(data.RemoteAddr().String())
	if os.Geteuid() == 0 && atoi(dataPort) != atoi(ctlPort)-1 {
		t.Errorf("active data came from port %s, want L-1 = %d", dataPort, atoi(ctlPort)-1)
	}
}

// TestAbortedUpload checks ABOR's 426 then 226, and that an aborted or
// broken upload leaves the target as it was.
func TestAbortedUpload(t *testing.T) {
	t.Parallel()
	_, addr, root := startServer(t, func(c *Config) { c.Write = true })
	x := dial(t, addr)
	x.login("alice", "secret")
	data := x.epsv()
	x.cmd(150, "STOR README.txt")
	data.Write(bytes.Repeat([]byte("partial"), 1000))
	// Synch and ABOR as python's ftplib sends them: IAC IP IAC DM ABOR.
	x.conn.Write([]byte("\xff\xf4\xff\xf2ABOR\r\n"))
	x.expect(426)
	x.expect(226)
	data.Close()
	if got, _ := os.ReadFile(filepath.Join(root, "README.txt")); string(got) != testFiles["README.txt"] {
		t.Errorf("README.txt after an aborted STOR: %q", got)
	}
	// A new file that was never completed does not appear at all.
	data = x.epsv()
	x.cmd(150, "STOR fresh.bin")
	data.Write([]byte("some"))
	x.cmd(213, "STAT")
	x.cmd(200, "NOOP")
	x.tp.PrintfLine("ABOR")
	x.expect(426)
	x.expect(226)
	if _, err := os.Stat(filepath.Join(root, "fresh.bin")); !os.IsNotExist(err) {
		t.Errorf("fresh.bin exists after an aborted STOR: %v", err)
	}
	// A client whose data connection is reset mid-upload.
	data = x.epsv()
	x.cmd(150, "STOR README.txt")
	data.Write([]byte("broken"))
	data.(*net.TCPConn).SetLinger(0)
	data.Close()
	code, _ := x.read()
	if code != 226 && code != 426 {
		t.Errorf("after a reset: %d", code)
	}
	if code == 426 {
		if got, _ := os.ReadFile(filepath.Join(root, "README.txt")); string(got) != testFiles["README.txt"] {
			t.Errorf("README.txt after a reset STOR: %q", got)
		}
	}
	waitFor(t, "temporary files to go", func() bool { return !hasTemp(root) })
}

func hasTemp(root string) bool {
	found := false
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		found = found || d != nil && strings.HasPrefix(d.Name(), uploadPrefix)
		return nil
	})
	return found
}

// TestShutdown lets a transfer finish while idle sessions are told 421.
func TestShutdown(t *testing.T) {
	t.Parallel()
	srv, addr, root := startServer(t, func(c *Config) { c.Write = true })
	idle := dial(t, addr)
	x := dial(t, addr)
	x.login("alice", "secret")
	data := x.epsv()
	x.cmd(150, "STOR during.bin")
	data.Write([]byte("first half "))

	done := make(chan error, 1)
	go func() { done <- srv.Shutdown(context.Background()) }()
	idle.expect(421)
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		// The listener is closed at once.
		t.Error("a new connection was accepted during shutdown")
	}
	data.Write([]byte("second half"))
	data.Close()
	x.expect(226)
	x.expect(421)
	if err := <-done; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(root, "during.bin")); string(got) != "first half second half" {
		t.Errorf("upload across shutdown: %q", got)
	}

	// A transfer still running when the grace period ends is aborted,
	// without replacing its target.
	srv2, addr2, root2 := startServer(t, func(c *Config) { c.Write = true })
	y := dial(t, addr2)
	y.login("alice", "secret")
	unfinished := y.epsv()
	defer unfinished.Close() // keeps it open: a collected conn is closed by its finalizer
	y.cmd(150, "STOR README.txt")
	unfinished.Write([]byte("never finished"))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := srv2.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown past its deadline: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(root2, "README.txt")); string(got) != testFiles["README.txt"] {
		t.Errorf("README.txt after a forced shutdown: %q", got)
	}
	if hasTemp(root2) {
		t.Error("a temporary file is left after Close")
	}
}

func TestIPv6(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	l.Close()
	_, _, root := startServer(t, nil)
	cfg := Config{Root: root, Anonymous: true, Logger: testLogger(t), DataTimeout: 5 * time.Second}
	_, addr, _ := startServerConfig(t, cfg, "tcp6", "[::1]:0")
	x := dial(t, addr)
	x.login("anonymous", "x")
	x.cmd(425, "PASV")
	x.cmd(522, "EPSV 1")
	x.cmd(500, "PORT 127,0,0,1,39,16")
	if got := x.retr(x.epsv(), "README.txt"); string(got) != testFiles["README.txt"] {
		t.Errorf("EPSV over IPv6: %q", got)
	}
	x.cmd(229, "EPSV 2")
	x.cmd(200, "NOOP")
	accept := x.active(true)
	x.tp.PrintfLine("RETR README.txt")
	data := accept()
	x.expect(150)
	got, _ := io.ReadAll(data)
	x.expect(226)
	if string(got) != testFiles["README.txt"] {
		t.Errorf("EPRT over IPv6: %q", got)
	}
}
