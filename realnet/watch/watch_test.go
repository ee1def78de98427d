package watch_test

import (
	"bytes"
	"context"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ftplab/realnet"
	"ftplab/realnet/ftpclient"
	"ftplab/realnet/ftpd"
	"ftplab/realnet/proxy"
	"ftplab/realnet/watch"
	"ftplab/sim"
)

// session runs one download through a proxy to ftplab's server in mode m
// and returns the recorded session's timeline. edit adjusts the server.
func session(t *testing.T, m ftpclient.Mode, body []byte, edit func(*ftpd.Config)) *sim.Timeline {
	t.Helper()
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "f.bin"), body, 0o644)
	cfg := ftpd.Config{Root: root, Anonymous: true, IdleTimeout: 10 * time.Second, DataTimeout: 5 * time.Second}
	if edit != nil {
		edit(&cfg)
	}
	srv, err := ftpd.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	sln, _ := realnet.OS{}.Listen(context.Background(), "tcp", "127.0.0.1:0")
	go srv.Serve(sln)
	defer srv.Close()

	closed := make(chan uint64, 1)
	rec := watch.NewRecorder(func(id uint64) { closed <- id })
	p, _ := proxy.New(proxy.Config{Upstream: sln.Addr().String(), Observer: rec.Observe})
	pln, _ := net.Listen("tcp", "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go p.Serve(ctx, pln)

	c, err := ftpclient.Dial(ctx, pln.Addr().String(), ftpclient.WithMode(m), ftpclient.WithTimeout(10*time.Second))
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
	c.Quit()
	var id uint64
	select {
	case id = <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("the session did not end within 10 s of QUIT")
	}
	tl, err := rec.Timeline(id)
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

// has returns the first event with label.
func has(tl *sim.Timeline, label string) (sim.Event, bool) {
	for _, e := range tl.Events() {
		if e.Label == label {
			return e, true
		}
	}
	return sim.Event{}, false
}

// TestRecordedSession: a real session through the proxy becomes a
// timeline with the lab's labels, the data connection linked to its
// bytes, and what a helper would read.
func TestRecordedSession(t *testing.T) {
	body := bytes.Repeat([]byte("ftplab "), 1000)
	for _, tc := range []struct {
		mode            ftpclient.Mode
		cmd, reply      string
		dialer, helperW string
	}{
		{ftpclient.PASV, "cmd.PASV", "reply.227", "client", "would expect a data connection from 127.0.0.1 to 127.0.0.1:"},
		{ftpclient.EPSV, "cmd.EPSV", "reply.229", "client", "reads 229"},
		{ftpclient.PORT, "cmd.PORT", "reply.200", "server", "would expect a data connection from 127.0.0.1 to 127.0.0.1:"},
	} {
		t.Run(tc.mode.String(), func(t *testing.T) {
			tl := session(t, tc.mode, body, nil)
			for _, l := range []string{"control.connect", "cmd.USER", "reply.230", tc.cmd, tc.reply, "data.connect", "data.bytes", "data.close", "cmd.QUIT", "close"} {
				if _, ok := has(tl, l); !ok {
					t.Errorf("no %s in\n%s", l, sim.RenderText(tl))
				}
			}
			if e, _ := has(tl, "data.connect"); e.Host != tc.dialer {
				t.Errorf("data.connect by %q, want %q", e.Host, tc.dialer)
			}
			if e, _ := has(tl, "data.bytes"); e.Bytes != len(body) || e.Host != "server" {
				t.Errorf("data.bytes: %d bytes from %s, want %d from the server", e.Bytes, e.Host, len(body))
			}
			if e, _ := has(tl, "helper.parse"); !strings.Contains(e.Text, tc.helperW) {
				t.Errorf("helper.parse %q, want it to say %q", e.Text, tc.helperW)
			}
			if e, _ := has(tl, "cmd.PASS"); e.Line != "PASS ****" {
				t.Errorf("PASS recorded as %q", e.Line)
			}
			st, _ := tl.At(tl.Len())
			for _, c := range st.Conns {
				if c.Status != sim.StatusClosed {
					t.Errorf("connection %d ends %s, want closed", c.ID, c.Status)
				}
			}
			// Recorded and reopened, it is the same timeline.
			js, err := sim.RenderJSON(tl)
			if err != nil {
				t.Fatal(err)
			}
			back, err := sim.ReadJSON(js)
			if err != nil {
				t.Fatal(err)
			}
			if js2, _ := sim.RenderJSON(back); !bytes.Equal(js, js2) {
				t.Error("the recording read back renders differently")
			}
		})
	}
}

// TestNATFindings: a server announcing a private address in 227 gives a
// finding naming lesson 10, and a helper reading that 227 would record
// no expectation.
func TestNATFindings(t *testing.T) {
	tl := session(t, ftpclient.PASVCtlIP, []byte("x"), func(c *ftpd.Config) { c.PasvAddress = netip.MustParseAddr("10.0.0.5") })
	f, ok := has(tl, sim.LabelFinding)
	if !ok || !strings.Contains(f.Text, "10.0.0.5") || !strings.Contains(f.Text, "lesson 10") {
		t.Errorf("finding %q, want 10.0.0.5 and lesson 10", f.Text)
	}
	h, _ := has(tl, sim.LabelHelperParse)
	if !strings.Contains(h.Text, "records no expectation") {
		t.Errorf("helper.parse %q, want no expectation", h.Text)
	}
}
