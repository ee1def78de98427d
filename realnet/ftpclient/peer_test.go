package ftpclient

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"os"
	"strings"
	"testing"
	"time"

	"ftplab/realnet/peertest"
	"ftplab/realnet/wire"
)

// Tests against real servers, started by realnet/peertest on
// loopback. They skip when a server is missing, and fail instead when
// FTPLAB_REQUIRE_PEERS=1 (CI).

var allModes = []Mode{PORT, EPRT, PASV, EPSV, PASVCtlIP, Passive, Active}

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func dialPeer(t *testing.T, s *peertest.Server, opts ...Option) *Conn {
	t.Helper()
	tr := &syncBuffer{}
	opts = append([]Option{WithTimeout(testDeadline), WithDataTimeout(testDeadline), WithTrace(tr)}, opts...)
	c, err := Dial(context.Background(), s.Addr, opts...)
	if err != nil {
		t.Fatalf("Dial %s: %v", s.Addr, err)
	}
	t.Cleanup(func() {
		c.Close()
		if t.Failed() {
			t.Logf("client trace:\n%s", tr)
		}
	})
	if err := c.Login(s.User, s.Password); err != nil {
		t.Fatalf("Login: %v", err)
	}
	return c
}

// roundTrip downloads remote and compares it with want by SHA-256, then
// uploads want as upload and compares what the server stored.
func roundTrip(t *testing.T, s *peertest.Server, c *Conn, remote string, want []byte, upload string) {
	t.Helper()
	var got bytes.Buffer
	if err := c.Retr(remote, &got, 0); err != nil {
		t.Fatalf("Retr %s: %v", remote, err)
	}
	if sha256.Sum256(got.Bytes()) != sha256.Sum256(want) {
		t.Fatalf("Retr %s: got %d bytes, want %d; SHA-256 differs", remote, got.Len(), len(want))
	}
	if upload == "" {
		return
	}
	if err := c.Stor("/upload/"+upload, bytes.NewReader(want), 0); err != nil {
		t.Fatalf("Stor %s: %v", upload, err)
	}
	stored, err := s.Uploaded(upload)
	if err != nil {
		t.Fatal(err)
	}
	if sha256.Sum256(stored) != sha256.Sum256(want) {
		t.Fatalf("Stor %s: server stored %d bytes, want %d; SHA-256 differs", upload, len(stored), len(want))
	}
}

