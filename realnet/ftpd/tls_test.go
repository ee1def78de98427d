package ftpd

import (
	"crypto/tls"
	"io"
	"net"
	"net/textproto"
	"testing"
)

// startTLS sends AUTH TLS and continues the session over TLS.
func (x *ctl) startTLS(cfg *tls.Config) {
	x.t.Helper()
	x.cmd(234, "AUTH TLS")
	tc := tls.Client(x.conn, cfg)
	if err := tc.Handshake(); err != nil {
		x.t.Fatalf("TLS handshake: %v", err)
	}
	x.conn = tc
	x.tp = textproto.NewConn(tc)
}

func TestTLS(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, func(c *Config) { c.TLS = tlsServer(t); c.RequireTLS = true; c.Write = true })
	x := dial(t, addr)
	x.cmd(530, "USER anonymous")
	x.cmd(503, "PBSZ 0")
	cfg := tlsClient()
	x.startTLS(cfg)
	x.cmd(503, "AUTH TLS")
	x.login("alice", "secret")
	x.cmd(200, "PBSZ 0")
	x.cmd(504, "PROT S")
	x.cmd(200, "PROT C")
	x.epsv().Close()
	x.cmd(521, "RETR README.txt") // RequireTLS: clear data refused
	x.cmd(200, "PROT P")

	body := randomBytes(t, 1<<20+3)
	for i, mode := range []string{"EPSV", "PORT"} {
		var accept func() net.Conn
		if mode == "EPSV" {
			c := x.epsv()
			accept = func() net.Conn { return c }
		} else {
			accept = x.active(false)
		}
		x.tp.PrintfLine("STOR tls%d.bin", i)
		raw := accept()
		x.expect(150)
		data := tls.Client(raw, cfg)
		if _, err := data.Write(body); err != nil {
			t.Fatalf("%s: TLS write: %v", mode, err)
		}
		if !data.ConnectionState().DidResume {
			t.Errorf("%s: the data connection did not resume the control connection's TLS session", mode)
		}
		data.Close()
		x.expect(226)

		if mode == "EPSV" {
			c := x.epsv()
			accept = func() net.Conn { return c }
		} else {
			accept = x.active(true)
		}
		x.tp.PrintfLine("RETR tls%d.bin", i)
		raw = accept()
		x.expect(150)
		data = tls.Client(raw, cfg)
		got, err := io.ReadAll(data)
		data.Close()
		x.expect(226)
		if err != nil || sum(got) != sum(body) {
			t.Fatalf("%s: TLS RETR: %d bytes, err %v", mode, len(got), err)
		}
	}
	x.cmd(221, "QUIT")
}
