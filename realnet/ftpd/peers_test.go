package ftpd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ftplab/realnet/peertest"
)

// These tests drive the server with real clients: curl, python3's ftplib
// and lftp. A missing client skips the test, or fails it when
// FTPLAB_REQUIRE_PEERS=1.

const peerTimeout = 2 * time.Minute

// bigSize is the size of the file sent up and down: 64 MiB, 2 MiB with
// -short.
func bigSize() int {
	if testing.Short() {
		return 2 << 20
	}
	return 64 << 20
}

// peerServer starts a writable server with TLS and a big random file.
func peerServer(t *testing.T) (addr, root string, big []byte) {
	t.Helper()
	_, addr, root = startServer(t, func(c *Config) {
		c.Write = true
		c.TLS = tlsServer(t)
		c.DataTimeout = 30 * time.Second
	})
	big = randomBytes(t, bigSize())
	if err := os.WriteFile(filepath.Join(root, "big.bin"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	return addr, root, big
}

func TestCurl(t *testing.T) {
	peertest.Require(t, "curl")
	t.Parallel()
	addr, root, big := peerServer(t)
	local := filepath.Join(t.TempDir(), "big.bin")
	if err := os.WriteFile(local, big, 0o644); err != nil {
		t.Fatal(err)
	}
	url := "ftp://alice:secret@" + addr + "/"
	curl := func(t *testing.T, args ...string) string {
		t.Helper()
		args = append([]string{"-sS", "--max-time", "100"}, args...)
		out, errOut, err := peertest.Run(t, peerTimeout, "curl", args...)
		if err != nil {
			t.Fatalf("curl %v: %v\n%s", args, err, errOut)
		}
		return out
	}
	modes := []struct {
		name  string
		flags []string
	}{
		{"EPSV", nil},
		{"PASV", []string{"--disable-epsv"}},
		{"EPRT", []string{"-P", "127.0.0.1"}},
		{"PORT", []string{"-P", "127.0.0.1", "--disable-eprt"}},
		// curl 7.87-7.88 never starts TLS on an active data connection
		// (curl/curl#10666), so FTPS is tested passive here and active
		// with lftp and python3.
		{"FTPS-EPSV", []string{"--ssl-reqd", "-k"}},
		{"FTPS-PASV", []string{"--ssl-reqd", "-k", "--disable-epsv"}},
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			up := "up-" + m.name + ".bin"
			curl(t, append(m.flags, "-T", local, url+up)...)
			if got, _ := os.ReadFile(filepath.Join(root, up)); sum(got) != sum(big) {
				t.Fatalf("upload: %d bytes, want %d", len(got), len(big))
			}
			down := filepath.Join(t.TempDir(), "down.bin")
			curl(t, append(m.flags, "-o", down, url+up)...)
			if got, _ := os.ReadFile(down); sum(got) != sum(big) {
				t.Fatalf("download: %d bytes, want %d", len(got), len(big))
			}
		})
	}
	t.Run("ASCII", func(t *testing.T) {
		// curl turns the CR LF of TYPE A back into LF on Unix; the wire
		// form is checked by TestTypeA.
		if got := curl(t, "-B", url+"pub/hello.txt"); got != "line one\nline two\n" {
			t.Errorf("curl -B: %q", got)
		}
	})
	t.Run("resume", func(t *testing.T) {
		part := filepath.Join(t.TempDir(), "part.bin")
		os.WriteFile(part, big[:12345], 0o644)
		curl(t, "-C", "-", "-o", part, url+"big.bin")
		if got, _ := os.ReadFile(part); sum(got) != sum(big) {
			t.Errorf("resumed download: %d bytes", len(got))
		}
		os.WriteFile(filepath.Join(root, "resume.bin"), big[:7777], 0o644)
		curl(t, "-C", "-", "-T", local, url+"resume.bin")
		if got, _ := os.ReadFile(filepath.Join(root, "resume.bin")); sum(got) != sum(big) {
			t.Errorf("resumed upload: %d bytes", len(got))
		}
	})
	t.Run("listings", func(t *testing.T) {
		if got := curl(t, url+"pub/"); !strings.Contains(got, " hello.txt\n") || !strings.HasPrefix(got, "-rw-r--r--") && !strings.HasPrefix(got, "d") {
			t.Errorf("LIST:\n%s", got)
		}
		if got := curl(t, "-l", url+"pub/"); got != "dos.txt\nhello.txt\nsub\n" {
			t.Errorf("NLST: %q", got)
		}
	})
	t.Run("rename", func(t *testing.T) {
		curl(t, "-Q", "RNFR README.txt", "-Q", "RNTO moved.txt", url)
		if _, err := os.Stat(filepath.Join(root, "moved.txt")); err != nil {
			t.Error(err)
		}
	})
	t.Run("errors", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			want string
		}{
			{[]string{"ftp://alice:wrong@" + addr + "/"}, "530"},
			{[]string{url + "missing.txt"}, "550"},
			{[]string{"-Q", "TYPE Q", url}, "501"},
			{[]string{"-Q", "FROB", url}, "500"},
		} {
			_, errOut, err := peertest.Run(t, peerTimeout, "curl", append([]string{"-sS", "-v"}, tc.args...)...)
			if err == nil || !strings.Contains(errOut, "< "+tc.want) {
				t.Errorf("curl %v: err %v, want a %s reply; stderr:\n%s", tc.args, err, tc.want, errOut)
			}
		}
	})
}

