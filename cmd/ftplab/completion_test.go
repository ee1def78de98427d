package main

import (
	"bytes"
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// definedFlags reads the flag names this package's sources define, by
// their calls to flag.FlagSet methods: an account kept apart from the -h
// output that completion and man are made from.
func definedFlags(t *testing.T) []string {
	t.Helper()
	nameArg := map[string]int{ // method → index of the name argument
		"String": 0, "Bool": 0, "Int": 0, "Int64": 0, "Uint": 0, "Uint64": 0, "Float64": 0, "Duration": 0, "Func": 0, "BoolFunc": 0,
		"StringVar": 1, "BoolVar": 1, "IntVar": 1, "Int64Var": 1, "UintVar": 1, "Uint64Var": 1, "Float64Var": 1, "DurationVar": 1, "Var": 1, "TextVar": 1,
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			i, ok := nameArg[sel.Sel.Name]
			if !ok || len(call.Args) <= i+1 {
				return true
			}
			if lit, ok := call.Args[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				name, _ := strconv.Unquote(lit.Value)
				names = append(names, name)
			}
			return true
		})
	}
	if len(names) < 20 {
		t.Fatalf("found only %d flag definitions (%v): is the scan broken?", len(names), names)
	}
	return names
}

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run(context.Background(), args, &out, &errOut); code != 0 {
		t.Fatalf("ftplab %v: exit %d: %s", args, code, errOut.String())
	}
	return out.String()
}

// TestCompletionAndManHaveEveryFlag: every flag the sources define, and
// every command, is in each completion script and in the man page.
func TestCompletionAndManHaveEveryFlag(t *testing.T) {
	flags := definedFlags(t)
	outputs := map[string]string{
		"bash": runOK(t, "completion", "bash"),
		"zsh":  runOK(t, "completion", "zsh"),
		"fish": runOK(t, "completion", "fish"),
		"man":  runOK(t, "man"),
	}
	want := func(kind, name string) string {
		switch {
		case kind == "fish" && len(name) == 1:
			return "-s " + name + " "
		case kind == "fish":
			return "-l " + name + " "
		case kind == "man":
			return `\fB` + roffText(dash(name)) + `\fR`
		}
		return dash(name)
	}
	for kind, out := range outputs {
		for _, name := range flags {
			if !strings.Contains(out, want(kind, name)) {
				t.Errorf("%s: flag %s missing (looked for %q)", kind, name, want(kind, name))
			}
		}
		for name := range commands() {
			if !strings.Contains(out, name) {
				t.Errorf("%s: command %s missing", kind, name)
			}
		}
	}
	if bash, err := exec.LookPath("bash"); err == nil {
		cmd := exec.Command(bash, "-n")
		cmd.Stdin = strings.NewReader(outputs["bash"])
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("bash -n: %v\n%s", err, out)
		}
	}
}

// TestBashCompletes: the bash script offers a command's flags.
func TestBashCompletes(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skipf("no bash: %v", err)
	}
	script := runOK(t, "completion", "bash")
	for _, c := range []struct{ words, want string }{
		{"ftplab se", "serve"},
		{"ftplab serve --pasv-p", "--pasv-ports"},
		{"ftplab lessons ", "list check"},
		{"ftplab lessons list --l", "--lessons"},
		{"ftplab get -", "-o"},
	} {
		words := strings.Fields(c.words)
		if strings.HasSuffix(c.words, " ") {
			words = append(words, "")
		}
		var quoted []string
		for _, w := range words {
			quoted = append(quoted, strconv.Quote(w))
		}
		prog := script + "\nCOMP_WORDS=(" + strings.Join(quoted, " ") + ")\nCOMP_CWORD=" + strconv.Itoa(len(words)-1) + "\n_ftplab\necho \"${COMPREPLY[*]}\"\n"
		out, err := exec.Command(bash, "-c", prog).CombinedOutput()
		if err != nil || !strings.Contains(string(out), c.want) {
			t.Errorf("completing %q: got %q (%v), want it to contain %q", c.words, out, err, c.want)
		}
	}
}

func TestCompletionUnknownShell(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"completion", "tcsh"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "tcsh") {
		t.Errorf("completion tcsh: exit %d, %q; want 2 and the shell named", code, errOut.String())
	}
}

// TestManRenders: groff reads the page without a warning.
func TestManRenders(t *testing.T) {
	groff, err := exec.LookPath("groff")
	if err != nil {
		t.Skipf("no groff: %v", err)
	}
	cmd := exec.Command(groff, "-man", "-Tutf8", "-ww", "-z")
	cmd.Stdin = strings.NewReader(runOK(t, "man"))
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("groff: %v\n%s", err, out)
	}
}

func TestParseDefaults(t *testing.T) {
	out := "usage: ftplab x\n\nflags:\n  -addr string\n    \taddress to listen on (default \"127.0.0.1:2121\")\n  -o FILE\n    \twrite to FILE\n    \tor -\n  -v\tverbose\n"
	got := parseDefaults(out)
	want := []flagDoc{
		{Name: "addr", Arg: "string", Usage: "address to listen on", Default: `"127.0.0.1:2121"`},
		{Name: "o", Arg: "FILE", Usage: "write to FILE\nor -"},
		{Name: "v", Usage: "verbose"},
	}
	if len(got) != len(want) {
		t.Fatalf("parseDefaults = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("#%d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}
