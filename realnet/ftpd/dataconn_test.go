package ftpd

import (
	"io"
	"net"
	"net/netip"
	"testing"
	"time"

	"ftplab/realnet/wire"
)

// TestRefusedPortCancelsPasv checks that a PORT or EPRT, refused or
// malformed, drops the passive port a PASV or EPSV opened before it: the
// next RETR gets 425 at once and nothing listens on the old port any
// more (vsftpd does the same).
func TestRefusedPortCancelsPasv(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, nil)
	for _, tc := range []struct {
		prepare, refused string
		code             int
	}{
		{"PASV", "PORT 10,0,0,1,39,16", 500},
		{"PASV", "PORT 127,0,0,1,0,80", 500},
		{"PASV", "PORT 1,2,3", 501},
		{"EPSV", "EPRT |1|10.0.0.1|5000|", 500},
		{"EPSV", "EPRT |2|::1|5000|", 522},
		{"EPSV", "EPRT garbage", 501},
	} {
		x := dial(t, addr)
		x.login("anonymous", "x")
		var port string
		if tc.prepare == "PASV" {
			ap, err := wire.Parse227(x.cmd(227, "PASV"))
			if err != nil {
				t.Fatal(err)
			}
			port = ap.String()
		} else {
			port = "127.0.0.1:" + mustParse229(t, x.cmd(229, "EPSV"))
		}
		x.cmd(tc.code, "%s", tc.refused)
		start := time.Now()
		x.cmd(425, "RETR README.txt")
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s then %s: RETR took %v, want an immediate 425", tc.prepare, tc.refused, d)
		}
		if c, err := net.DialTimeout("tcp", port, time.Second); err == nil {
			c.Close()
			t.Errorf("%s then %s: the old passive port %s still accepts", tc.prepare, tc.refused, port)
		}
		x.cmd(221, "QUIT")
	}
}

// TestPortPromiscuous checks Config.PortPromiscuous: PORT and EPRT may
// then name another address (here 127.0.0.2, another loopback address)
// and the server connects there; off (the default) they get 500.
func TestPortPromiscuous(t *testing.T) {
	t.Parallel()
	other, err := net.Listen("tcp4", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no 127.0.0.2 on loopback: %v", err)
	}
	defer other.Close()
	ap := netip.MustParseAddrPort(other.Addr().String())
	port, _ := wire.FormatPORT(ap)
	for _, promiscuous := range []bool{false, true} {
		_, addr, _ := startServer(t, func(c *Config) { c.PortPromiscuous = promiscuous })
		x := dial(t, addr)
		x.login("anonymous", "x")
		if !promiscuous {
			x.cmd(500, "PORT %s", port)
			x.cmd(500, "EPRT %s", wire.FormatEPRT(ap))
			x.cmd(500, "PORT 127,0,0,1,0,80")
			continue
		}
		x.cmd(200, "EPRT %s", wire.FormatEPRT(ap))
		x.cmd(200, "PORT %s", port)
		x.tp.PrintfLine("RETR README.txt")
		other.(*net.TCPListener).SetDeadline(time.Now().Add(10 * time.Second))
		c, err := other.Accept()
		if err != nil {
			t.Fatalf("the server did not connect to the third address: %v", err)
		}
		x.expect(150)
		got, _ := io.ReadAll(c)
		c.Close()
		x.expect(226)
		if string(got) != testFiles["README.txt"] {
			t.Errorf("bounced RETR: %q", got)
		}
	}
}
