package livesession

import (
	"bufio"
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"ftplab/realnet"
	"ftplab/realnet/ftpd"
	"ftplab/realnet/proxy"
	"ftplab/realnet/watch"
)

// TestHeldSession: a step asked before any client connects lets the
// first line (the greeting) through when it comes, and no more; leaving
// the session (Close) lets it run free, so its client is not stuck.
func TestHeldSession(t *testing.T) {
	srv, err := ftpd.New(ftpd.Config{Root: t.TempDir(), Anonymous: true, IdleTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	sln, _ := realnet.OS{}.Listen(context.Background(), "tcp", "127.0.0.1:0")
	go srv.Serve(sln)
	defer srv.Close()
	rec, hold := watch.NewRecorder(nil), watch.NewHold()
	p, _ := proxy.New(proxy.Config{Upstream: sln.Addr().String(), Gate: hold.Gate, Observer: rec.Observe})
	pln, _ := net.Listen("tcp", "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go p.Serve(ctx, pln)

	s := New(rec, hold).start()
	s.Step() // before any client: kept for the session to come
	c, err := net.Dial("tcp", pln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := bufio.NewReader(c)
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if line, err := r.ReadString('\n'); err != nil || !strings.HasPrefix(line, "220") {
		t.Fatalf("greeting after the early step: %q, %v", line, err)
	}
	c.Write([]byte("NOOP\r\n"))
	deadline := time.Now().Add(5 * time.Second)
	for hold.Waiting(1) != "client: NOOP" {
		if time.Now().After(deadline) {
			t.Fatalf("NOOP not held (holding %q)", hold.Waiting(1))
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.Close()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if line, err := r.ReadString('\n'); err != nil || !strings.HasPrefix(line, "200") {
		t.Fatalf("NOOP after leaving the session: %q, %v", line, err)
	}
}
