package watch_test

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

// TestHoldSteps: under a Hold, no control line crosses the proxy until
// it is stepped: not the server's greeting, not the client's USER, not
// the server's 331; each Step lets exactly one through, and the line
// waiting is named.
func TestHoldSteps(t *testing.T) {
	srv, err := ftpd.New(ftpd.Config{Root: t.TempDir(), Anonymous: true, IdleTimeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	sln, _ := realnet.OS{}.Listen(context.Background(), "tcp", "127.0.0.1:0")
	go srv.Serve(sln)
	defer srv.Close()
	hold := watch.NewHold()
	rec := watch.NewRecorder(nil)
	p, _ := proxy.New(proxy.Config{Upstream: sln.Addr().String(), Gate: hold.Gate, Observer: rec.Observe})
	pln, _ := net.Listen("tcp", "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go p.Serve(ctx, pln)

	c, err := net.Dial("tcp", pln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := bufio.NewReader(c)
	// Each line, once stepped, arrives; before the step it is held, and
	// Waiting names it (polled: the gate takes it on its own goroutine).
	for i, want := range []struct{ waiting, reply string }{
		{"server: 220 ", "220 "},
		{"client: USER anonymous", ""},
		{"server: 331 ", "331 "},
	} {
		waitHeld(t, hold, 1, want.waiting)
		if want.reply != "" {
			c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
			if line, err := r.ReadString('\n'); err == nil {
				t.Fatalf("step %d: %q crossed the proxy before the step", i, line)
			}
		}
		if tl, _ := rec.Timeline(1); want.reply == "" && strings.Contains(strings.Join(tl.Labels(), " "), "cmd.USER") {
			t.Fatal("USER was relayed before the step")
		}
		hold.Step(1)
		if want.reply != "" {
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			if line, err := r.ReadString('\n'); err != nil || !strings.HasPrefix(line, want.reply) {
				t.Fatalf("step %d: read %q, %v; want %q", i, line, err, want.reply)
			}
		}
		if i == 0 {
			c.Write([]byte("USER anonymous\r\n"))
		}
	}
	tl, _ := rec.Timeline(1)
	if got := strings.Join(tl.Labels(), " "); !strings.Contains(got, "cmd.USER reply.331") {
		t.Errorf("timeline %s, want cmd.USER then reply.331", got)
	}
	hold.Free(1, true)
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	c.Write([]byte("NOOP\r\n"))
	if line, err := r.ReadString('\n'); err != nil || !strings.HasPrefix(line, "200") {
		t.Fatalf("a freed session: NOOP read %q, %v", line, err)
	}
}

// waitHeld waits until session id holds a line starting with prefix.
func waitHeld(t *testing.T, h *watch.Hold, id uint64, prefix string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.HasPrefix(h.Waiting(id), prefix) {
		if time.Now().After(deadline) {
			t.Fatalf("no line %q held within 5 s (holding %q)", prefix, h.Waiting(id))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestRecorderBounded: past MaxKept sessions the oldest ended ones are
// forgotten; one still open is kept, however old.
func TestRecorderBounded(t *testing.T) {
	rec := watch.NewRecorder(nil)
	now := time.Now()
	rec.Observe(proxy.Event{Session: 1, Kind: proxy.SessionOpen, Time: now}) // stays open
	for id := uint64(2); id <= watch.MaxKept+10; id++ {
		rec.Observe(proxy.Event{Session: id, Kind: proxy.SessionOpen, Time: now})
		rec.Observe(proxy.Event{Session: id, Kind: proxy.SessionClose, Time: now})
	}
	ids := rec.Sessions()
	if len(ids) != watch.MaxKept || ids[0] != 1 || ids[1] != 12 || ids[len(ids)-1] != watch.MaxKept+10 {
		t.Errorf("kept %d sessions %d, %d … %d; want %d: 1, 12 … %d", len(ids), ids[0], ids[1], ids[len(ids)-1], watch.MaxKept, watch.MaxKept+10)
	}
	if _, err := rec.Timeline(1); err != nil {
		t.Errorf("the open session was forgotten: %v", err)
	}
}
