package proxy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ftplab/realnet/ftpd"
	"ftplab/realnet/peertest"
	"ftplab/realnet/proxy"
)

// These tests put the proxy between real clients (curl, lftp, python3's
// ftplib) and real servers (vsftpd, ftplab's own), in every mode, and
// compare 64 MiB files (2 MiB with -short) up and down by SHA-256.

const peerTimeout = 2 * time.Minute

func bigSize() int {
	if testing.Short() {
		return 2 << 20
	}
	return 64 << 20
}

// upstream is a server under test: where to log in, where uploads land.
type upstream struct {
	addr, user, pass string
	uploadDir        string // URL path of the writable directory, "" or "upload/"
	uploaded         func(name string) ([]byte, error)
}

func upstreams(t *testing.T, big []byte) map[string]upstream {
	t.Helper()
	out := map[string]upstream{}
	addr, root := startFTPD(t, big, func(c *ftpd.Config) { c.DataTimeout = 30 * time.Second })
	out["ftplab"] = upstream{addr: addr, user: "alice", pass: "secret",
		uploaded: func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(root, name)) }}
	peertest.Require(t, "vsftpd")
	v := peertest.StartVsftpd(t, peertest.VsftpdOptions{Files: map[string][]byte{"big.bin": big}, Upload: true})
	out["vsftpd"] = upstream{addr: v.Addr, user: v.User, pass: v.Password, uploadDir: "upload/", uploaded: v.Uploaded}
	return out
}

