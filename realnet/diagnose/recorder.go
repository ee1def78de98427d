package diagnose

import (
	"context"
	"net"
	"strings"
	"sync"
	"time"

	"ftplab/realnet"
)

// recorder is a realnet.Network that notes every connection the client
// makes or accepts: where the data connection went is read from here, not
// from the client's internals.
type recorder struct {
	inner realnet.Network
	mu    sync.Mutex
	dials []dialed // in order: the control connection first
	lns   []string // active-mode listeners
	accs  []string // where accepted connections came from
}

type dialed struct{ to, from string }

func (r *recorder) Dial(ctx context.Context, network, laddr, raddr string) (net.Conn, error) {
	c, err := r.inner.Dial(ctx, network, laddr, raddr)
	d := dialed{to: raddr}
	if err == nil {
		d.from = c.LocalAddr().String()
	}
	r.mu.Lock()
	r.dials = append(r.dials, d)
	r.mu.Unlock()
	return c, err
}

func (r *recorder) Listen(ctx context.Context, network, address string) (net.Listener, error) {
	ln, err := r.inner.Listen(ctx, network, address)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.lns = append(r.lns, ln.Addr().String())
	r.mu.Unlock()
	return &recListener{Listener: ln, r: r}, nil
}

type recListener struct {
	net.Listener
	r *recorder
}

func (l *recListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.r.mu.Lock()
		l.r.accs = append(l.r.accs, c.RemoteAddr().String())
		l.r.mu.Unlock()
	}
	return c, err
}

// dataEnds returns where the first data connection went and came from.
func (r *recorder) dataEnds(passive bool) (to, from string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if passive {
		if len(r.dials) > 1 {
			return r.dials[1].to, r.dials[1].from
		}
		return "", ""
	}
	if len(r.lns) > 0 {
		to = r.lns[0]
	}
	if len(r.accs) > 0 {
		from = r.accs[0]
	}
	return to, from
}

// transcript collects the client's trace lines with the time each came.
// The client serialises its writes; the lock makes reading them safe
// while a data goroutine may still write.
type transcript struct {
	mu    sync.Mutex
	start time.Time
	buf   []byte
	lines []Line
}

func newTranscript() *transcript { return &transcript{start: time.Now()} }

func (t *transcript) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	at := time.Since(t.start).Seconds()
	t.buf = append(t.buf, p...)
	for {
		i := strings.IndexByte(string(t.buf), '\n')
		if i < 0 {
			break
		}
		t.lines = append(t.lines, Line{At: round3(at), Text: string(t.buf[:i])})
		t.buf = t.buf[i+1:]
	}
	return len(p), nil
}

func (t *transcript) Lines() []Line {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Line(nil), t.lines...)
}

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }
