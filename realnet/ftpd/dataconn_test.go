package ftpd

import (
	"net"
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
