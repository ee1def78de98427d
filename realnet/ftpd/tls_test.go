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

// TestTLSSessionReuse checks that a PROT P data connection must resume
// the TLS session of its own control connection (vsftpd's
// require_ssl_reuse): a client without a session cache, or one that
// brings the ticket of another FTP session, gets 425 and no data, unless
// Config.TLSNoSessionReuse allows it.
func TestTLSSessionReuse(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		noReuse bool // Config.TLSNoSessionReuse
		data    func(own, other *tls.Config) *tls.Config
		want    int
	}{
		{"resumes", false, func(own, _ *tls.Config) *tls.Config { return own }, 226},
		{"no session cache", false, func(*tls.Config, *tls.Config) *tls.Config { return noCache() }, 425},
		{"another session's ticket", false, func(_, other *tls.Config) *tls.Config { return other }, 425},
		{"no session cache, reuse off", true, func(*tls.Config, *tls.Config) *tls.Config { return noCache() }, 226},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, addr, _ := startServer(t, func(c *Config) { c.TLS = tlsServer(t); c.TLSNoSessionReuse = tc.noReuse })
			login := func(cfg *tls.Config) *ctl {
				x := dial(t, addr)
				x.startTLS(cfg)
				x.login("alice", "secret")
				x.cmd(200, "PBSZ 0")
				x.cmd(200, "PROT P")
				x.cmd(211, "FEAT") // a read, so a TLS 1.3 ticket arrives
				return x
			}
			own, other := tlsClient(), tlsClient()
			x := login(own)
			login(other) // fills other's cache with a ticket of another FTP session
			raw := x.epsv()
			x.cmd(150, "RETR README.txt")
			data := tls.Client(raw, tc.data(own, other))
			got, _ := io.ReadAll(data)
			data.Close()
			x.expect(tc.want)
			if tc.want != 226 && len(got) > 0 {
				t.Errorf("refused data connection still carried %q", got)
			}
			if tc.want == 226 && string(got) != testFiles["README.txt"] {
				t.Errorf("RETR over TLS: %q", got)
			}
		})
	}
}

// noCache is a TLS client that never resumes, like an old FTP client.
func noCache() *tls.Config {
	return &tls.Config{InsecureSkipVerify: true, ServerName: "localhost"}
}
