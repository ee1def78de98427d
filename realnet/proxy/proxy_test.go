package proxy_test

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"net/netip"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"ftplab/realnet/ftpclient"
	"ftplab/realnet/ftpd"
	"ftplab/realnet/proxy"
)

// TestModes: ftplab's client through the proxy to ftplab's server, in
// every mode: the file arrives whole both ways, and every data connection
// went through the proxy.
func TestModes(t *testing.T) {
	big := randomBytes(t, 3<<20)
	srv, _ := startFTPD(t, big, nil)
	addr, rec := startProxy(t, srv, nil)
	for _, m := range []ftpclient.Mode{ftpclient.PORT, ftpclient.EPRT, ftpclient.PASV, ftpclient.EPSV, ftpclient.PASVCtlIP} {
		t.Run(m.String(), func(t *testing.T) {
			before := rec.count(proxy.DataClose)
			c, err := ftpclient.Dial(context.Background(), addr, ftpclient.WithMode(m), ftpclient.WithTimeout(20*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if err := c.Login("alice", "secret"); err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := c.Retr("big.bin", &got, 0); err != nil {
				t.Fatalf("RETR: %v", err)
			}
			if sum(got.Bytes()) != sum(big) {
				t.Fatalf("RETR: %d bytes, want %d", got.Len(), len(big))
			}
			if err := c.Stor("up-"+m.String()+".bin", bytes.NewReader(big), 0); err != nil {
				t.Fatalf("STOR: %v", err)
			}
			var back bytes.Buffer
			if err := c.Retr("up-"+m.String()+".bin", &back, 0); err != nil || sum(back.Bytes()) != sum(big) {
				t.Fatalf("round trip: %d bytes, %v", back.Len(), err)
			}
			c.Quit()
			if !rec.waitCount(proxy.DataClose, before+3) {
				t.Errorf("%d data connections relayed, want 3", rec.count(proxy.DataClose)-before)
			}
		})
	}
	var down, up int64
	for _, ev := range rec.all() {
		if ev.Kind == proxy.DataClose {
			down += ev.Down
			up += ev.Up
		}
	}
	if want := int64(5 * 2 * len(big)); down != want || up != int64(5*len(big)) {
		t.Errorf("relayed %d bytes down, %d up; want %d and %d", down, up, want, 5*len(big))
	}
}

// dialRaw logs in through the proxy by hand and returns the control
// connection's reader and writer.
func dialRaw(t *testing.T, network, laddr, addr string) (*textproto.Conn, net.Conn) {
	t.Helper()
	d := net.Dialer{Timeout: 5 * time.Second}
	if laddr != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(laddr)}
	}
	nc, err := d.Dial(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	nc.SetDeadline(time.Now().Add(20 * time.Second))
	c := textproto.NewConn(nc)
	expect(t, c, "", 220)
	expect(t, c, "USER alice", 331)
	expect(t, c, "PASS secret", 230)
	return c, nc
}

func expect(t *testing.T, c *textproto.Conn, line string, code int) string {
	t.Helper()
	if line != "" {
		if err := c.PrintfLine("%s", line); err != nil {
			t.Fatal(err)
		}
	}
	_, msg, err := c.ReadResponse(code)
	if err != nil {
		t.Fatalf("%q: %v", line, err)
	}
	return msg
}

// TestBounceRefused: a PORT naming a third host or a low port is answered
// by the proxy itself, never relayed, and cancels an earlier PASV.
func TestBounceRefused(t *testing.T) {
	// The server keeps its own passive listener (the proxy cannot take
	// back a PASV it relayed): a short data timeout makes its 425 quick.
	srv, _ := startFTPD(t, []byte("x"), func(c *ftpd.Config) { c.DataTimeout = 500 * time.Millisecond })
	addr, rec := startProxy(t, srv, nil)
	c, _ := dialRaw(t, "tcp", "", addr)
	expect(t, c, "PASV", 227)
	for _, line := range []string{"PORT 127,0,0,2,195,80", "EPRT |1|127.0.0.2|50000|", "PORT 127,0,0,1,0,25"} {
		msg := expect(t, c, line, 500)
		if !strings.Contains(msg, "Illegal PORT") {
			t.Errorf("%s: %q", line, msg)
		}
	}
	// The proxy's passive listener is gone: RETR cannot succeed.
	c.PrintfLine("RETR big.bin")
	if code, _, _ := c.ReadResponse(0); code/100 == 1 || code/100 == 2 {
		t.Errorf("RETR after refused PORTs: %d, want a failure", code)
	}
	for _, ev := range rec.all() {
		if ev.Kind == proxy.ClientLine && strings.HasPrefix(ev.Line, "PORT 127,0,0,2") {
			t.Errorf("the bounce PORT reached the server: %+v", ev)
		}
	}
	if rec.count(proxy.Refused) < 3 {
		t.Errorf("%d refusals recorded, want 3", rec.count(proxy.Refused))
	}
}

// TestThiefClosed: a connection to the proxy's passive port from another
// address than the client's is closed, and the client's own still gets
// the file.
func TestThiefClosed(t *testing.T) {
	srv, _ := startFTPD(t, []byte("the file\n"), nil)
	addr, rec := startProxy(t, srv, nil)
	c, _ := dialRaw(t, "tcp4", "127.0.0.1", addr)
	msg := expect(t, c, "EPSV", 229)
	port := msg[strings.Index(msg, "|||")+3 : strings.LastIndex(msg, "|")]
	thief, err := (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}}).Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	defer thief.Close()
	thief.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := thief.Read(make([]byte, 1)); n != 0 || err == nil {
		t.Fatalf("thief read %d bytes, %v; want the connection closed", n, err)
	}
	dc, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	c.PrintfLine("RETR big.bin")
	expect(t, c, "", 150)
	body, _ := bufio.NewReader(dc).ReadString(0)
	expect(t, c, "", 226)
	if body != "the file\n" {
		t.Errorf("client got %q", body)
	}
	found := false
	for _, ev := range rec.all() {
		found = found || ev.Kind == proxy.Refused && strings.Contains(ev.Note, "127.0.0.2")
	}
	if !found {
		t.Error("no event says the thief was refused")
	}
}

