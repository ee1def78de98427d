package ftplab_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// pkg is one package of `go list -deps -json`: its path, whether it is in
// the standard library, and what it imports directly (test files aside).
type pkg struct {
	ImportPath string
	Standard   bool
	Imports    []string
}

// importRule is one line of DESIGN.md's import table, read as a ban: a
// package matched by from must not link (directly or transitively) a
// package matched by banned.
type importRule struct {
	name   string
	from   func(path string) bool
	banned func(to pkg) bool
}

func under(roots ...string) func(string) bool {
	return func(p string) bool {
		for _, r := range roots {
			if p == r || strings.HasPrefix(p, r+"/") {
				return true
			}
		}
		return false
	}
}

func nonStd(to pkg) bool { return !to.Standard }

func linksAny(roots ...string) func(pkg) bool {
	in := under(roots...)
	return func(to pkg) bool { return in(to.ImportPath) }
}

var tuiToolkit = linksAny("github.com/rivo/tview", "github.com/gdamore/tcell", "github.com/gdamore/tcell/v2")

// importRules is DESIGN.md's import table as tests.
var importRules = []importRule{
	{"sim is standard library only", under("ftplab/sim"), nonStd},
	{"realnet (the Network contract) is standard library only", func(p string) bool { return p == "ftplab/realnet" }, nonStd},
	{"realnet/wire is standard library only", under("ftplab/realnet/wire"), nonStd},
	{"the FTP code and the benchmarks never link the simulator",
		under("ftplab/realnet/wire", "ftplab/realnet/ftpd", "ftplab/realnet/ftpclient", "ftplab/bench"),
		linksAny("ftplab/sim")},
	{"the FTP code and the benchmarks never link the lab",
		under("ftplab/realnet/wire", "ftplab/realnet/ftpd", "ftplab/realnet/ftpclient", "ftplab/bench"),
		linksAny("ftplab/realnet/lab")},
	{"realnet never links the simulator nor the lab", func(p string) bool { return p == "ftplab/realnet" },
		linksAny("ftplab/sim", "ftplab/realnet/lab")},
	{"lessons is content: it never links tview/tcell", under("ftplab/lessons"), tuiToolkit},
	{"only cmd/... links tview/tcell", func(p string) bool { return strings.HasPrefix(p, "ftplab/") && !under("ftplab/cmd")(p) }, tuiToolkit},
}

// importsInProgress lists rule violations that another change in flight
// removes (moving in progress): "rule name: package". A listed violation
// is tolerated; an entry that no longer matches anything is reported in
// the log so that it can be deleted. The lead empties this list.
var importsInProgress = map[string]bool{}

// TestImportTable fails when DESIGN.md's import table is broken: it reads
// the module's dependency graph from `go list -deps` and names, for every
// broken rule, the package, what it links and through which imports.
func TestImportTable(t *testing.T) {
	graph := listDeps(t, "./...")
	used := map[string]bool{}
	for _, v := range checkImports(graph, importRules) {
		key := v.rule + ": " + v.from
		if importsInProgress[key] {
			used[key] = true
			t.Logf("tolerated (moving in progress): %s", v)
			continue
		}
		t.Error(v)
	}
	for k := range importsInProgress {
		if !used[k] {
			t.Logf("importsInProgress entry %q no longer matches: delete it", k)
		}
	}
}

// listDeps runs `go list -deps -json` on patterns: every package the
// patterns link, standard library included, keyed by import path.
func listDeps(t *testing.T, patterns ...string) map[string]pkg {
	t.Helper()
	args := append([]string{"list", "-deps", "-json=ImportPath,Standard,Imports"}, patterns...)
	cmd := exec.Command("go", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	graph := map[string]pkg{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		graph[p.ImportPath] = p
	}
	if len(graph) == 0 {
		t.Fatalf("go %s listed no package", strings.Join(args, " "))
	}
	return graph
}

// violation is one broken rule: from links to along path.
type violation struct {
	rule, from, to string
	path           []string
}

func (v violation) String() string {
	return fmt.Sprintf("%s: %s links %s through %s", v.rule, v.from, v.to, strings.Join(v.path, " -> "))
}

// checkImports returns, for every rule and every package it governs, the
// first banned package found breadth-first (so the path shown is a
// shortest one). Packages are visited in sorted order: the report is
// stable.
func checkImports(graph map[string]pkg, rules []importRule) []violation {
	paths := make([]string, 0, len(graph))
	for p := range graph {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	var out []violation
	for _, r := range rules {
		for _, from := range paths {
			if !r.from(from) {
				continue
			}
			if path := firstBanned(graph, from, r.banned); path != nil {
				out = append(out, violation{rule: r.name, from: from, to: path[len(path)-1], path: path})
			}
		}
	}
	return out
}

// firstBanned walks the imports of from breadth-first and returns the
// chain of imports from from to the first banned package, or nil.
func firstBanned(graph map[string]pkg, from string, banned func(pkg) bool) []string {
	prev := map[string]string{from: ""}
	queue := []string{from}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, imp := range graph[cur].Imports {
			if _, seen := prev[imp]; seen {
				continue
			}
			prev[imp] = cur
			to, ok := graph[imp]
			if !ok {
				continue // "C", cgo's pseudo-package: go list -deps lists every real import
			}
			if banned(to) {
				var path []string
				for p := imp; p != ""; p = prev[p] {
					path = append(path, p)
				}
				slices.Reverse(path)
				return path
			}
			queue = append(queue, imp)
		}
	}
	return nil
}

// TestCheckImports proves the checker on a small graph: it finds a
// transitive link, names a shortest path, and leaves clean packages
// (lessons linking a non-toolkit module, cmd linking tview) alone.
func TestCheckImports(t *testing.T) {
	graph := map[string]pkg{}
	for _, p := range []pkg{
		{ImportPath: "ftplab/realnet/ftpd", Imports: []string{"fmt", "ftplab/realnet", "ftplab/x"}},
		{ImportPath: "ftplab/x", Imports: []string{"ftplab/y", "ftplab/sim"}},
		{ImportPath: "ftplab/y", Imports: []string{"ftplab/sim"}},
		{ImportPath: "ftplab/realnet", Imports: []string{"net"}},
		{ImportPath: "ftplab/sim", Imports: []string{"fmt", "github.com/z"}},
		{ImportPath: "ftplab/lessons", Imports: []string{"ftplab/sim", "ftplab/lessons/md"}},
		{ImportPath: "ftplab/lessons/md", Imports: []string{"github.com/rivo/tview"}},
		{ImportPath: "ftplab/cmd/ftplab", Imports: []string{"github.com/rivo/tview", "ftplab/lessons"}},
		{ImportPath: "fmt", Standard: true},
		{ImportPath: "net", Standard: true},
		{ImportPath: "github.com/z"},
		{ImportPath: "github.com/rivo/tview"},
	} {
		graph[p.ImportPath] = p
	}
	var got []string
	for _, v := range checkImports(graph, importRules) {
		got = append(got, v.String())
	}
	want := []string{
		"sim is standard library only: ftplab/sim links github.com/z through ftplab/sim -> github.com/z",
		"the FTP code and the benchmarks never link the simulator: ftplab/realnet/ftpd links ftplab/sim through ftplab/realnet/ftpd -> ftplab/x -> ftplab/sim",
		"lessons is content: it never links tview/tcell: ftplab/lessons links github.com/rivo/tview through ftplab/lessons -> ftplab/lessons/md -> github.com/rivo/tview",
		"lessons is content: it never links tview/tcell: ftplab/lessons/md links github.com/rivo/tview through ftplab/lessons/md -> github.com/rivo/tview",
		"only cmd/... links tview/tcell: ftplab/lessons links github.com/rivo/tview through ftplab/lessons -> ftplab/lessons/md -> github.com/rivo/tview",
		"only cmd/... links tview/tcell: ftplab/lessons/md links github.com/rivo/tview through ftplab/lessons/md -> github.com/rivo/tview",
	}
	if !slices.Equal(got, want) {
		t.Errorf("violations:\n got: %q\nwant: %q", got, want)
	}
}
