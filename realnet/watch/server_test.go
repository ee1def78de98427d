package watch_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ftplab/realnet"
	"ftplab/realnet/ftpclient"
	"ftplab/realnet/ftpd"
	"ftplab/realnet/watch"
	"ftplab/sim"
)

// serverSession runs one download and one upload from ftplab's server in
// mode m, watched by the server's own observer, and returns the timeline.
func serverSession(t *testing.T, m ftpclient.Mode, body []byte) *sim.Timeline {
	t.Helper()
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "f.bin"), body, 0o644)
	closed := make(chan uint64, 1)
	rec := watch.NewRecorder(func(id uint64) { closed <- id })
	srv, err := ftpd.New(ftpd.Config{Root: root, Anonymous: true, Write: true, IdleTimeout: 10 * time.Second,
		DataTimeout: 5 * time.Second, Observer: rec.ObserveServer})
	if err != nil {
		t.Fatal(err)
	}
	ln, _ := realnet.OS{}.Listen(context.Background(), "tcp", "127.0.0.1:0")
	go srv.Serve(ln)
	defer srv.Close()
	c, err := ftpclient.Dial(context.Background(), ln.Addr().String(), ftpclient.WithMode(m), ftpclient.WithTimeout(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login("anonymous", "t@"); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := c.Retr("f.bin", &got, 0); err != nil || !bytes.Equal(got.Bytes(), body) {
		t.Fatalf("RETR: %d bytes, %v", got.Len(), err)
	}
	if err := c.Stor("up.bin", bytes.NewReader(body[:len(body)/2]), 0); err != nil {
		t.Fatalf("STOR: %v", err)
	}
	c.Quit()
	select {
	case id := <-closed:
		tl, err := rec.Timeline(id)
		if err != nil {
			t.Fatal(err)
		}
		return tl
	case <-time.After(10 * time.Second):
		t.Fatal("the session did not end within 10 s of QUIT")
	}
	return nil
}

// TestServerSession: the server's observer makes the same kind of
// timeline as the proxy: the lab's labels, the data connections linked
// to their bytes in the right direction, what a helper would read, and
// every connection closed at the end.
func TestServerSession(t *testing.T) {
	body := bytes.Repeat([]byte("ftplab "), 2000)
	for _, tc := range []struct {
		mode        ftpclient.Mode
		cmd, dialer string
		want        string
	}{
		{ftpclient.PASV, "cmd.PASV", "client", "reply.227"},
		{ftpclient.EPSV, "cmd.EPSV", "client", "reply.229"},
		{ftpclient.PORT, "cmd.PORT", "server", "reply.200"},
	} {
		t.Run(string(tc.cmd), func(t *testing.T) {
			tl := serverSession(t, tc.mode, body)
			labels := " " + strings.Join(tl.Labels(), " ") + " "
			for _, l := range []string{"control.connect", "control.accept", tc.cmd, tc.want, "data.connect", "data.accept", "data.bytes", "cmd.RETR", "cmd.STOR", "reply.226", "data.close", "close"} {
				if !strings.Contains(labels, " "+l+" ") {
					t.Errorf("no %s in %s", l, labels)
				}
			}
			if e, _ := has(tl, "data.connect"); e.Host != tc.dialer {
				t.Errorf("data.connect by %q, want %q", e.Host, tc.dialer)
			}
			if _, ok := has(tl, "helper.parse"); !ok {
				t.Errorf("no helper.parse in %s", labels)
			}
			if e, _ := has(tl, "cmd.PASS"); e.Line != "PASS ****" {
				t.Errorf("PASS recorded as %q", e.Line)
			}
			st, _ := tl.At(tl.Len())
			var moved []int64
			for _, c := range st.Conns {
				if c.Status != sim.StatusClosed {
					t.Errorf("connection %d ends %s, want closed", c.ID, c.Status)
				}
				if c.Control {
					continue
				}
				moved = append(moved, c.BytesFromDialer+c.BytesFromAcceptor)
				// The download's bytes come from the server, the upload's from the client.
				fromServer := c.BytesFromAcceptor
				if c.Dialer == "server" {
					fromServer = c.BytesFromDialer
				}
				if (len(moved) == 1) != (fromServer > 0) {
					t.Errorf("data connection %d: %d bytes from the server, wrong direction", c.ID, fromServer)
				}
			}
			if len(moved) != 2 || moved[0] != int64(len(body)) || moved[1] != int64(len(body)/2) {
				t.Errorf("data connections moved %v bytes, want [%d %d]", moved, len(body), len(body)/2)
			}
		})
	}
}
