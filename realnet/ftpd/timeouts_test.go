package ftpd

import (
	"io"
	"net"
	"testing"
	"time"

	"ftplab/realnet/wire"
)

// TestIdlePassivePortReleased checks that a passive port nobody uses is
// closed after the data timeout and goes back to the range: with a
// one-port range, a second session gets 425 while the first holds the
// port, and 227 once the first has left it idle for the data timeout.
// The first session then gets 425 at once for its transfer.
func TestIdlePassivePortReleased(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := uint16(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	const dataTimeout = 300 * time.Millisecond
	_, addr, _ := startServer(t, func(c *Config) { c.PasvMin, c.PasvMax, c.DataTimeout = port, port, dataTimeout })
	a, b := dial(t, addr), dial(t, addr)
	a.login("anonymous", "x")
	b.login("anonymous", "x")
	ap, err := wire.Parse227(a.cmd(227, "PASV"))
	if err != nil || ap.Port() != port {
		t.Fatalf("PASV: %v, %v; want port %d", ap, err, port)
	}
	b.cmd(425, "PASV") // the range is taken
	waitFor(t, "the idle passive port to close", func() bool {
		c, err := net.DialTimeout("tcp", ap.String(), time.Second)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	b.cmd(227, "PASV")
	start := time.Now()
	a.cmd(425, "RETR README.txt")
	if d := time.Since(start); d > dataTimeout {
		t.Errorf("RETR on a released passive port answered after %v", d)
	}
}

// TestLoginTimeout checks that a connection that does not log in is
// closed after LoginTimeout, even when it keeps sending commands, while
// a logged-in session idles up to IdleTimeout.
func TestLoginTimeout(t *testing.T) {
	t.Parallel()
	const loginTimeout = 400 * time.Millisecond
	_, addr, _ := startServer(t, func(c *Config) { c.LoginTimeout = loginTimeout; c.IdleTimeout = 10 * time.Second })
	x := dial(t, addr)
	start := time.Now()
	for i := 0; time.Since(start) < 3*loginTimeout && i < 100; i++ {
		x.tp.PrintfLine("NOOP")
		if code, _ := x.read(); code == 421 {
			break
		}
		time.Sleep(loginTimeout / 8)
	}
	if _, err := x.conn.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("pre-login session still open after %v: read %v, want EOF", time.Since(start), err)
	}
	if d := time.Since(start); d < loginTimeout || d > loginTimeout+2*time.Second {
		t.Errorf("pre-login session closed after %v, want about %v", d, loginTimeout)
	}
	y := dial(t, addr)
	y.login("anonymous", "x")
	time.Sleep(2 * loginTimeout)
	y.cmd(200, "NOOP")
}

// TestTLSHandshakeTimeout checks that an AUTH TLS whose handshake never
// comes holds its session for TLSHandshakeTimeout, not IdleTimeout.
func TestTLSHandshakeTimeout(t *testing.T) {
	t.Parallel()
	const hs = 300 * time.Millisecond
	_, addr, _ := startServer(t, func(c *Config) {
		c.TLS = tlsServer(t)
		c.TLSHandshakeTimeout = hs
		c.IdleTimeout = 10 * time.Second
	})
	x := dial(t, addr)
	x.cmd(234, "AUTH TLS")
	start := time.Now()
	n, err := x.conn.Read(make([]byte, 1)) // no ClientHello: the server gives up
	if err != io.EOF {
		t.Errorf("read after a silent AUTH TLS: %d bytes, %v; want EOF", n, err)
	}
	if d := time.Since(start); d > hs+2*time.Second {
		t.Errorf("silent TLS handshake held the session %v", d)
	}
}

func TestTimeoutDefaults(t *testing.T) {
	for _, tc := range []struct {
		idle, data, login, hs time.Duration
	}{
		{0, 0, DefaultDataTimeout, DefaultDataTimeout},
		{time.Hour, time.Hour, time.Hour, time.Hour}, // the lab: patience
		{10 * time.Second, time.Minute, 10 * time.Second, 10 * time.Second},
	} {
		cfg, err := Config{Root: "/", Anonymous: true, IdleTimeout: tc.idle, DataTimeout: tc.data}.withDefaults()
		if err != nil {
			t.Fatal(err)
		}
		if cfg.LoginTimeout != tc.login || cfg.TLSHandshakeTimeout != tc.hs {
			t.Errorf("idle %v data %v: login %v handshake %v, want %v %v", tc.idle, tc.data,
				cfg.LoginTimeout, cfg.TLSHandshakeTimeout, tc.login, tc.hs)
		}
	}
}
