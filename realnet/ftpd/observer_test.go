package ftpd

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// events collects what an observer is told.
type events struct {
	mu   sync.Mutex
	list []Event
	done chan struct{}
}

func (e *events) observe(ev Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.list = append(e.list, ev)
	if ev.Kind == SessionClose {
		close(e.done)
	}
}

// TestObserver: a session's steps reach the observer in the server's
// terms and in order: the lines, the data connection with its real ends
// and its bytes, and the close; PASS's argument never does.
func TestObserver(t *testing.T) {
	for _, tc := range []struct {
		name    string
		passive bool
		ext     bool
	}{{"PASV", true, false}, {"PORT", false, false}, {"EPRT", false, true}} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &events{done: make(chan struct{})}
			_, addr, _ := startServer(t, func(c *Config) { c.Observer = rec.observe })
			x := dial(t, addr)
			x.login("alice", "secret")
			var body []byte
			if tc.passive {
				body = x.retr(x.pasv(), "pub/hello.txt")
			} else {
				accept := x.active(tc.ext)
				x.cmd(150, "RETR pub/hello.txt")
				c := accept()
				var buf [4096]byte
				n, _ := c.Read(buf[:])
				body = buf[:n]
				c.Close()
				x.expect(226)
			}
			x.cmd(221, "QUIT")
			select {
			case <-rec.done:
			case <-time.After(10 * time.Second):
				t.Fatal("no SessionClose within 10 s of QUIT")
			}
			checkObserved(t, rec.list, tc.passive, int64(len(body)))
		})
	}
}

func checkObserved(t *testing.T, list []Event, passive bool, n int64) {
	t.Helper()
	var kinds []string
	var open, closed Event
	for _, ev := range list {
		kinds = append(kinds, ev.Kind.String())
		if strings.Contains(ev.Line, "secret") {
			t.Errorf("the password reached the observer: %q", ev.Line)
		}
		switch ev.Kind {
		case DataOpen:
			open = ev
		case DataClose:
			closed = ev
		}
	}
	got := strings.Join(kinds, " ")
	want := "session.open reply command reply command reply command"
	if passive {
		want += " data.listen"
	}
	want += " reply command data.open reply data.close reply command reply session.close"
	if got != want {
		t.Errorf("kinds\n%s\nwant\n%s", got, want)
	}
	if open.Passive != passive || !open.From.IsValid() || !open.To.IsValid() || open.From == open.To {
		t.Errorf("data.open %+v: want passive %v with both ends", open, passive)
	}
	if passive && open.To != open.Local {
		t.Errorf("passive data.open to %s, but the port listened on is %s", open.To, open.Local)
	}
	if closed.Bytes != n || closed.Verb != "RETR" || closed.Upload || closed.Err != nil {
		t.Errorf("data.close %+v: want RETR of %d bytes without error", closed, n)
	}
}
