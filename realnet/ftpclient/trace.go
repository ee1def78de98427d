package ftpclient

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
)

// tracer writes trace lines. The data connection's goroutines and the
// control dialogue may write at once, so lines are serialised. A nil
// *tracer writes nothing.
type tracer struct {
	mu sync.Mutex
	w  io.Writer
}

func newTracer(w io.Writer) *tracer {
	if w == nil {
		return nil
	}
	return &tracer{w: w}
}

func (t *tracer) printf(format string, args ...any) {
	if t == nil {
		return
	}
	line := fmt.Sprintf(format, args...)
	t.mu.Lock()
	defer t.mu.Unlock()
	io.WriteString(t.w, line+"\n")
}

// tracedConn tees the plaintext of the control connection into a tracer,
// line by line: "> " for what the client sends, "< " for what it reads.
// Wrapping the connection keeps observation out of the protocol code.
type tracedConn struct {
	net.Conn
	in, out lineTee
}

func traceConn(c net.Conn, t *tracer) net.Conn {
	if t == nil {
		return c
	}
	return &tracedConn{Conn: c, in: lineTee{t: t, prefix: "< "}, out: lineTee{t: t, prefix: "> ", mask: true}}
}

func (c *tracedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.in.feed(p[:n])
	return n, err
}

func (c *tracedConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.out.feed(p[:n])
	return n, err
}

// lineTee cuts a byte stream into lines and traces each complete line.
type lineTee struct {
	t      *tracer
	prefix string
	mask   bool // hide the argument of PASS
	buf    []byte
}

// maxTraced bounds what a tee holds of one line: a peer sending an endless
// line must not make the trace grow without limit.
const maxTraced = 512

func (l *lineTee) feed(p []byte) {
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			if room := maxTraced - len(l.buf); room > 0 {
				l.buf = append(l.buf, p[:min(room, len(p))]...)
			}
			return
		}
		if room := maxTraced - len(l.buf); room > 0 {
			l.buf = append(l.buf, p[:min(room, i)]...)
		}
		l.t.printf("%s%s", l.prefix, l.show(strings.TrimRight(string(l.buf), "\r")))
		l.buf = l.buf[:0]
		p = p[i+1:]
	}
}

func (l *lineTee) show(line string) string {
	if l.mask {
		return maskPassword(line)
	}
	return line
}

// maskPassword hides the argument of a PASS command.
func maskPassword(line string) string {
	if len(line) > 5 && strings.EqualFold(line[:5], "PASS ") {
		return line[:5] + "****"
	}
	return line
}
