package ftpd

import (
	"bytes"
	"ftplab/realnet/wire"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTransferModes uploads and downloads a random file through each way
// of opening a data connection, checking the bytes by SHA-256.
func TestTransferModes(t *testing.T) {
	t.Parallel()
	_, addr, root := startServer(t, func(c *Config) { c.Write = true })
	body := randomBytes(t, 3<<20+11)
	modes := []struct {
		name string
		open func(x *ctl) func() net.Conn
	}{
		{"EPSV", func(x *ctl) func() net.Conn { c := x.epsv(); return func() net.Conn { return c } }},
		{"PASV", func(x *ctl) func() net.Conn { c := x.pasv(); return func() net.Conn { return c } }},
		{"PORT", func(x *ctl) func() net.Conn { return x.active(false) }},
		{"EPRT", func(x *ctl) func() net.Conn { return x.active(true) }},
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			x := dial(t, addr)
			x.login("alice", "secret")
			x.cmd(200, "TYPE I")
			name := "up-" + m.name + ".bin"

			accept := m.open(x)
			x.cmd(150, "STOR %s", name)
			data := accept()
			data.Write(body)
			data.Close()
			x.expect(226)
			got, err := os.ReadFile(filepath.Join(root, name))
			if err != nil || sum(got) != sum(body) {
				t.Fatalf("stored file: %d bytes, err %v; want %d bytes, same SHA-256", len(got), err, len(body))
			}

			accept = m.open(x)
			x.cmd(150, "RETR %s", name)
			data = accept()
			back, err := io.ReadAll(data)
			data.Close()
			x.expect(226)
			if err != nil || sum(back) != sum(body) {
				t.Fatalf("RETR: %d bytes, err %v; want %d bytes, same SHA-256", len(back), err, len(body))
			}
			x.cmd(221, "QUIT")
		})
	}
}

func TestTypeA(t *testing.T) {
	t.Parallel()
	_, addr, root := startServer(t, func(c *Config) { c.Write = true })
	x := dial(t, addr)
	x.login("anonymous", "x")
	x.cmd(200, "TYPE A")
	if got := string(x.retr(x.epsv(), "pub/hello.txt")); got != "line one\r\nline two\r\n" {
		t.Errorf("RETR in TYPE A: %q", got)
	}
	x.stor(x.epsv(), "STOR", "text.txt", []byte("x\r\ny\r\nlone\rcr\r\n\r"))
	got, _ := os.ReadFile(filepath.Join(root, "text.txt"))
	if string(got) != "x\ny\nlone\rcr\n\r" {
		t.Errorf("STOR in TYPE A stored %q", got)
	}
	x.cmd(200, "TYPE I")
	if got := string(x.retr(x.epsv(), "pub/hello.txt")); got != "line one\nline two\n" {
		t.Errorf("RETR in TYPE I: %q", got)
	}
}

func TestASCIICodec(t *testing.T) {
	tests := []struct{ in, wire string }{
		{"", ""},
		{"a\nb\n", "a\r\nb\r\n"},
		{"a\r\nb", "a\r\r\nb"},
		{"\n\n", "\r\n\r\n"},
		{"no newline", "no newline"},
		{"cr\r", "cr\r"},
	}
	for i, tt := range tests {
		if got := string(encodeASCII(nil, []byte(tt.in))); got != tt.wire {
			t.Errorf("#%d: encodeASCII(%q) = %q, want %q", i, tt.in, got, tt.wire)
		}
		// Decoding must give the input back whatever the chunking.
		for split := 0; split <= len(tt.wire); split++ {
			var d asciiDecoder
			out := d.decode(nil, []byte(tt.wire[:split]))
			out = d.decode(out, []byte(tt.wire[split:]))
			out = d.flush(out)
			if string(out) != tt.in {
				t.Errorf("#%d split %d: decode(%q) = %q, want %q", i, split, tt.wire, out, tt.in)
			}
		}
	}
}

