package classroom

import (
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ftplab/realnet/peertest"
)

// pane is one tmux window running a command, read as the user sees it.
type pane struct {
	t    *testing.T
	tmux string
	sock string
	name string
}

func (p pane) run(args ...string) string {
	p.t.Helper()
	out, err := exec.Command(p.tmux, append([]string{"-L", p.sock}, args...)...).CombinedOutput()
	if err != nil {
		p.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (p pane) keys(keys ...string) { p.run(append([]string{"send-keys", "-t", p.name}, keys...)...) }

func (p pane) screen() string { return p.run("capture-pane", "-p", "-t", p.name) }

// waitFor waits until the pane shows every one of want.
func (p pane) waitFor(want ...string) string {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := p.screen()
		missing := ""
		for _, w := range want {
			if !strings.Contains(s, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return s
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("pane %s lacks %q:\n%s", p.name, missing, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// classTmux starts the built ftplab's classroom in tmux on a free
// loopback port and returns the teacher's pane, the port and a function
// that opens a pane running a command.
func classTmux(t *testing.T, code string) (teacher pane, port int, open func(name, cmd string) pane) {
	if testing.Short() {
		t.Skip("builds the binary and runs OpenSSH")
	}
	tmux := peertest.Require(t, "tmux")
	peertest.Require(t, "ssh")
	dir := t.TempDir()
	bin := filepath.Join(t.TempDir(), "ftplab")
	if out, err := exec.Command("go", "build", "-o", bin, "ftplab/cmd/ftplab").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	sock := fmt.Sprintf("ftplab-class-test-%d", os.Getpid())
	t.Cleanup(func() { exec.Command(tmux, "-L", sock, "kill-server").Run() })
	open = func(name, cmd string) pane {
		p := pane{t: t, tmux: tmux, sock: sock, name: name}
		p.run("new-session", "-d", "-x", "110", "-y", "32", "-s", name, cmd+"; echo EXITED $?; sleep 60")
		return p
	}
	port = peertest.FreePort(t)
	teacher = open("teacher", fmt.Sprintf("env TERM=xterm-256color XDG_STATE_HOME=%s %s classroom --listen 127.0.0.1:%d --code %s",
		dir, bin, port, code))
	teacher.waitFor("join code " + code)
	t.Cleanup(func() { // the class ends: every lab saves its progress
		teacher.keys("q")
		teacher.waitFor("EXITED 0")
	})
	return teacher, port, open
}

// sshCmd is the OpenSSH command line of a student.
func sshCmd(port int, args string) string {
	return fmt.Sprintf("env TERM=xterm-256color ssh -p %d -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "+
		"-o PubkeyAuthentication=no -o PreferredAuthentications=password -o NumberOfPasswordPrompts=1 %s", port, args)
}

// TestOpenSSHStudent: a student logs in with the real ssh client and the
// class's code, steps to a checkpoint and answers it; the teacher's
// dashboard shows them and the class's answer; follow mode moves them.
func TestOpenSSHStudent(t *testing.T) {
	const code = "k7mx2pqr"
	teacher, port, open := classTmux(t, code)
	alice := open("alice", sshCmd(port, "alice@127.0.0.1"))
	alice.waitFor("password:")
	alice.keys(code, "Enter")
	alice.waitFor("step 0/")
	teacher.waitFor("alice", "on")
	asked := false
	for range 40 { // step until the first checkpoint
		alice.keys("Right")
		if strings.Contains(alice.screen(), "Predict, then see") {
			asked = true
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !asked {
		t.Fatalf("no checkpoint after 40 steps:\n%s", alice.screen())
	}
	alice.waitFor("your answer:")
	alice.keys("21", "Enter")
	alice.waitFor("Correct")
	teacher.waitFor("1 answered", "21", "1/1", "not revealed")

	// Follow mode: the teacher makes the class follow bob's run; bob
	// steps and alice's screen follows.
	bob := open("bob", sshCmd(port, "bob@127.0.0.1"))
	bob.waitFor("password:")
	bob.keys(code, "Enter")
	bob.waitFor("step 0/")
	teacher.waitFor("bob")
	teacher.keys("Down", "Down") // rows: header, alice, bob
	teacher.keys("f")
	teacher.waitFor("the class follows bob")
	alice.keys("Enter") // alice leaves her checkpoint: the follow moves her back to bob's step 0
	alice.waitFor("step 0/")
	bob.keys("Right")
	bob.waitFor("step 1/")
	alice.waitFor("step 1/")

	teacher.keys("f") // follow mode off: alice at her own pace
	teacher.waitFor("follow mode off")
	alice.keys("Right")
	alice.waitFor("step 2/")
	alice.keys("q")
	alice.waitFor("EXITED 0")
	teacher.waitFor("left")

	// Alice reconnects: her lab resumes where she stopped.
	again := open("alice2", sshCmd(port, "alice@127.0.0.1"))
	again.waitFor("password:")
	again.keys(code, "Enter")
	again.waitFor("step 2/", "checkpoint 1/")
}

// TestOpenSSHRefusals: a wrong code, a command, a shell without a
// terminal, local and remote port forwarding are refused, each saying so.
func TestOpenSSHRefusals(t *testing.T) {
	const code = "k7mx2pqr"
	_, port, open := classTmux(t, code)
	cases := []struct {
		name, args, pass string
		want             []string
	}{
		{"wrongcode", "carol@127.0.0.1", "nope", []string{"Permission denied", "EXITED 255"}},
		{"exec", "carol@127.0.0.1 ls /", code, []string{"runs no commands", "EXITED 1"}},
		{"shell", "-T carol@127.0.0.1", code, []string{"needs a terminal", "EXITED 1"}},
		{"remote", "-N -o ExitOnForwardFailure=yes -R 127.0.0.1:0:127.0.0.1:9 carol@127.0.0.1", code,
			[]string{"remote port forwarding failed", "EXITED 255"}},
		{"subsystem", "-s carol@127.0.0.1 sftp", code, []string{"no subsystems", "EXITED 1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := open(tc.name, sshCmd(port, tc.args))
			p.waitFor("password:")
			p.keys(tc.pass, "Enter")
			p.waitFor(tc.want...)
		})
	}
	t.Run("local", func(t *testing.T) {
		fwd := peertest.FreePort(t)
		p := open("local", sshCmd(port, fmt.Sprintf("-N -L 127.0.0.1:%d:127.0.0.1:%d carol@127.0.0.1", fwd, port)))
		p.waitFor("password:")
		p.keys(code, "Enter")
		var c net.Conn
		var err error
		for range 100 { // until ssh listens on the forwarded port
			if c, err = net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", fwd)); err == nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if err != nil {
			t.Fatalf("ssh -L never listened: %v", err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		if b, err := io.ReadAll(c); len(b) > 0 {
			t.Errorf("the forwarded connection carried %q (%v): forwarding was allowed", b, err)
		}
		p.waitFor("administratively prohibited", "port forwarding is not allowed")
	})
}
