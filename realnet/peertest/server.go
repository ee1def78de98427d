package peertest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a running FTP server started for one test.
type Server struct {
	Addr string // "127.0.0.1:port", the control connection's address
	Port int    // the port of Addr

	// Root is the directory served as "/"; the test's files are in it,
	// read-only to the FTP session.
	Root string
	// UploadDir, when uploads were asked for, is Root/upload: writable by
	// the FTP session, seen by clients as "/upload".
	UploadDir string

	User, Password string // the login: "anonymous" for vsftpd, a virtual user for pure-ftpd

	PID              int // the server's process id
	PasvMin, PasvMax int // the server's private passive port range

	// CertFile is the PEM certificate the server presents when TLS is on
	// (explicit FTPS, AUTH TLS), for clients that verify it; "" otherwise.
	CertFile string

	logs *logs
}

// URL returns an ftp:// URL for path on the server, with the login in it
// (escaped: the anonymous password holds an "@").
func (s *Server) URL(path string) string {
	u := url.URL{
		Scheme: "ftp",
		User:   url.UserPassword(s.User, s.Password),
		Host:   s.Addr,
		Path:   "/" + strings.TrimPrefix(path, "/"),
	}
	return u.String()
}

// Logs returns what the server wrote so far: its standard output and error,
// then its log files.
func (s *Server) Logs() string { return s.logs.String() }

// Uploaded returns the contents of a file a client uploaded into UploadDir.
func (s *Server) Uploaded(name string) ([]byte, error) {
	if s.UploadDir == "" {
		return nil, errors.New("peer: server started without uploads")
	}
	return os.ReadFile(filepath.Join(s.UploadDir, filepath.FromSlash(name)))
}

// logs is a server's standard output and error, and the log files it
// writes, shown when the test fails.
type logs struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	files []string
}

func (l *logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logs) String() string {
	l.mu.Lock()
	out := l.buf.String()
	l.mu.Unlock()
	for _, f := range l.files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		out += "--- " + filepath.Base(f) + "\n" + string(b)
	}
	return out
}

// startTimeout bounds how long a server may take to greet.
const startTimeout = 5 * time.Second

// start runs argv as a server for s, in its own process group so that its
// session processes go with it, waits until s.Addr greets with 220, and
// stops the group in t.Cleanup. On a failed test it logs the server's logs.
func start(t testing.TB, s *Server, name string, argv []string) {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = filepath.Dir(s.Root)
	cmd.Stdout, cmd.Stderr = s.logs, s.logs
	cmd.SysProcAttr = groupAttr()
	if err := cmd.Start(); err != nil {
		t.Fatalf("peer: starting %s: %v", name, err)
	}
	s.PID = cmd.Process.Pid
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	t.Cleanup(func() {
		// The group is ours: its leader is the process started above.
		stopGroup(cmd.Process, false)
		select {
		case <-exited:
		case <-time.After(2 * time.Second):
			stopGroup(cmd.Process, true)
			<-exited
		}
		if t.Failed() {
			t.Logf("%s (pid %d) on %s logged:\n%s", name, s.PID, s.Addr, s.Logs())
		}
	})

	deadline := time.Now().Add(startTimeout)
	var last error
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			exited <- err // for the cleanup
			t.Fatalf("peer: %s exited before greeting (%v); it logged:\n%s", name, err, s.Logs())
		default:
		}
		if last = greets(s.Addr); last == nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("peer: %s did not greet with 220 on %s within %v (last: %v); it logged:\n%s",
		name, s.Addr, startTimeout, last, s.Logs())
}

// greets dials addr and reads the first reply line, which must be a 220.
func greets(addr string) error {
	c, err := net.DialTimeout("tcp4", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "220") {
		return fmt.Errorf("greeting %q", strings.TrimSpace(line))
	}
	_, _ = c.Write([]byte("QUIT\r\n"))
	return nil
}

// Passive port ranges are handed out below the kernel's ephemeral range
// (32768-60999 on Linux), so they never collide with FreePort's ports or a
// client's local ports, and never twice within one test binary. Their base
// is random so that test binaries running side by side rarely meet.
const (
	pasvLow   = 20000
	pasvHigh  = 32000
	pasvWidth = 16
)