func TestPeersThroughProxy(t *testing.T) {
	big := randomBytes(t, bigSize())
	local := filepath.Join(t.TempDir(), "big.bin")
	if err := os.WriteFile(local, big, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, up := range upstreams(t, big) {
		t.Run(name, func(t *testing.T) {
			addr, rec := startProxy(t, up.addr, func(c *proxy.Config) { c.DataTimeout = 30 * time.Second })
			t.Run("curl", func(t *testing.T) { curlModes(t, addr, up, local, big, rec) })
			t.Run("lftp", func(t *testing.T) { lftpModes(t, addr, up, local, big) })
			t.Run("ftplib", func(t *testing.T) { ftplibModes(t, addr, up, big) })
		})
	}
}

func curlModes(t *testing.T, addr string, up upstream, local string, big []byte, rec *recorder) {
	peertest.Require(t, "curl")
	url := "ftp://" + up.user + ":" + strings.ReplaceAll(up.pass, "@", "%40") + "@" + addr + "/"
	for _, m := range []struct {
		name  string
		flags []string
	}{
		{"EPSV", nil},
		{"PASV", []string{"--disable-epsv"}},
		{"EPRT", []string{"-P", "127.0.0.1"}},
		{"PORT", []string{"-P", "127.0.0.1", "--disable-eprt"}},
	} {
		t.Run(m.name, func(t *testing.T) {
			before := rec.count(proxy.DataOpen)
			name := "curl-" + m.name + ".bin"
			run(t, "curl", append([]string{"-sS", "--max-time", "100", "-T", local, url + up.uploadDir + name}, m.flags...)...)
			if got, err := up.uploaded(name); err != nil || sum(got) != sum(big) {
				t.Fatalf("upload: %d bytes, %v; want %d", len(got), err, len(big))
			}
			down := filepath.Join(t.TempDir(), "down.bin")
			run(t, "curl", append([]string{"-sS", "--max-time", "100", "-o", down, url + "big.bin"}, m.flags...)...)
			if got, _ := os.ReadFile(down); sum(got) != sum(big) {
				t.Fatalf("download: %d bytes, want %d", len(got), len(big))
			}
			if n := rec.count(proxy.DataOpen) - before; n != 2 {
				t.Errorf("%d data connections went through the proxy, want 2", n)
			}
		})
	}
}

func lftpModes(t *testing.T, addr string, up upstream, local string, big []byte) {
	peertest.Require(t, "lftp")
	for _, m := range []struct{ name, settings string }{
		{"passive", "set ftp:passive-mode on"},
		{"active", "set ftp:passive-mode off; set ftp:port-ipv4 127.0.0.1"},
	} {
		t.Run(m.name, func(t *testing.T) {
			down := filepath.Join(t.TempDir(), "down.bin")
			name := "lftp-" + m.name + ".bin"
			script := m.settings + "; set ftp:ssl-allow no; set net:max-retries 1; set net:timeout 20; open -u " +
				up.user + "," + up.pass + " ftp://" + addr + "; get big.bin -o " + down + "; put " + local + " -o " + up.uploadDir + name + "; quit"
			run(t, "lftp", "-c", script)
			if got, _ := os.ReadFile(down); sum(got) != sum(big) {
				t.Errorf("get: %d bytes, want %d", len(got), len(big))
			}
			if got, err := up.uploaded(name); err != nil || sum(got) != sum(big) {
				t.Errorf("put: %d bytes, %v", len(got), err)
			}
		})
	}
}

// ftplibScript downloads big.bin and uploads it back, passive then
// active, and prints OK.
const ftplibScript = `
import ftplib, hashlib, io, sys
host, port, user, pw, updir, want = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
for pasv in (True, False):
    ftp = ftplib.FTP(timeout=60)
    ftp.connect(host, port)
    ftp.login(user, pw)
    ftp.set_pasv(pasv)
    buf = io.BytesIO()
    ftp.retrbinary("RETR big.bin", buf.write)
    assert hashlib.sha256(buf.getvalue()).hexdigest() == want, "RETR checksum"
    buf.seek(0)
    ftp.storbinary("STOR %spy-%s.bin" % (updir, pasv), buf)
    ftp.quit()
print("OK")
`

func ftplibModes(t *testing.T, addr string, up upstream, big []byte) {
	peertest.Require(t, "python3")
	host, port, _ := strings.Cut(addr, ":")
	out := run(t, "python3", "-c", ftplibScript, host, port, up.user, up.pass, up.uploadDir, sum(big))
	if strings.TrimSpace(out) != "OK" {
		t.Fatalf("ftplib: %q", out)
	}
	for _, name := range []string{"py-True.bin", "py-False.bin"} {
		if got, err := up.uploaded(name); err != nil || sum(got) != sum(big) {
			t.Errorf("%s: %d bytes, %v", name, len(got), err)
		}
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, errOut, err := peertest.Run(t, peerTimeout, name, args...)
	if err != nil {
		t.Fatalf("%s %v: %v\n%s%s", name, args, err, out, errOut)
	}
	return out
}

// TestFTPSBlind: after AUTH TLS the proxy relays the control connection
// unread and says so; the client then reaches the server's data port
// directly, as it would past a firewall's blinded FTP helper.
func TestFTPSBlind(t *testing.T) {
	peertest.Require(t, "curl")
	big := randomBytes(t, 1<<20)
	v := peertest.StartVsftpd(t, peertest.VsftpdOptions{Files: map[string][]byte{"big.bin": big}, TLS: true})
	addr, rec := startProxy(t, v.Addr, nil)
	down := filepath.Join(t.TempDir(), "down.bin")
	url := "ftp://" + v.User + ":" + strings.ReplaceAll(v.Password, "@", "%40") + "@" + addr + "/big.bin"
	run(t, "curl", "-sS", "--max-time", "60", "--ssl-reqd", "-k", "-o", down, url)
	if got, _ := os.ReadFile(down); sum(got) != sum(big) {
		t.Fatalf("download: %d bytes, want %d", len(got), len(big))
	}
	rec.waitCount(proxy.SessionClose, 1)
	if rec.count(proxy.Opaque) != 1 {
		t.Errorf("%d opaque events, want 1", rec.count(proxy.Opaque))
	}
	if n := rec.count(proxy.DataOpen); n != 0 {
		t.Errorf("%d data connections through the proxy after AUTH TLS, want 0 (it cannot read 227)", n)
	}
	for _, ev := range rec.all() {
		if ev.Kind == proxy.ClientLine && strings.HasPrefix(ev.Line, "PASS") || ev.Kind == proxy.ClientLine && strings.HasPrefix(ev.Line, "RETR") {
			t.Errorf("the proxy read %q after AUTH TLS", ev.Line)
		}
	}
}
