package sim

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPurity fails if a non-test file imports anything outside the
// standard library, or a forbidden package (sockets, files, clocks,
// locks, the global random source), or starts a goroutine.
func TestPurity(t *testing.T) {
	forbidden := map[string]bool{"net": true, "os": true, "time": true, "sync": true, "io/ioutil": true, "math/rand": true, "syscall": true, "unsafe": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			first, _, _ := strings.Cut(p, "/")
			if strings.Contains(first, ".") || strings.HasPrefix(p, "ftplab") {
				t.Errorf("%s imports %q: outside the standard library", name, p)
			}
			if forbidden[p] || strings.HasPrefix(p, "sync/") {
				t.Errorf("%s imports %q: forbidden in sim", name, p)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if g, ok := n.(*ast.GoStmt); ok {
				t.Errorf("%s: go statement at %s", name, fset.Position(g.Pos()))
			}
			return true
		})
	}
}
