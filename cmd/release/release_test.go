package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestReproducible: two release runs give byte-identical archives and
// SHA256SUMS; the archive holds what it should, dated SOURCE_DATE_EPOCH
// and owned by 0:0. One target: the first -trimpath build compiles the
// standard library and every dependency again (minutes on a busy
// machine); TestArchivesReproducible covers the zip format.
func TestReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ftplab with -trimpath; skipped in -short")
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	opts := options{Version: "v0.0.0-test", Targets: []string{"linux/amd64"}}
	var runs [2][]string
	for i := range runs {
		opts.Out = t.TempDir()
		var err error
		if runs[i], err = release(opts, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	names := []string{"ftplab_v0.0.0-test_linux_amd64.tar.gz", "SHA256SUMS"}
	for _, n := range names {
		a := readFile(t, filepath.Join(filepath.Dir(runs[0][0]), n))
		b := readFile(t, filepath.Join(filepath.Dir(runs[1][0]), n))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs (%d and %d bytes)%s", n, len(a), len(b), tarDiff(a, b))
		}
	}
	dir := filepath.Dir(runs[0][0])
	sums := string(readFile(t, filepath.Join(dir, "SHA256SUMS")))
	for _, n := range names[:1] {
		if !strings.Contains(sums, "  "+n+"\n") {
			t.Errorf("SHA256SUMS has no line for %s:\n%s", n, sums)
		}
	}
	wantFiles := []string{"README.md", "ftplab.1", "completions/ftplab.bash", "completions/_ftplab", "completions/ftplab.fish"}
	bin := checkTar(t, filepath.Join(dir, names[0]), "ftplab_v0.0.0-test_linux_amd64", append([]string{"ftplab"}, wantFiles...))

	if runtime.GOOS == "linux" && runtime.GOARCH == "amd64" {
		exe := filepath.Join(t.TempDir(), "ftplab")
		if err := os.WriteFile(exe, bin, 0o755); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(exe, "version").Output()
		if err != nil || !strings.HasPrefix(string(out), "ftplab v0.0.0-test "+runtime.Version()) {
			t.Errorf("ftplab version from the archive: %q, %v", out, err)
		}
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var sourceDateEpoch = time.Unix(1700000000, 0)

// checkTar asserts the entries' names (in order), owner and time, and
// returns the first entry's contents (the binary).
func checkTar(t *testing.T, name, dir string, want []string) []byte {
	t.Helper()
	return checkTarBytes(t, name, readFile(t, name), dir, want)
}

func checkTarBytes(t *testing.T, name string, b []byte, dir string, want []string) []byte {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var got []string
	var first []byte
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got = append(got, strings.TrimPrefix(h.Name, dir+"/"))
		if h.Uid != 0 || h.Gid != 0 || h.Uname != "" || !h.ModTime.Equal(sourceDateEpoch) {
			t.Errorf("%s: %s: uid %d gid %d uname %q time %v; want 0 0 \"\" %v", name, h.Name, h.Uid, h.Gid, h.Uname, h.ModTime, sourceDateEpoch)
		}
		if first == nil {
			first, _ = io.ReadAll(tr)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("%s holds %v, want %v under %s/", name, got, want, dir)
	}
	return first
}

// TestArchivesReproducible: both archive formats, written twice from the
// same entries, are byte-identical and read back in order with the fixed
// time (the writers alone; no build).
func TestArchivesReproducible(t *testing.T) {
	entries := []entry{{"ftplab", []byte("binary"), 0o755}, {"README.md", []byte("# ftplab\n"), 0o644}, {"completions/_ftplab", []byte("#compdef"), 0o644}}
	want := []string{"ftplab", "README.md", "completions/_ftplab"}
	for _, c := range []struct {
		name  string
		write func(io.Writer, string, []entry, time.Time) error
		check func(*testing.T, []byte, string, []string)
	}{
		{"tar.gz", writeTarGz, func(t *testing.T, b []byte, dir string, want []string) { checkTarBytes(t, "tar.gz", b, dir, want) }},
		{"zip", writeZip, checkZip},
	} {
		var a, b bytes.Buffer
		if err := c.write(&a, "d", entries, sourceDateEpoch); err != nil {
			t.Fatal(err)
		}
		if err := c.write(&b, "d", entries, sourceDateEpoch); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two writes differ", c.name)
		}
		c.check(t, a.Bytes(), "d", want)
	}
}

func checkZip(t *testing.T, b []byte, dir string, want []string) {
	t.Helper()
	name := "zip"
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range zr.File {
		got = append(got, strings.TrimPrefix(f.Name, dir+"/"))
		if !f.Modified.Equal(sourceDateEpoch) {
			t.Errorf("%s: %s dated %v, want %v", name, f.Name, f.Modified, sourceDateEpoch)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("%s holds %v, want %v under %s/", name, got, want, dir)
	}
}

// tarDiff names the entries of two tar.gz archives that differ.
func tarDiff(a, b []byte) string {
	read := func(data []byte) map[string][]byte {
		m := map[string][]byte{}
		gz, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return m
		}
		tr := tar.NewReader(gz)
		for h, err := tr.Next(); err == nil; h, err = tr.Next() {
			m[h.Name], _ = io.ReadAll(tr)
		}
		return m
	}
	ma, mb := read(a), read(b)
	var diff []string
	for name, x := range ma {
		if !bytes.Equal(x, mb[name]) {
			diff = append(diff, fmt.Sprintf("%s (%d and %d bytes)", name, len(x), len(mb[name])))
		}
	}
	if len(diff) == 0 {
		return ""
	}
	sort.Strings(diff)
	return ": " + strings.Join(diff, ", ")
}