var pasvMu sync.Mutex
var pasvTaken = map[int]bool{}

// pasvRange returns a range of pasvWidth ports that can all be bound now.
func pasvRange(t testing.TB) (lo, hi int) {
	t.Helper()
	pasvMu.Lock()
	defer pasvMu.Unlock()
	slots := (pasvHigh - pasvLow) / pasvWidth
	for range 100 {
		slot := rand.IntN(slots)
		if pasvTaken[slot] {
			continue
		}
		lo = pasvLow + slot*pasvWidth
		hi = lo + pasvWidth - 1
		if allFree(lo, hi) {
			pasvTaken[slot] = true
			t.Cleanup(func() {
				pasvMu.Lock()
				delete(pasvTaken, slot)
				pasvMu.Unlock()
			})
			return lo, hi
		}
	}
	t.Fatal("peer: no free passive port range")
	return 0, 0
}

func allFree(lo, hi int) bool {
	for p := lo; p <= hi; p++ {
		ln, err := net.Listen("tcp4", "127.0.0.1:"+strconv.Itoa(p))
		if err != nil {
			return false
		}
		ln.Close()
	}
	return true
}

// newServer makes the directories of a server for t: a private base
// directory holding root (the served tree, with files and, if upload, a
// directory "upload" owned by uid:gid) and whatever else the server needs.
// Every directory on the way down is made traversable, since the session
// runs as an unprivileged user.
func newServer(t testing.TB, files map[string][]byte, filesDir string, upload bool, uid, gid int) (*Server, string) {
	t.Helper()
	base := t.TempDir()
	// t.TempDir's directory and its parent are 0700; the session user
	// must get through them.
	for _, d := range []string{base, filepath.Dir(base)} {
		if d == filepath.Clean(os.TempDir()) {
			break
		}
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatalf("peer: %v", err)
		}
	}
	root := filepath.Join(base, "root")
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatalf("peer: %v", err)
	}
	if filesDir != "" {
		if err := copyTree(root, filesDir); err != nil {
			t.Fatalf("peer: copying %s: %v", filesDir, err)
		}
	}
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if !strings.HasPrefix(p, root+string(filepath.Separator)) {
			t.Fatalf("peer: file name %q leaves the root", name)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatalf("peer: %v", err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatalf("peer: %v", err)
		}
	}
	s := &Server{Root: root, logs: &logs{}}
	if upload {
		s.UploadDir = filepath.Join(root, "upload")
		if err := os.MkdirAll(s.UploadDir, 0o755); err != nil {
			t.Fatalf("peer: %v", err)
		}
		if err := os.Chown(s.UploadDir, uid, gid); err != nil {
			t.Fatalf("peer: %v", err)
		}
	}
	s.PasvMin, s.PasvMax = pasvRange(t)
	s.Port = FreePort(t)
	s.Addr = "127.0.0.1:" + strconv.Itoa(s.Port)
	return s, base
}

// copyTree copies the regular files and directories under src into dst,
// world-readable.
func copyTree(dst, src string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(target, b, 0o644)
		}
		return nil
	})
}

// sessionUser is the unprivileged account FTP sessions run as, the one
// Debian's vsftpd package would create (.ci/run creates it the same way).
// vsftpd changes into its home directory before it chroots into the
// anonymous root, so the home must exist: nobody's (/nonexistent) would
// fail every login with "500 OOPS: cannot change directory".
const sessionUser = "ftp"

// sessionIDs returns the uid and gid of sessionUser, skipping (or, if
// Required(), failing) the test when the account or its home is missing.
func sessionIDs(t testing.TB) (uid, gid int) {
	t.Helper()
	u, err := user.Lookup(sessionUser)
	if err == nil {
		if _, err = os.Stat(u.HomeDir); err == nil {
			uid, err = strconv.Atoi(u.Uid)
		}
		if err == nil {
			gid, err = strconv.Atoi(u.Gid)
		}
	}
	if err == nil {
		return uid, gid
	}
	msg := "the FTP session account " + sessionUser + " with an existing home is missing (" + err.Error() +
		"); run `bash .ci/run` once, which creates it as Debian's vsftpd package does"
	if Required() {
		t.Fatal(msg)
	} else {
		t.Skip(msg)
	}
	return 0, 0
}
