//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ftplab/lessons"
	"ftplab/sim/golden"
)

// TestLabWithoutTerminal runs the real binary 20 times under setsid, with
// stdin from /dev/null, so that it has no controlling terminal: it prints
// one line and exits 1, and never panics (issue 9 item 13). With
// --reset-progress it forgets the progress and exits 0.
func TestLabWithoutTerminal(t *testing.T) {
	setsid, err := exec.LookPath("setsid")
	if err != nil {
		t.Skip("setsid not installed:", err)
	}
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "ftplab")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	state := t.TempDir()
	var ftplab func(args ...string) (int, string, string)
	lab := func(args ...string) (int, string, string) {
		t.Helper()
		return ftplab(append([]string{"lab"}, args...)...)
	}
	ftplab = func(args ...string) (int, string, string) {
		t.Helper()
		cmd := exec.Command(setsid, append([]string{bin}, args...)...)
		cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+state)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run() // stdin is /dev/null when cmd.Stdin is nil
		var ee *exec.ExitError
		switch {
		case err == nil:
			return 0, out.String(), errb.String()
		case errors.As(err, &ee):
			return ee.ExitCode(), out.String(), errb.String()
		}
		t.Fatalf("run: %v", err)
		return 0, "", ""
	}
	for i := range 20 {
		code, out, errs := lab("--scenario", "a")
		if code != 1 || out != "" || strings.Count(errs, "\n") != 1 ||
			!strings.HasPrefix(errs, "ftplab lab: no terminal to draw on") || strings.Contains(errs, "panic") {
			t.Fatalf("run %d: exit %d, stdout %q, stderr %q; want exit 1 and one line about the terminal", i+1, code, out, errs)
		}
	}

	// ftplab open draws on the terminal too.
	capture := filepath.Join(golden.Oracle(t), "captures", "c-PORT-rc.pcap")
	if _, err := os.Stat(capture); err == nil {
		for i := range 20 {
			code, _, errs := ftplab("open", capture)
			if code != 1 || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "ftplab open: no terminal to draw on") {
				t.Fatalf("open, run %d: exit %d, stderr %q", i+1, code, errs)
			}
		}
	} else {
		t.Logf("ftplab open not tried: no kernel capture (%v)", err)
	}

	st := lessons.NewStore(filepath.Join(state, "ftplab"))
	if err := st.Save(&lessons.Progress{Current: "ftps", Finished: []string{"two-connections"}}); err != nil {
		t.Fatal(err)
	}
	code, out, errs := lab("--reset-progress")
	if code != 0 || !strings.Contains(out, "progress reset") || errs != "" {
		t.Fatalf("--reset-progress: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if _, err := os.Stat(st.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("progress file still there after --reset-progress: %v", err)
	}
}
