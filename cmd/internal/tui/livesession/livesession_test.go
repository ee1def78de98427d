package livesession

import (
	"context"
	"strings"
	"testing"
	"time"

	"ftplab/realnet"
	"ftplab/realnet/ftpclient"
	"ftplab/realnet/ftpd"
	"ftplab/realnet/watch"
)

// TestSessionList: with two real clients connected, the first start
// shows the first session, the list names both with the one on screen
// marked, and ":session 2" makes the next start show the second.
func TestSessionList(t *testing.T) {
	rec := watch.NewRecorder(nil)
	srv, err := ftpd.New(ftpd.Config{Root: t.TempDir(), Anonymous: true, IdleTimeout: 10 * time.Second, Observer: rec.ObserveServer})
	if err != nil {
		t.Fatal(err)
	}
	ln, _ := realnet.OS{}.Listen(context.Background(), "tcp", "127.0.0.1:0")
	go srv.Serve(ln)
	defer srv.Close()
	w := New(rec, nil)
	first := w.start()
	defer first.Close()
	if n := first.Timeline().Len(); n != 0 {
		t.Errorf("no client yet, but %d events", n)
	}
	for range 2 {
		c, err := ftpclient.Dial(context.Background(), ln.Addr().String(), ftpclient.WithTimeout(5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Login("anonymous", "t@"); err != nil {
			t.Fatal(err)
		}
		defer c.Quit()
	}
	select {
	case <-first.Changed():
	case <-time.After(5 * time.Second):
		t.Fatal("no change within 5 s of two logins")
	}
	if got := strings.Join(first.Timeline().Labels(), " "); !strings.Contains(got, "cmd.USER") {
		t.Errorf("first session's timeline %s, want the login", got)
	}
	notes := strings.Join(w.Notes(), "\n")
	if !strings.Contains(notes, "▶ 1  client") || !strings.Contains(notes, "  2  client") {
		t.Errorf("notes do not list both sessions with 1 on screen:\n%s", notes)
	}
	if _, err := first.Command(context.Background(), "session 3"); err == nil {
		t.Error("session 3 (no such session) was accepted")
	}
	if _, err := first.Command(context.Background(), "session 2"); err != nil {
		t.Fatal(err)
	}
	second := w.start()
	defer second.Close()
	if second.id != 2 || !strings.Contains(strings.Join(w.Notes(), "\n"), "▶ 2  client") {
		t.Errorf("after :session 2 the next start shows session %d", second.id)
	}
}
