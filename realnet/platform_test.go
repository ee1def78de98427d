package realnet

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// sockoptFamilies are the files each socket option needs, one per family
// of socket API: sockopt_unix.go (linux, darwin, BSDs), sockopt_windows.go
// and sockopt_other.go (the rest, a no-op).
var sockoptFamilies = []string{"sockopt_unix.go", "sockopt_windows.go", "sockopt_other.go"}

var setsockopt = regexp.MustCompile(`syscall\.Setsockopt[A-Za-z]*\(`)

// TestSocketOptionsPerPlatform: socket options are set only in
// sockopt_*.go files (the fd is an int on Unix, a Handle on Windows), and
// every folder with one has all of sockoptFamilies. That each target
// builds is checked by .ci/run (a cross-build of the module per target
// took minutes, too long for a test).
func TestSocketOptionsPerPlatform(t *testing.T) {
	root := ".." // the module
	folders := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		if strings.HasPrefix(d.Name(), "sockopt_") {
			folders[filepath.Dir(p)] = true
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if setsockopt.Match(src) {
			t.Errorf("%s sets a socket option: move it to sockopt_unix.go and siblings", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(folders) == 0 {
		t.Fatal("no sockopt_*.go files found under the module")
	}
	for dir := range folders {
		for _, f := range sockoptFamilies {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("%s has sockopt files but no %s: %v", dir, f, err)
			}
		}
	}
}
