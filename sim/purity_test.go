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

// TestPurity fails if a non-test file of sim imports anything outside
// the standard library, or a forbidden package (sockets, files, clocks,
// locks, a global random source), uses math/rand/v2's global generator,
// or starts a goroutine.
func TestPurity(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range impurities(name, src) {
			t.Error(p)
		}
	}
}

// forbiddenImports are the packages sim may not import at all.
var forbiddenImports = map[string]string{
	"net":         "sockets",
	"os":          "files",
	"time":        "clocks",
	"sync":        "locks",
	"io/ioutil":   "files",
	"math/rand":   "the global random source",
	"crypto/rand": "a random source no seed repeats",
	"syscall":     "the OS",
	"unsafe":      "memory tricks",
}

// seededRand is what sim may use of math/rand/v2: a generator it builds
// from a seed and passes around, never the package's global one
// (rand.IntN, rand.N, rand.Shuffle, ...).
var seededRand = map[string]bool{
	"New": true, "NewPCG": true, "NewChaCha8": true, "NewZipf": true,
	"Rand": true, "PCG": true, "ChaCha8": true, "Source": true, "Zipf": true,
}

// impurities returns what makes the Go file src impure, one sentence each.
func impurities(name string, src []byte) []string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	randName := ""
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		first, _, _ := strings.Cut(p, "/")
		switch {
		case strings.Contains(first, ".") || p == "ftplab" || strings.HasPrefix(p, "ftplab/"):
			out = append(out, name+" imports "+strconv.Quote(p)+": outside the standard library")
		case forbiddenImports[p] != "":
			out = append(out, name+" imports "+strconv.Quote(p)+": "+forbiddenImports[p]+" are forbidden in sim")
		case strings.HasPrefix(p, "sync/"):
			out = append(out, name+" imports "+strconv.Quote(p)+": locks are forbidden in sim")
		case p == "math/rand/v2":
			randName = "rand"
			if imp.Name != nil {
				randName = imp.Name.Name
			}
			if randName == "." || randName == "_" {
				out = append(out, name+" imports math/rand/v2 as "+randName+": name it, so that its use can be checked")
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.GoStmt:
			out = append(out, fset.Position(x.Pos()).String()+": go statement: sim starts no goroutine")
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok && randName != "" && id.Name == randName && !seededRand[x.Sel.Name] {
				out = append(out, fset.Position(x.Pos()).String()+": "+randName+"."+x.Sel.Name+" uses math/rand/v2's global generator: use rand.New(rand.NewPCG(seed, ...))")
			}
		}
		return true
	})
	return out
}

// TestImpurities proves the purity check on small files: each impure
// file is refused for its reason, the pure ones pass.
func TestImpurities(t *testing.T) {
	cases := []struct {
		src  string
		want string // a substring of the only impurity; "" = pure
	}{
		{`import "math/rand/v2"; func f() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }`, ""},
		{`import r "math/rand/v2"; func f(g *r.Rand) int { return g.IntN(3) }`, ""},
		{`import "math/rand/v2"; func f() int { return rand.IntN(3) }`, "rand.IntN uses math/rand/v2's global generator"},
		{`import "math/rand/v2"; func f() int { return rand.N(3) }`, "rand.N uses"},
		{`import r "math/rand/v2"; func f() { r.Shuffle(2, func(i, j int) {}) }`, "r.Shuffle uses"},
		{`import . "math/rand/v2"; func f() int { return IntN(3) }`, "imports math/rand/v2 as ."},
		{`import "math/rand"; func f() int { return rand.Intn(3) }`, `imports "math/rand": the global random source`},
		{`import "crypto/rand"; var _ = rand.Reader`, `imports "crypto/rand"`},
		{`import "time"; var _ = time.Now`, `imports "time": clocks`},
		{`import "sync/atomic"; var _ atomic.Int64`, "locks are forbidden"},
		{`import "github.com/x/y"; var _ = y.Z`, "outside the standard library"},
		{`import "ftplab/realnet"; var _ realnet.Network`, "outside the standard library"},
		{`func f() { go f() }`, "go statement"},
		{`import "strings"; var _ = strings.ToUpper`, ""},
	}
	for i, c := range cases {
		got := impurities("x.go", []byte("package sim\n"+c.src+"\n"))
		switch {
		case c.want == "" && len(got) != 0:
			t.Errorf("#%d: %s: got %q, want pure", i, c.src, got)
		case c.want != "" && (len(got) != 1 || !strings.Contains(got[0], c.want)):
			t.Errorf("#%d: %s: got %q, want one impurity containing %q", i, c.src, got, c.want)
		}
	}
}
