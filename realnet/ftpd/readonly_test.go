package ftpd

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadOnlyFilesystem serves, with Write on, a root that a read-only
// bind mount covers (in a mount namespace of its own, so the host sees
// nothing). Every write must be refused as vsftpd refuses it, 553 for an
// upload and 550 for the rest, never 451 (a local error). It needs root
// and unshare(1).
func TestReadOnlyFilesystem(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root for a read-only bind mount in a private mount namespace")
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("needs unshare(1) (util-linux)")
	}
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "pub"), 0o755)
	os.WriteFile(filepath.Join(root, "README.txt"), []byte("hello\n"), 0o644)
	// The server runs in the new namespace, where root is read-only.
	script := `mount --bind "$FTPD_HELPER_ROOT" "$FTPD_HELPER_ROOT" &&
mount -o remount,ro,bind "$FTPD_HELPER_ROOT" "$FTPD_HELPER_ROOT" &&
exec "$0" -test.run='^TestHelperServer$'`
	cmd := exec.Command(unshare, "--mount", "--propagation", "private", "sh", "-c", script, os.Args[0])
	cmd.Env = append(os.Environ(), "FTPD_HELPER_ROOT="+root, "FTPD_HELPER_WRITE=1")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		cmd.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "addr ") {
		t.Fatalf("helper server in a mount namespace: %q, %v", line, err)
	}
	x := dial(t, strings.TrimSpace(strings.TrimPrefix(line, "addr ")))
	x.login("anonymous", "me@")
	for _, verb := range []string{"STOR x", "APPE README.txt", "STOU"} {
		x.epsv().Close()
		x.cmd(553, "%s", verb)
	}
	runScript(t, x, []step{
		{"DELE README.txt", 550},
		{"MKD d", 550},
		{"RMD pub", 550},
		{"RNFR README.txt", 350},
		{"RNTO moved.txt", 550},
		{"RETR README.txt", 425}, // reading still works: no data connection yet
	})
	if got, _ := os.ReadFile(filepath.Join(root, "README.txt")); string(got) != "hello\n" {
		t.Errorf("README.txt changed under a read-only mount: %q", got)
	}
}
