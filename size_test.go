package ftplab_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Size limits of STYLE: a function (or method) fits on a screen, a file
// holds one idea.
const (
	maxFuncLines = 80
	maxFileLines = 500
)

// sizeInProgress lists oversized files ("path") and functions
// ("path:Func" or "path:Type.Method") that a change in flight splits. A
// listed item is tolerated; an entry that is no longer oversized is
// reported in the log so that it can be deleted. It is empty: every file
// and function is within the limits.
var sizeInProgress = map[string]bool{}

// TestSizes fails when a non-test function is longer than maxFuncLines
// (a function whose body only returns a table literal aside) or a
// non-test file longer than maxFileLines.
func TestSizes(t *testing.T) {
	used := map[string]bool{}
	report := func(key, msg string) {
		if sizeInProgress[key] {
			used[key] = true
			t.Logf("tolerated (shrinking in progress): %s", msg)
			return
		}
		t.Error(msg)
	}
	for _, file := range goSources(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range oversized(t, file, src) {
			report(s.key, s.msg)
		}
	}
	for k := range sizeInProgress {
		if !used[k] {
			t.Logf("sizeInProgress entry %q is within the limits now: delete it", k)
		}
	}
}

// goSources lists the module's non-test .go files, testdata and hidden
// directories aside, as slash paths relative to the module root.
func goSources(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != "." && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			files = append(files, filepath.ToSlash(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("found no Go source: is the test running at the module root?")
	}
	return files
}

// sizeProblem is one oversized file or function: key names it in
// sizeInProgress, msg says by how much.
type sizeProblem struct{ key, msg string }

// oversized parses one file and returns its size problems.
func oversized(t *testing.T, file string, src []byte) []sizeProblem {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	var out []sizeProblem
	if n := strings.Count(string(src), "\n"); n > maxFileLines {
		out = append(out, sizeProblem{file, file + ": " + itoa(n) + " lines, limit " + itoa(maxFileLines)})
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || onlyReturnsLiteral(fd.Body) {
			continue
		}
		start, end := fset.Position(fd.Pos()), fset.Position(fd.End())
		if n := end.Line - start.Line + 1; n > maxFuncLines {
			key := file + ":" + funcName(fd)
			out = append(out, sizeProblem{key, key + " (line " + itoa(start.Line) + "): " + itoa(n) + " lines, limit " + itoa(maxFuncLines)})
		}
	}
	return out
}

// onlyReturnsLiteral reports whether a body is one return of composite
// literals: a table, however long, is data, not logic.
func onlyReturnsLiteral(body *ast.BlockStmt) bool {
	if len(body.List) != 1 {
		return false
	}
	ret, ok := body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) == 0 {
		return false
	}
	for _, r := range ret.Results {
		if u, ok := r.(*ast.UnaryExpr); ok && u.Op == token.AND {
			r = u.X
		}
		if _, ok := r.(*ast.CompositeLit); !ok {
			return false
		}
	}
	return true
}

// funcName is Func or Type.Method.
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	typ := fd.Recv.List[0].Type
	for {
		switch x := typ.(type) {
		case *ast.StarExpr:
			typ = x.X
			continue
		case *ast.IndexExpr:
			typ = x.X
			continue
		case *ast.IndexListExpr:
			typ = x.X
			continue
		case *ast.Ident:
			return x.Name + "." + fd.Name.Name
		}
		return fd.Name.Name
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestOversized proves the size check on generated files: a long
// function is named, a long table is not, a long file is.
func TestOversized(t *testing.T) {
	body := func(n int) string { return strings.Repeat("\tx++\n", n) }
	table := "func table() []int {\n\treturn []int{\n" + strings.Repeat("\t\t1,\n", 100) + "\t}\n}\n"
	cases := []struct {
		name, src string
		want      []string
	}{
		{"short", "package p\nfunc f(x int) {\n" + body(78) + "}\n", nil},
		{"long", "package p\nfunc f(x int) {\n" + body(79) + "}\n", []string{"p.go:f"}},
		{"method", "package p\ntype T[A any] struct{}\nfunc (t *T[A]) m(x int) {\n" + body(90) + "}\n", []string{"p.go:T.m"}},
		{"table", "package p\n" + table, nil},
		{"file", "package p\n" + strings.Repeat("var _ = 1\n", 500), []string{"p.go"}},
	}
	for _, c := range cases {
		var got []string
		for _, p := range oversized(t, "p.go", []byte(c.src)) {
			got = append(got, p.key)
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
