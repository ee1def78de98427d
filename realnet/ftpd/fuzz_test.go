package ftpd

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// FuzzDispatch feeds arbitrary lines to a logged-in session over
// net.Pipe: no line may panic the server or stop it answering. Each
// input is one or more lines separated by "\n".
func FuzzDispatch(f *testing.F) {
	for _, s := range []string{
		"USER anonymous\nPASS x\nLIST",
		"CWD ../../../etc\nRETR passwd",
		"PORT 1,2,3,4,5,6\nEPRT |2|::1|1|\nEPSV ALL\nPASV",
		"REST 99999999999999999999\nRNTO x\nRNFR /",
		"TYPE L 7\nMODE\nSTRU\nOPTS MLST ;;;\nMLST \x00",
		"\xff\xf4\xff\xf2ABOR\nSTAT /\nHELP \xff",
		"MKD " + strings.Repeat("a/", 200) + "\nSIZE \nMDTM /",
		"AUTH TLS\nPBSZ 0\nPROT P",
	} {
		f.Add(s)
	}
	srv, _, _ := startServer(f, func(c *Config) { c.Write = true; c.DataTimeout = 50 * time.Millisecond })
	f.Fuzz(func(t *testing.T, input string) {
		client, server := net.Pipe()
		defer client.Close()
		sess := newSession(srv, server, 0)
		done := make(chan struct{})
		go func() {
			defer close(done)
			sess.serve()
		}()
		// Read replies as they come so the session never blocks.
		go io.Copy(io.Discard, client)
		client.SetDeadline(time.Now().Add(5 * time.Second))
		lines := "USER alice\r\nPASS secret\r\n" + strings.ReplaceAll(input, "\n", "\r\n") + "\r\nNOOP\r\nQUIT\r\n"
		if _, err := io.WriteString(client, lines); err != nil {
			// The session may close early (QUIT, three failed
			// logins, a killed TLS handshake): that is fine.
			client.Close()
		}
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("session did not end for input %q", input)
		}
	})
}