// pythonScript exercises ftplib: both modes, the extended commands sent by
// hand, FTPS (resuming the control connection's TLS session, and refused
// when it does not), TYPE A, resume, renames and errors. It prints OK.
const pythonScript = `
import ftplib, hashlib, io, sys
host, port, want = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def sha(b): return hashlib.sha256(b).hexdigest()
def check(ftp, name):
    buf = io.BytesIO()
    ftp.retrbinary("RETR big.bin", buf.write)
    assert sha(buf.getvalue()) == want, name + ": RETR checksum"
    buf.seek(0)
    ftp.storbinary("STOR " + name, buf)
    back = io.BytesIO()
    ftp.retrbinary("RETR " + name, back.write)
    assert sha(back.getvalue()) == want, name + ": round trip checksum"
class ReuseFTP_TLS(ftplib.FTP_TLS):
    # The usual recipe for servers that require TLS session reuse
    # (vsftpd's require_ssl_reuse, ours by default): stock ftplib opens
    # each data connection with a new TLS session.
    def ntransfercmd(self, cmd, rest=None):
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        if self._prot_p:
            conn = self.context.wrap_socket(conn, server_hostname=self.host, session=self.sock.session)
        return conn, size
# Stock ftplib does not resume: its data connection is refused with 425.
ftp = ftplib.FTP_TLS(timeout=60)
ftp.connect(host, port)
ftp.auth()
ftp.login("alice", "secret")
ftp.prot_p()
try:
    ftp.retrbinary("RETR README.txt", lambda b: None)
    raise SystemExit("a data connection without TLS session reuse was accepted")
except ftplib.error_temp as e:
    assert str(e).startswith("425"), str(e)
ftp.quit()
for tls in (False, True):
    for pasv in (True, False):
        ftp = ReuseFTP_TLS(timeout=60) if tls else ftplib.FTP(timeout=60)
        ftp.connect(host, port)
        if tls:
            ftp.auth()
        ftp.login("alice", "secret")
        if tls:
            ftp.prot_p()
        ftp.set_pasv(pasv)
        check(ftp, "py-%s-%s.bin" % (tls, pasv))
        ftp.quit()
ftp = ftplib.FTP(timeout=60)
ftp.connect(host, port)
ftp.login("anonymous", "py@")
# EPSV and EPRT by hand (ftplib uses them only for IPv6).
import socket
def fetch(conn_or_listener, active):
    resp = ftp.sendcmd("RETR README.txt")
    assert resp.startswith("150"), resp
    c = conn_or_listener.accept()[0] if active else conn_or_listener
    body = c.makefile("rb").read()
    c.close()
    assert ftp.voidresp().startswith("226")
    assert body == b"hello\n", body
_, p = ftplib.parse229(ftp.sendcmd("EPSV"), ftp.sock.getpeername())
fetch(socket.create_connection((host, p)), False)
ls = socket.create_server((host, 0))
assert ftp.sendeprt(host, ls.getsockname()[1]).startswith("200")
fetch(ls, True)
lines = []
ftp.retrlines("LIST pub", lines.append)
assert any(l.endswith(" hello.txt") for l in lines), lines
assert ftp.nlst("pub") == ["dos.txt", "hello.txt", "sub"], ftp.nlst("pub")
text = []
ftp.retrlines("RETR pub/hello.txt", text.append)
assert text == ["line one", "line two"], text
buf = io.BytesIO()
ftp.retrbinary("RETR big.bin", buf.write, rest=1000)
assert len(buf.getvalue()) == ftp.size("big.bin") - 1000
for cmd, code in (("RETR missing", "550"), ("CWD nowhere", "550"), ("MKD pub", "550"), ("TYPE Z", "501"), ("FROB", "500")):
    try:
        ftp.sendcmd(cmd) if not cmd.startswith("RETR") else ftp.retrbinary(cmd, lambda b: None)
        raise SystemExit(cmd + " succeeded")
    except ftplib.error_perm as e:
        assert str(e).startswith(code), (cmd, str(e))
ftp.quit()
ftp = ftplib.FTP(timeout=60)
ftp.connect(host, port)
try:
    ftp.login("alice", "wrong")
    raise SystemExit("bad password accepted")
except ftplib.error_perm as e:
    assert str(e).startswith("530"), str(e)
ftp = ftplib.FTP(timeout=60)
ftp.connect(host, port)
ftp.login("alice", "secret")
ftp.rename("README.txt", "renamed.txt")
ftp.delete("renamed.txt")
print("OK")
`

