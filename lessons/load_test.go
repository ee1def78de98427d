package lessons

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// loadDir runs Load on dir, failing the test if it does not return within
// a few seconds (a FIFO once blocked it forever).
func loadDir(t *testing.T, dir string) []*Lesson {
	t.Helper()
	type result struct {
		ls  []*Lesson
		err error
	}
	done := make(chan result, 1)
	go func() {
		ls, err := Load(os.DirFS(dir))
		done <- result{ls, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("Load(%s): %v", dir, r.err)
		}
		return r.ls
	case <-time.After(10 * time.Second):
		t.Fatalf("Load(%s) still running after 10 s", dir)
		return nil
	}
}

// checkRefused asserts that Load returns good.md intact and the lesson
// named bad with a single whole-file problem containing want.
func checkRefused(t *testing.T, ls []*Lesson, bad, want string) {
	t.Helper()
	if len(ls) != 2 {
		t.Fatalf("loaded %d lessons, want 2 (good.md and %s)", len(ls), bad)
	}
	for _, l := range ls {
		switch l.File {
		case "good.md":
			if l.ID != "good" {
				t.Errorf("good.md: id %q, want good", l.ID)
			}
		case bad:
			if len(l.Problems) != 1 || !strings.HasPrefix(l.Problems[0].String(), bad+": "+want) {
				t.Errorf("%s: problems %v, want one starting %q", bad, l.Problems, bad+": "+want)
			}
		default:
			t.Errorf("unexpected lesson %s", l.File)
		}
	}
}

// TestLoadRefusesOversized: a lesson over MaxLessonSize is reported, not
// read (a 50 MB lesson once took 1.4 GiB).
func TestLoadRefusesOversized(t *testing.T) {
	for _, c := range []struct {
		name string
		size int
		want string // "" when the file is read
	}{
		{"at the cap", MaxLessonSize, ""},
		{"one byte over", MaxLessonSize + 1, "1048577 bytes: a lesson may have at most 1048576"},
		{"50 MB", 50 << 20, "52428800 bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "good.md"), good)
			big := filepath.Join(dir, "big.md")
			writeFile(t, big, good)
			// Padded with zeros, sparse where the file system allows.
			if err := os.Truncate(big, int64(c.size)); err != nil {
				t.Fatal(err)
			}
			ls := loadDir(t, dir)
			if c.want != "" {
				checkRefused(t, ls, "big.md", c.want)
				return
			}
			for _, l := range ls {
				if l.File == "big.md" && l.ID != "good" {
					t.Errorf("big.md at the cap not read: id %q, problems %v", l.ID, l.Problems)
				}
			}
		})
	}
}

func TestLoadRefusesFolderNamedMd(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "good.md"), good)
	if err := os.Mkdir(filepath.Join(dir, "sub.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A folder is skipped, as before: it is not a lesson at all.
	if ls := loadDir(t, dir); len(ls) != 1 || ls[0].File != "good.md" {
		t.Errorf("loaded %v, want good.md only", ls)
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
