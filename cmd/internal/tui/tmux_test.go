package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ftplab/realnet/peertest"
)

// TestTmux runs the built binary in tmux as a user would: it draws, steps
// on Space and →, quits on q and leaves the terminal restored.
func TestTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	tmux := peertest.Require(t, "tmux")
	dir := t.TempDir()
	bin := filepath.Join(dir, "ftplab")
	if out, err := exec.Command("go", "build", "-o", bin, "ftplab/cmd/ftplab").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	sock := fmt.Sprintf("ftplab-tui-test-%d", os.Getpid())
	run := func(args ...string) string {
		out, err := exec.Command(tmux, append([]string{"-L", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	run("new-session", "-d", "-x", "100", "-y", "30", "-s", "lab",
		// The state folder is not dir: dir/ftplab is the binary, not the
		// progress folder XDG_STATE_HOME/ftplab.
		"env TERM=xterm-256color XDG_STATE_HOME="+filepath.Join(dir, "state")+" "+bin+" lab --scenario a --mode PASV; echo FTPLAB-EXITED $?; sleep 30")
	t.Cleanup(func() { exec.Command(tmux, "-L", sock, "kill-server").Run() })
	capture := func() string { return run("capture-pane", "-p", "-t", "lab") }
	waitFor := func(want string) string {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			s := capture()
			if strings.Contains(s, want) {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("pane lacks %q:\n%s", want, s)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitFor("step 0/")
	run("send-keys", "-t", "lab", "Space")
	waitFor("step 1/")
	run("send-keys", "-t", "lab", "Right")
	waitFor("step 2/")
	run("send-keys", "-t", "lab", "q")
	s := waitFor("FTPLAB-EXITED 0")
	if strings.Contains(s, "timeline") || strings.Contains(s, "step 2/") {
		t.Errorf("the lab's screen is still there after q:\n%s", s)
	}
	if alt := strings.TrimSpace(run("display-message", "-p", "-t", "lab", "#{alternate_on}")); alt != "0" {
		t.Errorf("alternate screen still on after q (%q)", alt)
	}
}
