//go:build unix

package lessons

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestLoadRefusesSpecialFiles: a FIFO named *.md once blocked Load
// forever, and a symlink to /dev/zero ran it out of memory.
func TestLoadRefusesSpecialFiles(t *testing.T) {
	for _, c := range []struct {
		name string
		make func(path string) error
		want string
	}{
		{"fifo", func(p string) error { return syscall.Mkfifo(p, 0o644) }, "not a regular file (a named pipe)"},
		{"dev zero", func(p string) error { return os.Symlink("/dev/zero", p) }, "not a regular file (a character device)"},
		{"symlink to a folder", func(p string) error { return os.Symlink(filepath.Dir(p), p) }, "not a regular file (a folder)"},
		{"dangling symlink", func(p string) error { return os.Symlink(p+".missing", p) }, "cannot read: "},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := os.Stat("/dev/zero"); c.name == "dev zero" && err != nil {
				t.Skipf("no /dev/zero: %v", err)
			}
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "good.md"), good)
			if err := c.make(filepath.Join(dir, "bad.md")); err != nil {
				t.Fatal(err)
			}
			checkRefused(t, loadDir(t, dir), "bad.md", c.want)
		})
	}
}

// TestLoadFollowsSymlinkToLesson: a symlink to a regular lesson is read.
func TestLoadFollowsSymlinkToLesson(t *testing.T) {
	dir, other := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(other, "real.md"), good)
	if err := os.Symlink(filepath.Join(other, "real.md"), filepath.Join(dir, "good.md")); err != nil {
		t.Fatal(err)
	}
	if ls := loadDir(t, dir); len(ls) != 1 || ls[0].ID != "good" || ls[0].Err() != nil {
		t.Errorf("symlinked lesson: %+v", ls)
	}
}
