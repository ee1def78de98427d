package ftpd

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"ftplab/realnet"
)

// TestHelperServer is not a test: TestThousandSessions runs the test
// binary again with FTPD_HELPER_ROOT set, so that the server has a
// process, and a peak RSS, of its own. FTPD_HELPER_WRITE=1 turns
// Config.Write on.
func TestHelperServer(t *testing.T) {
	root := os.Getenv("FTPD_HELPER_ROOT")
	if root == "" {
		t.Skip("helper process only")
	}
	write := os.Getenv("FTPD_HELPER_WRITE") == "1"
	srv, err := New(Config{Root: root, Anonymous: true, Write: write, DataTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	l, err := realnet.OS{}.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	fmt.Printf("addr %s\n", l.Addr())
	io.Copy(io.Discard, os.Stdin) // until the parent closes stdin
	srv.Close()
}

// TestThousandSessions runs 1000 concurrent sessions (login, LIST, RETR
// of 1 MiB, QUIT) and checks the server's peak RSS stays under 200 MiB.
func TestThousandSessions(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 1000 sessions")
	}
	root := t.TempDir()
	body := randomBytes(t, 1<<20)
	os.WriteFile(filepath.Join(root, "file.bin"), body, 0o644)

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperServer$")
	cmd.Env = append(os.Environ(), "FTPD_HELPER_ROOT="+root)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		cmd.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "addr ") {
		t.Fatalf("helper server: %q, %v", line, err)
	}
	addr := strings.TrimSpace(strings.TrimPrefix(line, "addr "))

	const n = 1000
	var wg sync.WaitGroup
	errs := make(chan error, n)
	start := time.Now()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- oneSession(addr, body)
		}()
	}
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		if err != nil {
			if failed < 5 {
				t.Error(err)
			}
			failed++
		}
	}
	hwm := peakRSS(t, cmd.Process.Pid)
	t.Logf("%d sessions in %v, %d failed; server peak RSS %d MiB", n, time.Since(start).Round(time.Millisecond), failed, hwm>>20)
	if hwm > 200<<20 {
		t.Errorf("server peak RSS %d MiB, want under 200 MiB", hwm>>20)
	}
}

// oneSession logs in, lists, fetches file.bin over EPSV and quits,
// without the testing helpers (they may not fail from other goroutines).
func oneSession(addr string, want []byte) error {
	c, err := net.DialTimeout("tcp", addr, 30*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Minute))
	r := bufio.NewReader(c)
	expect := func(code string) (string, error) {
		for {
			l, err := r.ReadString('\n')
			if err != nil {
				return "", fmt.Errorf("want %s: %v", code, err)
			}
			if len(l) >= 4 && l[3] == '-' {
				continue
			}
			if !strings.HasPrefix(l, code+" ") {
				return "", fmt.Errorf("want %s, got %q", code, l)
			}
			return l, nil
		}
	}
	send := func(line, code string) (string, error) {
		if _, err := io.WriteString(c, line+"\r\n"); err != nil {
			return "", err
		}
		return expect(code)
	}
	fetch := func(cmd string) ([]byte, error) {
		l, err := send("EPSV", "229")
		if err != nil {
			return nil, err
		}
		var port int
		fmt.Sscanf(l[strings.Index(l, "|||")+3:], "%d", &port)
		d, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 30*time.Second)
		if err != nil {
			return nil, err
		}
		defer d.Close()
		if _, err := send(cmd, "150"); err != nil {
			return nil, err
		}
		b, err := io.ReadAll(d)
		if err != nil {
			return nil, err
		}
		_, err = expect("226")
		return b, err
	}
	steps := []func() error{
		func() error { _, err := expect("220"); return err },
		func() error { _, err := send("USER anonymous", "331"); return err },
		func() error { _, err := send("PASS x", "230"); return err },
		func() error { _, err := fetch("LIST"); return err },
		func() error {
			b, err := fetch("RETR file.bin")
			if err == nil && !bytes.Equal(b, want) {
				err = fmt.Errorf("RETR: %d bytes differ", len(b))
			}
			return err
		},
		func() error { _, err := send("QUIT", "221"); return err },
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}

// peakRSS reads VmHWM, the peak resident set size, of a process.
func peakRSS(t *testing.T, pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:")), "%d", &kb)
			return kb << 10
		}
	}
	t.Skip("no VmHWM")
	return 0
}
