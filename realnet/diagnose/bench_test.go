//go:build linux

package diagnose

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"ftplab/realnet/netnstest"
	"ftplab/realnet/peertest"
)

// BenchmarkDiagnose measures the wall time of a whole diagnosis with the
// default timeout (3 s): against vsftpd on loopback (healthy, in
// process), and with the built binary inside the oracle's network in
// scenario a (healthy), i1 and j1 (plain and FTPS; passive hangs under
// TLS: the slowest the catalogue gives).
//
//	go test -run '^$' -bench Diagnose -benchtime 3x ./realnet/diagnose/
func BenchmarkDiagnose(b *testing.B) {
	b.Run("loopback-vsftpd", func(b *testing.B) {
		srv := peertest.StartVsftpd(b, peertest.VsftpdOptions{Files: map[string][]byte{"pub/a.txt": []byte("a\n")}})
		for b.Loop() {
			e := Run(context.Background(), srv.Addr, Options{Path: "pub"})
			if Diagnose(e).ExitCode() != 0 {
				b.Fatal("vsftpd on loopback: not healthy")
			}
		}
	})
	netnstest.Require(b)
	bin := buildFTPLabB(b)
	for _, tc := range []struct {
		id   string
		exit int
	}{{"a", 0}, {"i1", 1}, {"j1", 1}} {
		b.Run("netns-"+tc.id, func(b *testing.B) {
			l, target := scenarioLab(b, bin, netnsCase{id: tc.id, server: "vsftpd"})
			for b.Loop() {
				_, _, err := l.Run(netnstest.Client, time.Minute, bin, "diagnose", "--insecure", "ftp://"+target+"/pub")
				code := 0
				if ee, ok := err.(*exec.ExitError); ok {
					code = ee.ExitCode()
				}
				if code != tc.exit {
					b.Fatalf("exit %d, want %d (%v)", code, tc.exit, err)
				}
			}
		})
	}
}

func buildFTPLabB(b *testing.B) string {
	bin := b.TempDir() + "/ftplab"
	if out, err := exec.Command("go", "build", "-o", bin, "ftplab/cmd/ftplab").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