func TestPythonFtplib(t *testing.T) {
	peertest.Require(t, "python3")
	t.Parallel()
	addr, _, big := peerServer(t)
	host, port, _ := strings.Cut(addr, ":")
	out, errOut, err := peertest.Run(t, peerTimeout, "python3", "-c", pythonScript, host, port, sum(big))
	if err != nil || strings.TrimSpace(out) != "OK" {
		t.Fatalf("python3 ftplib: %v\n%s%s", err, out, errOut)
	}
}

func TestLftp(t *testing.T) {
	peertest.Require(t, "lftp")
	t.Parallel()
	addr, root, big := peerServer(t)
	dir := t.TempDir()
	local := filepath.Join(dir, "local.bin")
	os.WriteFile(local, big, 0o644)
	for _, m := range []struct{ name, settings string }{
		{"passive", "set ftp:passive-mode on; set ftp:ssl-allow no"},
		{"active", "set ftp:passive-mode off; set ftp:ssl-allow no"},
		{"ftps-passive", "set ftp:passive-mode on; set ftp:ssl-force true; set ftp:ssl-protect-data true; set ssl:verify-certificate no"},
		{"ftps-active", "set ftp:passive-mode off; set ftp:ssl-force true; set ftp:ssl-protect-data true; set ssl:verify-certificate no"},
	} {
		t.Run(m.name, func(t *testing.T) {
			down := filepath.Join(dir, m.name+".bin")
			up := "lftp-" + m.name + ".bin"
			script := m.settings + "; set net:max-retries 1; set net:timeout 20; open -u alice,secret ftp://" + addr +
				"; get big.bin -o " + down + "; put " + local + " -o " + up + "; cls -1 pub; mv " + up + " " + up + ".moved; quit"
			out, errOut, err := peertest.Run(t, peerTimeout, "lftp", "-c", script)
			if err != nil {
				t.Fatalf("lftp: %v\n%s%s", err, out, errOut)
			}
			if got, _ := os.ReadFile(down); sum(got) != sum(big) {
				t.Errorf("get: %d bytes", len(got))
			}
			if got, _ := os.ReadFile(filepath.Join(root, up+".moved")); sum(got) != sum(big) {
				t.Errorf("put and mv: %d bytes", len(got))
			}
			if !bytes.Contains([]byte(out), []byte("hello.txt")) {
				t.Errorf("cls pub:\n%s", out)
			}
		})
	}
}
