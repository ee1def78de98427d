package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errs  []string
	fatal bool
}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(f string, a ...any) { r.errs = append(r.errs, fmtS(f, a...)) }
func (r *recorder) Fatalf(f string, a ...any) { r.errs = append(r.errs, fmtS(f, a...)); r.fatal = true }
func (r *recorder) Fatal(a ...any)            { r.errs = append(r.errs, fmtS("%v", a...)); r.fatal = true }

func TestCheck(t *testing.T) {
	if Update() {
		t.Skip("-update given: Check writes instead of comparing")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "x.golden")
	if err := os.WriteFile(path, []byte("one\ntwo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path, got string
		want            string // part of the only failure; "" = pass
	}{
		{"same", path, "one\ntwo\n", ""},
		{"line differs", path, "one\n2\n", "line 2:\n got: 2\nwant: two"},
		{"longer", path, "one\ntwo\nthree\n", "line 3:\n got: three\nwant: "},
		{"no final newline", path, "one\ntwo", "got 2 lines, want 3"},
		{"missing", filepath.Join(dir, "none.golden"), "x", "go test -update creates it"},
	} {
		r := &recorder{TB: t}
		Check(r, c.path, []byte(c.got))
		switch {
		case c.want == "" && len(r.errs) != 0:
			t.Errorf("%s: failed: %q", c.name, r.errs)
		case c.want != "" && (len(r.errs) != 1 || !strings.Contains(r.errs[0], c.want)):
			t.Errorf("%s: failures %q, want one containing %q", c.name, r.errs, c.want)
		}
	}
}
func fmtS(f string, a ...any) string { return fmt.Sprintf(f, a...) }
