package proxy_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"ftplab/realnet"
	"ftplab/realnet/ftpd"
	"ftplab/realnet/proxy"
)

// startFTPD serves a directory holding big (as big.bin) on 127.0.0.1 with
// ftplab's own server, writable, user alice:secret, and returns its
// address and root.
func startFTPD(t testing.TB, big []byte, edit func(*ftpd.Config)) (string, string) {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "big.bin"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := ftpd.Config{
		Root: root, Users: map[string]string{"alice": "secret"}, Write: true, Anonymous: true,
		LoginFailDelay: time.Millisecond, IdleTimeout: 30 * time.Second, DataTimeout: 10 * time.Second,
	}
	if edit != nil {
		edit(&cfg)
	}
	srv, err := ftpd.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := realnet.OS{}.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String(), root
}

// recorder keeps a proxy's events.
type recorder struct {
	mu      sync.Mutex
	events  []proxy.Event
	changed chan struct{} // closed and replaced at each event
}

func newRecorder() *recorder { return &recorder{changed: make(chan struct{})} }

func (r *recorder) observe(ev proxy.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
	close(r.changed)
	r.changed = make(chan struct{})
}

func (r *recorder) all() []proxy.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]proxy.Event(nil), r.events...)
}

func (r *recorder) count(k proxy.EventKind) int {
	n := 0
	for _, ev := range r.all() {
		if ev.Kind == k {
			n++
		}
	}
	return n
}

// waitCount waits up to 5 s for n events of kind k: a relay reports its
// close after both ends have closed, which may be after the client has
// read the server's 226.
func (r *recorder) waitCount(k proxy.EventKind, n int) bool {
	deadline := time.After(5 * time.Second)
	for {
		r.mu.Lock()
		changed := r.changed
		r.mu.Unlock()
		if r.count(k) >= n {
			return true
		}
		select {
		case <-changed:
		case <-deadline:
			return false
		}
	}
}

// startProxy relays from a fresh 127.0.0.1 port to upstream and returns
// its address; every event goes to the returned recorder.
func startProxy(t testing.TB, upstream string, edit func(*proxy.Config)) (string, *recorder) {
	t.Helper()
	rec := newRecorder()
	cfg := proxy.Config{Upstream: upstream, Observer: rec.observe, DataTimeout: 10 * time.Second}
	if edit != nil {
		edit(&cfg)
	}
	p, err := proxy.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Serve did not return within 10 s of its context's end")
		}
	})
	return ln.Addr().String(), rec
}

func randomBytes(t testing.TB, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func sum(b []byte) string { return fmt.Sprintf("%x", sha256.Sum256(b)) }
