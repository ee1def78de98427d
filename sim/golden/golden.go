// Package golden is the one golden-file helper of the module's tests:
// Check compares what a test produced with a file under testdata, and
// rewrites the file instead when the test binary runs with -update
// (go test ./sim -run Golden -update). Every golden test in the module
// uses it, so that one flag, one message and one diff format serve all.
//
// It is test support: only _test.go files import it. It lives under sim,
// the owner of the timelines most goldens hold, as its own package so
// that sim itself stays pure (golden reads and writes files).
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// update is registered once per test binary that imports golden.
var update = flag.Bool("update", false, "rewrite the golden files in testdata instead of comparing")

// Update reports whether the test binary runs with -update.
func Update() bool { return *update }

// Check compares got with the file at path. Under -update it writes got
// there instead (creating the directory). A difference fails the test
// with the first line that differs; a missing file says how to make it.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
			return
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
		return
	}
	if string(got) != string(want) {
		t.Errorf("%s differs (go test -update rewrites it, after checking):\n%s", path, FirstDiff(string(got), string(want)))
	}
}

// FirstDiff describes the first line where got and want part, or how
// their lengths differ.
func FirstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + g[i] + "\nwant: " + w[i]
		}
	}
	return "got " + strconv.Itoa(len(g)) + " lines, want " + strconv.Itoa(len(w))
}