// TestNATFinding: a 227 naming an address that is not the server's is
// rewritten all the same, the proxy dials the control peer, and the
// finding is recorded.
func TestNATFinding(t *testing.T) {
	// The server announces 10.0.0.5, as a server behind NAT without
	// pasv_address would. Nothing dials it: the proxy dials the control
	// connection's peer, 127.0.0.1, at the announced port.
	srv, _ := startFTPD(t, []byte("x\n"), func(c *ftpd.Config) { c.PasvAddress = netip.MustParseAddr("10.0.0.5") })
	addr, rec := startProxy(t, srv, nil)
	c, err := ftpclient.Dial(context.Background(), addr, ftpclient.WithMode(ftpclient.PASV), ftpclient.WithTimeout(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login("alice", "secret"); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := c.Retr("big.bin", &got, 0); err != nil || got.String() != "x\n" {
		t.Fatalf("RETR through the proxy: %q, %v", got.String(), err)
	}
	var note string
	for _, ev := range rec.all() {
		if ev.Kind == proxy.ServerLine && strings.HasPrefix(ev.Line, "227") {
			note = ev.Note
			if !strings.Contains(ev.Line, "10,0,0,5") || !strings.Contains(ev.Sent, "127,0,0,1") {
				t.Errorf("227 %q relayed as %q; want the proxy's address", ev.Line, ev.Sent)
			}
		}
	}
	if !strings.Contains(note, "10.0.0.5") || !strings.Contains(note, "pasv_address") {
		t.Errorf("finding %q; want it to name 10.0.0.5 and pasv_address", note)
	}
}

// TestLongLine: an overlong line gets 500 and the session goes on.
func TestLongLine(t *testing.T) {
	srv, _ := startFTPD(t, []byte("x"), nil)
	addr, _ := startProxy(t, srv, nil)
	c, _ := dialRaw(t, "tcp", "", addr)
	expect(t, c, "NOOP "+strings.Repeat("a", 10000), 500)
	expect(t, c, "NOOP", 200)
}

// TestSessionCap: past MaxSessionsPerIP a client gets 421 at once.
func TestSessionCap(t *testing.T) {
	srv, _ := startFTPD(t, []byte("x"), nil)
	addr, _ := startProxy(t, srv, func(c *proxy.Config) { c.MaxSessionsPerIP = 2 })
	dialRaw(t, "tcp", "", addr)
	dialRaw(t, "tcp", "", addr)
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(5 * time.Second))
	line, _ := bufio.NewReader(nc).ReadString('\n')
	if !strings.HasPrefix(line, "421") {
		t.Errorf("third session got %q, want 421", line)
	}
}