func tlsFor(t *testing.T, s *peertest.Server) *tls.Config {
	t.Helper()
	pem, err := os.ReadFile(s.CertFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	return &tls.Config{RootCAs: pool}
}

func TestVsftpd(t *testing.T) {
	want := randomBytes(t, 1<<20+7)
	s := peertest.StartVsftpd(t, peertest.VsftpdOptions{
		Files:  map[string][]byte{"pub/data.bin": want, "pub/notes.txt": []byte("one\ntwo\n")},
		Upload: true,
		// Anonymous resume (REST before STOR) needs this.
		Config: map[string]string{"anon_other_write_enable": "YES"},
	})
	for _, m := range allModes {
		t.Run(m.String(), func(t *testing.T) {
			c := dialPeer(t, s, WithMode(m))
			roundTrip(t, s, c, "/pub/data.bin", want, "vsftpd-"+m.String()+".bin")
			names, err := c.NameList("/pub")
			if err != nil || strings.Join(names, ",") != "/pub/data.bin,/pub/notes.txt" && strings.Join(names, ",") != "data.bin,notes.txt" {
				t.Errorf("NameList = %q, %v", names, err)
			}
			if err := c.Quit(); err != nil {
				t.Errorf("Quit: %v", err)
			}
		})
	}
	t.Run("list", func(t *testing.T) {
		c := dialPeer(t, s)
		entries, err := c.ListEntries("/pub", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range entries {
			if e.Name == "data.bin" && e.Type == wire.TypeFile && e.Size == int64(len(want)) {
				found = true
			}
		}
		if !found {
			t.Errorf("ListEntries(/pub) = %+v, want data.bin of %d bytes", entries, len(want))
		}
		if n, err := c.Size("/pub/data.bin"); err != nil || n != int64(len(want)) {
			t.Errorf("Size = %d, %v", n, err)
		}
		if _, err := c.ModTime("/pub/data.bin"); err != nil {
			t.Errorf("ModTime: %v", err)
		}
		err = c.Retr("/pub/nofile", &bytes.Buffer{}, 0)
		if re, ok := err.(*ReplyError); !ok || re.Code != 550 {
			t.Errorf("Retr nofile = %v, want a 550 *ReplyError", err)
		}
	})
	t.Run("resume", func(t *testing.T) {
		c := dialPeer(t, s)
		var got bytes.Buffer
		if err := c.Retr("/pub/data.bin", &got, 1000); err != nil || !bytes.Equal(got.Bytes(), want[1000:]) {
			t.Fatalf("Retr from 1000: %d bytes, %v", got.Len(), err)
		}
		if err := c.Stor("/upload/resumed.bin", bytes.NewReader(want[:5000]), 0); err != nil {
			t.Fatal(err)
		}
		off, err := c.Size("/upload/resumed.bin")
		if err != nil || off != 5000 {
			t.Fatalf("Size = %d, %v", off, err)
		}
		if err := c.Stor("/upload/resumed.bin", bytes.NewReader(want[off:]), off); err != nil {
			t.Fatalf("resumed Stor: %v", err)
		}
		if stored, _ := s.Uploaded("resumed.bin"); !bytes.Equal(stored, want) {
			t.Fatalf("resumed upload: server has %d bytes, want %d", len(stored), len(want))
		}
	})
	t.Run("ascii", func(t *testing.T) {
		c := dialPeer(t, s)
		if err := c.Type(true); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := c.Retr("/pub/notes.txt", &got, 0); err != nil || got.String() != "one\ntwo\n" {
			t.Fatalf("ASCII Retr = %q, %v", got.String(), err)
		}
		if err := c.Stor("/upload/notes.txt", strings.NewReader("a\nb\n"), 0); err != nil {
			t.Fatal(err)
		}
		// vsftpd stores an ASCII upload with its local line ends.
		if stored, _ := s.Uploaded("notes.txt"); string(stored) != "a\nb\n" {
			t.Errorf("ASCII Stor: server has %q", stored)
		}
	})
}

func TestVsftpdTLS(t *testing.T) {
	want := randomBytes(t, 256<<10+3)
	s := peertest.StartVsftpd(t, peertest.VsftpdOptions{
		Files:    map[string][]byte{"data.bin": want},
		Upload:   true,
		ForceTLS: true,
		// The strictest setting: data connections must resume the
		// control connection's TLS session.
		Config: map[string]string{"require_ssl_reuse": "YES"},
	})
	for _, m := range []Mode{EPSV, PASV, PORT, EPRT} {
		t.Run(m.String(), func(t *testing.T) {
			c := dialPeer(t, s, WithMode(m), WithTLS(tlsFor(t, s)))
			roundTrip(t, s, c, "/data.bin", want, "tls-"+m.String()+".bin")
			if _, err := c.List("/"); err != nil {
				t.Errorf("List: %v", err)
			}
		})
	}
}

func TestPureFTPd(t *testing.T) {
	want := randomBytes(t, 1<<20+7)
	s := peertest.StartPureFTPd(t, peertest.PureOptions{
		Files:  map[string][]byte{"pub/data.bin": want},
		Upload: true,
	})
	for _, m := range allModes {
		t.Run(m.String(), func(t *testing.T) {
			c := dialPeer(t, s, WithMode(m))
			roundTrip(t, s, c, "/pub/data.bin", want, "pure-"+m.String()+".bin")
		})
	}
	t.Run("mlsd", func(t *testing.T) {
		c := dialPeer(t, s)
		entries, err := c.MLSD("/pub")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range entries {
			if e.Name == "data.bin" && e.Type == wire.TypeFile && e.Size == int64(len(want)) && !e.ModTime.IsZero() {
				found = true
			}
		}
		if !found {
			t.Errorf("MLSD(/pub) = %+v, want data.bin of %d bytes", entries, len(want))
		}
		feats, err := c.Features()
		if err != nil || !strings.Contains(feats["MLST"], "type") {
			t.Errorf("Features = %q, %v", feats, err)
		}
	})
	t.Run("resume", func(t *testing.T) {
		c := dialPeer(t, s)
		if err := c.Stor("/upload/resumed.bin", bytes.NewReader(want[:7000]), 0); err != nil {
			t.Fatal(err)
		}
		off, err := c.Size("/upload/resumed.bin")
		if err != nil || off != 7000 {
			t.Fatalf("Size = %d, %v", off, err)
		}
		if err := c.Append("/upload/resumed.bin", bytes.NewReader(want[off:])); err != nil {
			t.Fatalf("Append: %v", err)
		}
		if stored, _ := s.Uploaded("resumed.bin"); !bytes.Equal(stored, want) {
			t.Fatalf("resumed upload: server has %d bytes, want %d", len(stored), len(want))
		}
	})
}

func TestPureFTPdTLS(t *testing.T) {
	want := randomBytes(t, 256<<10+3)
	s := peertest.StartPureFTPd(t, peertest.PureOptions{
		Files:    map[string][]byte{"data.bin": want},
		Upload:   true,
		ForceTLS: true,
	})
	for _, m := range []Mode{EPSV, PORT} {
		t.Run(m.String(), func(t *testing.T) {
			c := dialPeer(t, s, WithMode(m), WithTLS(tlsFor(t, s)))
			roundTrip(t, s, c, "/data.bin", want, "tls-"+m.String()+".bin")
		})
	}
}
