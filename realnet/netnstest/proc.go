//go:build linux

package netnstest

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Run runs argv inside the host's namespace and waits for it, at most
// timeout, returning its standard output and error.
func (l *Lab) Run(h Host, timeout time.Duration, argv ...string) (string, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ip", append([]string{"netns", "exec", l.ns[h]}, argv...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	// On timeout the whole group goes: argv's children too.
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("%s: still running after %v", argv[0], timeout)
	}
	return out.String(), errOut.String(), err
}

// Proc is a program started in a namespace for the rest of the test.
type Proc struct {
	PID  int
	name string
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

// Output returns what the program wrote so far (standard output and
// error).
func (p *Proc) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

func (p *Proc) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}

// Start runs argv inside the host's namespace in its own process group,
// and stops the group when the test ends (logging its output if the test
// failed). `ip netns exec` execs argv, so PID is the program's own.
func (l *Lab) Start(t testing.TB, h Host, argv ...string) *Proc {
	t.Helper()
	cmd := exec.Command("ip", append([]string{"netns", "exec", l.ns[h]}, argv...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	p := &Proc{name: argv[0], done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p, p
	if err := cmd.Start(); err != nil {
		t.Fatalf("netnstest: starting %s on the %s: %v", argv[0], h, err)
	}
	p.PID = cmd.Process.Pid
	go func() { cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		syscall.Kill(-p.PID, syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(2 * time.Second):
			syscall.Kill(-p.PID, syscall.SIGKILL)
			<-p.done
		}
		if t.Failed() {
			t.Logf("%s (pid %d) on the %s wrote:\n%s", p.name, p.PID, h, p.Output())
		}
	})
	return p
}

// WaitListening waits until something listens on TCP port in the host's
// namespace, at most timeout; it fails the test otherwise, or when p
// exits first.
func (l *Lab) WaitListening(t testing.TB, h Host, port int, p *Proc, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		out, _, _ := l.Run(h, time.Second, "ss", "-Hltn", "sport = :"+strconv.Itoa(port))
		if strings.TrimSpace(out) != "" {
			return
		}
		select {
		case <-p.done:
			t.Fatalf("netnstest: %s exited before listening on %d:\n%s", p.name, port, p.Output())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("netnstest: nothing listens on port %d on the %s after %v:\n%s", port, h, timeout, p.Output())
}

// StartServe starts `ftplab serve` (the binary bin) on port 21 of the
// server's namespace with the oracle's passive range and more flags, and
// waits until it listens.
func (l *Lab) StartServe(t testing.TB, bin string, flags ...string) *Proc {
	t.Helper()
	argv := append([]string{bin, "serve", "--addr", "0.0.0.0:21", "--pasv-ports",
		strconv.Itoa(PasvMin) + "-" + strconv.Itoa(PasvMax)}, flags...)
	p := l.Start(t, Server, argv...)
	l.WaitListening(t, Server, 21, p, 5*time.Second)
	return p
}