func TestRestAndAppend(t *testing.T) {
	t.Parallel()
	_, addr, root := startServer(t, func(c *Config) { c.Write = true })
	x := dial(t, addr)
	x.login("alice", "secret")
	body := randomBytes(t, 100000)

	x.stor(x.epsv(), "STOR", "r.bin", body[:40000])
	data := x.epsv()
	x.cmd(350, "REST 30000")
	x.stor(data, "STOR", "r.bin", body[30000:])
	if got, _ := os.ReadFile(filepath.Join(root, "r.bin")); !bytes.Equal(got, body) {
		t.Fatalf("REST+STOR: %d bytes, want %d", len(got), len(body))
	}

	data = x.epsv()
	x.cmd(350, "REST 99000")
	if got := x.retr(data, "r.bin"); !bytes.Equal(got, body[99000:]) {
		t.Fatalf("REST+RETR: %d bytes, want 1000", len(got))
	}
	// The offset is used once.
	if got := x.retr(x.epsv(), "r.bin"); len(got) != len(body) {
		t.Fatalf("RETR after REST+RETR: %d bytes", len(got))
	}

	x.epsv().Close()
	x.cmd(350, "REST 200000")
	x.cmd(wire.CodeBadRestart, "RETR r.bin")

	x.stor(x.epsv(), "APPE", "r.bin", []byte("tail"))
	x.stor(x.epsv(), "APPE", "new.bin", []byte("head"))
	if got, _ := os.ReadFile(filepath.Join(root, "r.bin")); !bytes.Equal(got, append(body, "tail"...)) {
		t.Errorf("APPE: %d bytes", len(got))
	}
	if got, _ := os.ReadFile(filepath.Join(root, "new.bin")); string(got) != "head" {
		t.Errorf("APPE to a new file: %q", got)
	}

	data = x.epsv()
	msg := x.cmd(150, "STOU r.bin")
	data.Write([]byte("unique"))
	data.Close()
	x.expect(226)
	if msg != "FILE: r.bin.1" {
		t.Errorf("STOU 150 reply: %q", msg)
	}
	if got, _ := os.ReadFile(filepath.Join(root, "r.bin.1")); string(got) != "unique" {
		t.Errorf("STOU file: %q", got)
	}
	assertNoTemp(t, root)
}

// assertNoTemp checks no upload left its temporary file behind.
func assertNoTemp(t *testing.T, root string) {
	t.Helper()
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if d != nil && strings.HasPrefix(d.Name(), uploadPrefix) {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}

func TestListings(t *testing.T) {
	t.Parallel()
	_, addr, root := startServer(t, nil)
	os.Symlink("/etc", filepath.Join(root, "pub", "escape"))
	os.Symlink("hello.txt", filepath.Join(root, "pub", "alias"))
	x := dial(t, addr)
	x.login("anonymous", "x")

	list := x.list("LIST", "-la pub")
	joined := strings.Join(list, "\n")
	for _, want := range []string{"-rw-r--r--", " 18 ", " hello.txt", "drwx", " sub", " alias"} {
		if !strings.Contains(joined, want) {
			t.Errorf("LIST lacks %q:\n%s", want, joined)
		}
	}
	if strings.Contains(joined, "escape") {
		t.Errorf("LIST shows a symlink out of the root:\n%s", joined)
	}
	if got := x.list("NLST", "pub"); strings.Join(got, ",") != "alias,dos.txt,hello.txt,sub" {
		t.Errorf("NLST pub: %v", got)
	}
	if got := x.list("NLST", "pub/*.txt"); strings.Join(got, ",") != "pub/dos.txt,pub/hello.txt" {
		t.Errorf("NLST pub/*.txt: %v", got)
	}
	if got := x.list("LIST", "pub/hello.txt"); len(got) != 1 || !strings.HasSuffix(got[0], " pub/hello.txt") {
		t.Errorf("LIST of a file: %v", got)
	}
	mlsd := x.list("MLSD", "pub")
	if len(mlsd) != 5 || !strings.HasPrefix(mlsd[0], "type=cdir;") || !strings.Contains(strings.Join(mlsd, "\n"), "type=file;size=18;") {
		t.Errorf("MLSD pub:\n%s", strings.Join(mlsd, "\n"))
	}
	x.epsv().Close()
	x.cmd(501, "MLSD README.txt")
	x.epsv().Close()
	x.cmd(550, "LIST missing")
	x.epsv().Close()
	x.cmd(550, "RETR pub/escape/passwd")
	x.cmd(550, "CWD pub/escape")
	x.cmd(550, "SIZE /pub/escape/hostname")
	if got := x.retr(x.epsv(), "pub/alias"); string(got) != testFiles["pub/hello.txt"] {
		t.Errorf("RETR through a symlink inside the root: %q", got)
	}
}

func TestListLine(t *testing.T) {
	now := mustTime("2024-06-15T12:00:00Z")
	tests := []struct {
		fi   fakeInfo
		want string
	}{
		{fakeInfo{name: "a.txt", size: 1234, mode: 0o644, mod: mustTime("2024-06-01T08:09:00Z")},
			"-rw-r--r--    1 ftp      ftp              1234 Jun  1 08:09 a.txt"},
		{fakeInfo{name: "old", size: 4096, mode: 0o755 | os.ModeDir, mod: mustTime("2020-01-02T03:04:05Z")},
			"drwxr-xr-x    1 ftp      ftp              4096 Jan  2  2020 old"},
	}
	for i, tt := range tests {
		if got := listLine(tt.fi, tt.fi.name, now); got != tt.want {
			t.Errorf("#%d: got\n%q, want\n%q", i, got, tt.want)
		}
	}
	fl := factLine(tests[0].fi, "a.txt", "", factSet(factType|factSize|factModify|factPerm), false)
	if fl != "type=file;size=1234;modify=20240601080900;perm=r; a.txt" {
		t.Errorf("factLine: %q", fl)
	}
}
