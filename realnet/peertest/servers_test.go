package peertest

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"strconv"
	"testing"
	"time"
)

// clientTimeout bounds every client command in these tests.
const clientTimeout = 20 * time.Second

// payload returns n random bytes, a stand-in for any binary file.
func payload(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// curlGet fetches path from s with curl and extra flags, and checks the
// bytes are want.
func curlGet(t *testing.T, s *Server, path string, want []byte, flags ...string) {
	t.Helper()
	args := append([]string{"-sS", "-v", "--max-time", "15", "--user", s.User + ":" + s.Password}, flags...)
	args = append(args, "ftp://"+s.Addr+"/"+path)
	out, errOut, err := Run(t, clientTimeout, "curl", args...)
	if err != nil {
		t.Fatalf("curl %v: %v\n%s", flags, err, errOut)
	}
	if !bytes.Equal([]byte(out), want) {
		t.Fatalf("curl %v: got %d bytes, want %d (stderr:\n%s)", flags, len(out), len(want), errOut)
	}
}

func TestVsftpdCurl(t *testing.T) {
	t.Parallel()
	want := payload(t, 1<<20+7)
	s := StartVsftpd(t, VsftpdOptions{Files: map[string][]byte{"pub/data.bin": want}})
	for _, tc := range []struct {
		name  string
		flags []string
	}{
		{"passive EPSV", nil},
		{"passive PASV", []string{"--disable-epsv"}},
		{"active EPRT", []string{"-P", "127.0.0.1"}},
		{"active PORT", []string{"-P", "127.0.0.1", "--disable-eprt"}},
	} {
		t.Run(tc.name, func(t *testing.T) { curlGet(t, s, "pub/data.bin", want, tc.flags...) })
	}
}

// TestVsftpdTLSCurl fetches over explicit FTPS in passive mode only: curl
// 7.87 to 7.88 (Debian 12's) never starts TLS on an active data connection
// and times out (curl/curl#10666, fixed in 8.0), so active FTPS is tested
// with lftp and python3 instead.
func TestVsftpdTLSCurl(t *testing.T) {
	t.Parallel()
	want := payload(t, 64<<10)
	s := StartVsftpd(t, VsftpdOptions{Files: map[string][]byte{"data.bin": want}, TLS: true})
	curlGet(t, s, "data.bin", want, "--ssl-reqd", "-k")
	curlGet(t, s, "data.bin", want, "--ssl-reqd", "--cacert", s.CertFile, "--disable-epsv")
}

func TestPureFTPdCurl(t *testing.T) {
	t.Parallel()
	want := payload(t, 1<<20+7)
	s := StartPureFTPd(t, PureOptions{Files: map[string][]byte{"pub/data.bin": want}})
	for _, tc := range []struct {
		name  string
		flags []string
	}{
		{"passive EPSV", nil},
		{"passive PASV", []string{"--disable-epsv"}},
		{"active EPRT", []string{"-P", "127.0.0.1"}},
		{"active PORT", []string{"-P", "127.0.0.1", "--disable-eprt"}},
	} {
		t.Run(tc.name, func(t *testing.T) { curlGet(t, s, "pub/data.bin", want, tc.flags...) })
	}
}

// TestPureFTPdTLSCurl is passive only, like TestVsftpdTLSCurl.
func TestPureFTPdTLSCurl(t *testing.T) {
	t.Parallel()
	want := payload(t, 64<<10)
	s := StartPureFTPd(t, PureOptions{Files: map[string][]byte{"data.bin": want}, TLS: true})
	curlGet(t, s, "data.bin", want, "--ssl-reqd", "-k")
	curlGet(t, s, "data.bin", want, "--ssl-reqd", "--cacert", s.CertFile, "--disable-epsv")
}

// curlPut uploads data to path on s with curl and extra flags.
func curlPut(t *testing.T, s *Server, path string, data []byte, flags ...string) {
	t.Helper()
	args := append([]string{"-sS", "-v", "--max-time", "15", "--user", s.User + ":" + s.Password, "-T", "-"}, flags...)
	args = append(args, "ftp://"+s.Addr+"/"+path)
	if _, errOut, err := RunInput(t, clientTimeout, data, "curl", args...); err != nil {
		t.Fatalf("curl -T %v: %v\n%s", flags, err, errOut)
	}
}

func TestUploads(t *testing.T) {
	t.Parallel()
	data := payload(t, 256<<10)
	for _, tc := range []struct {
		name  string
		start func(t *testing.T) *Server
	}{
		{"vsftpd", func(t *testing.T) *Server { return StartVsftpd(t, VsftpdOptions{Upload: true}) }},
		{"pure-ftpd", func(t *testing.T) *Server { return StartPureFTPd(t, PureOptions{Upload: true}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := tc.start(t)
			curlPut(t, s, "upload/passive.bin", data)
			curlPut(t, s, "upload/active.bin", data, "-P", "127.0.0.1")
			// The URL's login is escaped for curl too.
			if out, errOut, err := Run(t, clientTimeout, "curl", "-sS", "--max-time", "10", s.URL("upload/passive.bin")); err != nil || out != string(data) {
				t.Errorf("curl %s: got %d bytes (%v)\n%s", s.URL("upload/passive.bin"), len(out), err, errOut)
			}
			for _, name := range []string{"passive.bin", "active.bin"} {
				got, err := s.Uploaded(name)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, data) {
					t.Errorf("%s: got %d bytes, want %d", name, len(got), len(data))
				}
			}
		})
	}
}

// lftpGet fetches path from s with lftp over explicit FTPS when tls, in
// passive or active mode, and checks the bytes.
func lftpGet(t *testing.T, s *Server, path string, want []byte, passive, tls bool) {
	t.Helper()
	script := fmt.Sprintf("set net:timeout 5; set net:max-retries 1; set net:reconnect-interval-base 1; "+
		"set cmd:fail-exit yes; set ftp:passive-mode %s; set ftp:ssl-allow %s; set ftp:ssl-force %[2]s; "+
		"set ftp:ssl-protect-data %[2]s; set ssl:verify-certificate no; "+
		"open -u %s,%s ftp://%s; cat %s",
		onOff(passive), onOff(tls), s.User, s.Password, s.Addr, path)
	out, errOut, err := Run(t, clientTimeout, "lftp", "-c", script)
	if err != nil {
		t.Fatalf("lftp (passive %v, tls %v): %v\n%s", passive, tls, err, errOut)
	}
	if !bytes.Equal([]byte(out), want) {
		t.Fatalf("lftp (passive %v, tls %v): got %d bytes, want %d", passive, tls, len(out), len(want))
	}
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func TestLftp(t *testing.T) {
	t.Parallel()
	want := payload(t, 300<<10)
	files := map[string][]byte{"dir/data.bin": want}
	for _, tc := range []struct {
		name  string
		start func(t *testing.T) *Server
	}{
		{"vsftpd", func(t *testing.T) *Server { return StartVsftpd(t, VsftpdOptions{Files: files, TLS: true}) }},
		{"pure-ftpd", func(t *testing.T) *Server { return StartPureFTPd(t, PureOptions{Files: files, TLS: true}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := tc.start(t)
			for _, passive := range []bool{true, false} {
				for _, tls := range []bool{false, true} {
					lftpGet(t, s, "dir/data.bin", want, passive, tls)
				}
			}
		})
	}
}

// pythonFetch is a python3 ftplib client: argv is host, port, user,
// password, path, "active"|"passive", "tls"|"plain"; it writes the file's
// bytes to standard output.
const pythonFetch = `
import ftplib, ssl, sys
host, port, user, password, path, mode, sec = sys.argv[1:]
if sec == "tls":
    c = ftplib.FTP_TLS(context=ssl._create_unverified_context(), timeout=10)
else:
    c = ftplib.FTP(timeout=10)
c.connect(host, int(port))
c.login(user, password)
if sec == "tls":
    c.prot_p()
c.set_pasv(mode == "passive")
c.retrbinary("RETR " + path, sys.stdout.buffer.write)
c.quit()
`

func TestPython(t *testing.T) {
	t.Parallel()
	want := payload(t, 100<<10)
	files := map[string][]byte{"data.bin": want}
	for _, tc := range []struct {
		name  string
		start func(t *testing.T) *Server
	}{
		{"vsftpd", func(t *testing.T) *Server { return StartVsftpd(t, VsftpdOptions{Files: files, TLS: true}) }},
		{"pure-ftpd", func(t *testing.T) *Server { return StartPureFTPd(t, PureOptions{Files: files, TLS: true}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := tc.start(t)
			for _, mode := range []string{"passive", "active"} {
				for _, sec := range []string{"plain", "tls"} {
					out, errOut, err := Run(t, clientTimeout, "python3", "-c", pythonFetch,
						"127.0.0.1", strconv.Itoa(s.Port), s.User, s.Password, "data.bin", mode, sec)
					if err != nil {
						t.Fatalf("ftplib %s %s: %v\n%s", mode, sec, err, errOut)
					}
					if !bytes.Equal([]byte(out), want) {
						t.Fatalf("ftplib %s %s: got %d bytes, want %d", mode, sec, len(out), len(want))
					}
				}
			}
		})
	}
}

func TestForceTLS(t *testing.T) {
	t.Parallel()
	want := []byte("secret\n")
	files := map[string][]byte{"data.bin": want}
	for _, tc := range []struct {
		name  string
		start func(t *testing.T) *Server
	}{
		{"vsftpd", func(t *testing.T) *Server { return StartVsftpd(t, VsftpdOptions{Files: files, ForceTLS: true}) }},
		{"pure-ftpd", func(t *testing.T) *Server { return StartPureFTPd(t, PureOptions{Files: files, ForceTLS: true}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := tc.start(t)
			curlGet(t, s, "data.bin", want, "--ssl-reqd", "-k")
			// Without --ssl-reqd, curl logs in in clear text.
			out, errOut, err := Run(t, clientTimeout, "curl", "-sS", "--max-time", "10", s.URL("data.bin"))
			if err == nil || out != "" {
				t.Fatalf("plain curl fetched %q from a server that forces TLS (%v)\n%s", out, err, errOut)
			}
		})
	}
}
