package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// options are one release run's settings; empty fields take defaults.
type options struct {
	Out     string   // folder for the archives
	Version string   // stamped version; default git describe
	Targets []string // GOOS/GOARCH
	Module  string   // the module's root; default: found from here
}

// release builds every target and writes its archive and SHA256SUMS into
// opts.Out, returning the archives' paths.
func release(opts options, log io.Writer) ([]string, error) {
	root, err := moduleRoot(opts.Module)
	if err != nil {
		return nil, err
	}
	if opts.Version == "" {
		opts.Version = gitOutput(root, "devel", "describe", "--tags", "--always", "--dirty")
	}
	mtime, err := sourceDate(root)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp("", "ftplab-release-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	docs, err := docFiles(root, work, opts.Version)
	if err != nil {
		return nil, err
	}
	var archives []string
	for _, t := range opts.Targets {
		goos, goarch, ok := strings.Cut(strings.TrimSpace(t), "/")
		if !ok {
			return nil, fmt.Errorf("target %q: want GOOS/GOARCH", t)
		}
		fmt.Fprintf(log, "building %s/%s %s\n", goos, goarch, opts.Version)
		bin, err := build(root, work, goos, goarch, opts.Version)
		if err != nil {
			return nil, err
		}
		a, err := writeArchive(opts.Out, goos, goarch, opts.Version, bin, docs, mtime)
		if err != nil {
			return nil, err
		}
		archives = append(archives, a)
	}
	return archives, writeSums(opts.Out, archives)
}

// build compiles ./cmd/ftplab for one target, reproducibly: no paths of
// this machine (-trimpath), no VCS stamp that changes with the work tree
// (-buildvcs=false; the version is stamped instead), no cgo.
func build(root, work, goos, goarch, version string) (string, error) {
	name := "ftplab"
	if goos == "windows" {
		name += ".exe"
	}
	out := filepath.Join(work, goos+"_"+goarch, name)
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false",
		"-ldflags", "-s -w -buildid= -X main.version="+version, "-o", out, "./cmd/ftplab")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build for %s/%s: %v\n%s", goos, goarch, err, b)
	}
	return out, nil
}

// A docFile is a file every archive carries besides the binary.
type docFile struct {
	Name string // path inside the archive's folder
	Data []byte
}

// docFiles are the README, and the man page and completions that a build
// of ftplab for this machine prints.
func docFiles(root, work, version string) ([]docFile, error) {
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		return nil, err
	}
	host, err := build(root, work, runtime.GOOS, runtime.GOARCH, version)
	if err != nil {
		return nil, err
	}
	docs := []docFile{{"README.md", readme}}
	for _, d := range []struct {
		name string
		args []string
	}{
		{"ftplab.1", []string{"man"}},
		{"completions/ftplab.bash", []string{"completion", "bash"}},
		{"completions/_ftplab", []string{"completion", "zsh"}},
		{"completions/ftplab.fish", []string{"completion", "fish"}},
	} {
		var out, errOut bytes.Buffer
		cmd := exec.Command(host, d.args...)
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("ftplab %s: %v: %s", strings.Join(d.args, " "), err, errOut.String())
		}
		docs = append(docs, docFile{d.name, out.Bytes()})
	}
	return docs, nil
}

// sourceDate is the time every archive entry carries: SOURCE_DATE_EPOCH
// (reproducible-builds.org) if set, else the last commit's time.
func sourceDate(root string) (time.Time, error) {
	s := os.Getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		s = gitOutput(root, "315532800", "log", "-1", "--format=%ct") // 1980-01-01, zip's epoch
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q: %v", s, err)
	}
	return time.Unix(n, 0).UTC(), nil
}

// gitOutput runs git in root and returns its trimmed output, or fallback
// if git fails (no git, not a repository).
func gitOutput(root, fallback string, args ...string) string {
	cmd := exec.Command("git", args...)
	cmd.Dir = root
	b, err := cmd.Output()
	if s := strings.TrimSpace(string(b)); err == nil && s != "" {
		return s
	}
	return fallback
}

// moduleRoot is dir, or the folder of the go.mod above the working one.
func moduleRoot(dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	b, err := exec.Command("go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(b))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside the ftplab module (go env GOMOD: %q, %v)", gomod, err)
	}
	return filepath.Dir(gomod), nil
}

// writeSums writes SHA256SUMS in sha256sum's format, sorted by name.
func writeSums(out string, archives []string) error {
	var lines []string
	for _, a := range archives {
		b, err := os.ReadFile(a)
		if err != nil {
			return err
		}
		lines = append(lines, fmt.Sprintf("%x  %s\n", sha256.Sum256(b), filepath.Base(a)))
	}
	sort.Strings(lines)
	return os.WriteFile(filepath.Join(out, "SHA256SUMS"), []byte(strings.Join(lines, "")), 0o644)
}
