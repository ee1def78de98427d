package ftpd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStaleTempsRemoved checks that New removes the temporary files an
// upload killed with the server (kill -9) left behind, and keeps one
// touched within the data timeout (an upload of another server on the
// same root).
func TestStaleTempsRemoved(t *testing.T) {
	t.Parallel()
	old := time.Now().Add(-time.Hour)
	stale := []string{uploadPrefix + "dead", "pub/sub/" + uploadPrefix + "dead2"}
	live := "pub/" + uploadPrefix + "live"
	var root string
	startServer(t, func(c *Config) {
		root = c.Root
		for _, n := range append(stale, live) {
			p := filepath.Join(root, filepath.FromSlash(n))
			if err := os.WriteFile(p, []byte("partial"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, n := range stale {
			os.Chtimes(filepath.Join(root, filepath.FromSlash(n)), old, old)
		}
	})
	for _, n := range stale {
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(n))); !os.IsNotExist(err) {
			t.Errorf("stale %s still there at start: %v", n, err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(live))); err != nil {
		t.Errorf("recent %s removed at start: %v", live, err)
	}
}

// TestTempNamesUnreachable checks that no client can create, read, see,
// rename to or delete a name under the upload prefix.
func TestTempNamesUnreachable(t *testing.T) {
	t.Parallel()
	live := "pub/" + uploadPrefix + "live"
	_, addr, root := startServer(t, func(c *Config) {
		c.Write = true
		os.MkdirAll(filepath.Join(c.Root, "pub"), 0o755)
		os.WriteFile(filepath.Join(c.Root, filepath.FromSlash(live)), []byte("partial"), 0o644)
	})
	x := dial(t, addr)
	x.login("alice", "secret")
	for _, verb := range []string{"STOR " + uploadPrefix + "mine", "APPE pub/" + uploadPrefix + "live", "STOU " + uploadPrefix + "u"} {
		x.epsv().Close()
		x.cmd(553, "%s", verb)
	}
	runScript(t, x, []step{
		{"RETR " + live, 425}, // no data connection: the name is checked after
		{"SIZE " + live, 550},
		{"MDTM " + live, 550},
		{"MLST " + live, 550},
		{"DELE " + live, 550},
		{"RNFR " + live, 550},
		{"RNFR README.txt", 350},
		{"RNTO " + uploadPrefix + "x", 550},
		{"MKD " + uploadPrefix + "d", 550},
		{"CWD " + uploadPrefix + "d", 550},
		{"CWD pub/" + uploadPrefix + "live/..", 250}, // cleaned to pub: no element left
	})
	data := x.epsv()
	x.cmd(550, "RETR /%s", live)
	data.Close()
	for _, l := range append(x.list("LIST", "-a /pub"), x.list("NLST", "/pub")...) {
		if strings.Contains(l, uploadPrefix) {
			t.Errorf("listing shows %q", l)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "README.txt")); err != nil {
		t.Errorf("README.txt renamed: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(root, filepath.FromSlash(live))); string(got) != "partial" {
		t.Errorf("%s changed: %q", live, got)
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), uploadPrefix) {
			t.Errorf("a client created %s", e.Name())
		}
	}
}
