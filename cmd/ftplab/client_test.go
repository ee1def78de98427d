package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ftplab/realnet/peertest"
)

func TestParseFTPURL(t *testing.T) {
	tests := []struct {
		in                     string
		addr, user, pass, path string
		err                    bool
	}{
		{"ftp://example.com/pub/a.txt", "example.com:21", "anonymous", "ftplab@", "pub/a.txt", false},
		{"ftp://bob:s%40cret@10.0.0.1:2121/my%20dir/", "10.0.0.1:2121", "bob", "s@cret", "my dir/", false},
		{"ftp://[::1]:21/%2Fetc/motd", "[::1]:21", "anonymous", "ftplab@", "/etc/motd", false},
		{"ftp://alice@host", "host:21", "alice", "", "", false},
		{"ftps://host/x", "", "", "", "", true},
		{"http://host/x", "", "", "", "", true},
		{"ftp:///x", "", "", "", "", true},
	}
	for i, tt := range tests {
		u, err := parseFTPURL(tt.in)
		if tt.err {
			if err == nil {
				t.Errorf("#%d: parseFTPURL(%q) = %+v, want an error", i, tt.in, u)
			}
			continue
		}
		if err != nil || u.addr != tt.addr || u.user != tt.user || u.pass != tt.pass || u.path != tt.path {
			t.Errorf("#%d: parseFTPURL(%q) = %+v, %v", i, tt.in, u, err)
		}
		if strings.Contains(u.shown, "cret") {
			t.Errorf("#%d: shown URL %q holds the password", i, u.shown)
		}
	}
}

func TestClientUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"get"},
		{"get", "ftp://h/"},
		{"get", "--active", "--passive", "ftp://h/f"},
		{"put", "only-one-arg"},
		{"ls", "--mode", "SIDEWAYS", "ftp://h/"},
	} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, &out, &errOut); code != 2 {
			t.Errorf("%q: exit %d, want 2 (stderr %q)", args, code, errOut.String())
		}
	}
}

// ftplab runs the command line and returns its exit status and output.
func ftplab(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, append(args, "--timeout", "10s"), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestClientCommandsAgainstVsftpd(t *testing.T) {
	data := make([]byte, 300<<10+1)
	rand.Read(data)
	srv := peertest.StartVsftpd(t, peertest.VsftpdOptions{
		Files:  map[string][]byte{"data.bin": data, "notes.txt": []byte("a\nb\n")},
		Upload: true,
		// put --resume stores onto a file that is already there.
		Config: map[string]string{"anon_other_write_enable": "YES"},
	})
	addr, root := srv.Addr, srv.Root
	base := "ftp://" + addr + "/"
	dir := t.TempDir()

	for _, mode := range [][]string{nil, {"--active"}, {"--no-epsv"}, {"--active", "--no-eprt"}, {"--mode", "PASV"}, {"--mode", "EPRT"}} {
		out := filepath.Join(dir, "got.bin")
		os.Remove(out)
		args := append([]string{"get", base + "data.bin", "-o", out}, mode...)
		if code, _, errOut := ftplab(t, args...); code != 0 {
			t.Fatalf("%q: exit %d: %s", args, code, errOut)
		}
		if got, _ := os.ReadFile(out); !bytes.Equal(got, data) {
			t.Fatalf("%q: got %d bytes, want %d", args, len(got), len(data))
		}
	}

	code, out, errOut := ftplab(t, "ls", base)
	if code != 0 || !strings.Contains(out, "data.bin") || !strings.Contains(out, "notes.txt") {
		t.Errorf("ls: exit %d, out %q, err %q", code, out, errOut)
	}

	// A missing file: exit 1, the server's reply shown, no file left.
	missing := filepath.Join(dir, "missing")
	code, _, errOut = ftplab(t, "get", base+"nofile", "-o", missing)
	if code != 1 || !strings.Contains(errOut, "RETR nofile: 550") {
		t.Errorf("get nofile: exit %d, stderr %q", code, errOut)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("get nofile left files behind: %v", entries)
	}

	// Resume a partial download.
	part := filepath.Join(dir, "part.bin")
	os.WriteFile(part, data[:1000], 0o644)
	if code, _, errOut := ftplab(t, "get", "--resume", base+"data.bin", "-o", part, "--trace"); code != 0 || !strings.Contains(errOut, "> REST 1000") {
		t.Fatalf("get --resume: exit %d: %s", code, errOut)
	}
	if got, _ := os.ReadFile(part); !bytes.Equal(got, data) {
		t.Fatalf("get --resume: got %d bytes, want %d", len(got), len(data))
	}

	// ASCII download: CRLF on the wire, LF in the file.
	code, out, errOut = ftplab(t, "get", "--ascii", base+"notes.txt", "-o", "-")
	if code != 0 || out != "a\nb\n" {
		t.Errorf("get --ascii: exit %d, out %q, err %q", code, out, errOut)
	}

	// Upload into a directory, then resume an upload.
	local := filepath.Join(dir, "up.bin")
	os.WriteFile(local, data, 0o644)
	if code, _, errOut := ftplab(t, "put", local, base+"upload/"); code != 0 {
		t.Fatalf("put: exit %d: %s", code, errOut)
	}
	if got, _ := os.ReadFile(filepath.Join(root, "upload", "up.bin")); !bytes.Equal(got, data) {
		t.Fatalf("put: server has %d bytes, want %d", len(got), len(data))
	}
	os.WriteFile(filepath.Join(srv.UploadDir, "half.bin"), data[:5000], 0o644)
	if fi, err := os.Stat(srv.UploadDir); err == nil { // owned by the FTP session's account
		chownLike(filepath.Join(srv.UploadDir, "half.bin"), fi)
	}
	if code, _, errOut := ftplab(t, "put", "--resume", "--active", local, base+"upload/half.bin"); code != 0 {
		t.Fatalf("put --resume: exit %d: %s", code, errOut)
	}
	if got, _ := os.ReadFile(filepath.Join(root, "upload", "half.bin")); !bytes.Equal(got, data) {
		t.Fatalf("put --resume: server has %d bytes, want %d", len(got), len(data))
	}
}
