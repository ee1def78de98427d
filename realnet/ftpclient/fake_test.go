package ftpclient

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// A scripted fake server, in the manner of net/smtp's tests: a goroutine
// on a real loopback listener reads the client's commands, checks each
// against the script, and answers the script's replies. Everything is
// bounded by testDeadline so that a wrong client fails instead of hanging.

const testDeadline = 10 * time.Second

type session struct {
	t    *testing.T
	c    net.Conn
	r    *bufio.Reader
	seen *transcript // the lines the client sent
}

// transcript is the lines the client sent, in order.
type transcript struct {
	mu    sync.Mutex
	lines []string
}

func (tr *transcript) add(line string) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.lines = append(tr.lines, line)
}

// String is the lines, one per line, to compare literally.
func (tr *transcript) String() string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return strings.Join(tr.lines, "\n") + "\n"
}

// startFake serves one control connection with script and returns the
// address to dial. The test waits for the script to finish.
func startFake(t *testing.T, script func(s *session)) string {
	t.Helper()
	addr, _ := startRecorded(t, script)
	return addr
}

// startRecorded is startFake that also returns the transcript of what
// the client sent.
func startRecorded(t *testing.T, script func(s *session)) (string, *transcript) {
	t.Helper()
	seen := &transcript{}
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			t.Errorf("fake server: accept: %v", err)
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(testDeadline))
		script(&session{t: t, c: c, r: bufio.NewReader(c), seen: seen})
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
	})
	return ln.Addr().String(), seen
}

// expect reads one command line and checks it: equal to want, or, when
// want ends in "*", starting with what comes before. It returns the line.
func (s *session) expect(want string) string {
	s.t.Helper()
	line, err := s.r.ReadString('\n')
	if err != nil {
		s.t.Errorf("fake server: reading the command for %q: %v", want, err)
		return ""
	}
	line = strings.TrimRight(line, "\r\n")
	s.seen.add(line)
	if p, ok := strings.CutSuffix(want, "*"); ok && strings.HasPrefix(line, p) || line == want {
		return line
	}
	s.t.Errorf("fake server: got command %q, want %q", line, want)
	return line
}

// reply writes reply lines, each ended with CRLF.
func (s *session) reply(lines ...string) {
	for _, l := range lines {
		io.WriteString(s.c, l+"\r\n")
	}
}

// listen opens a passive data listener on loopback.
func (s *session) listen() *net.TCPListener {
	ln, err := net.ListenTCP("tcp4", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		s.t.Errorf("fake server: listen: %v", err)
		return nil
	}
	ln.SetDeadline(time.Now().Add(testDeadline))
	return ln
}

// sendData accepts one connection on ln, writes data, and closes.
func (s *session) sendData(ln *net.TCPListener, data []byte) {
	c, err := ln.Accept()
	ln.Close()
	if err != nil {
		s.t.Errorf("fake server: data accept: %v", err)
		return
	}
	c.Write(data)
	c.Close()
}

// recvData accepts one connection on ln and reads it to the end.
func (s *session) recvData(ln *net.TCPListener) []byte {
	c, err := ln.Accept()
	ln.Close()
	if err != nil {
		s.t.Errorf("fake server: data accept: %v", err)
		return nil
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(testDeadline))
	b, err := io.ReadAll(c)
	if err != nil {
		s.t.Errorf("fake server: data read: %v", err)
	}
	return b
}

// dial makes the server's active-mode data connection to addr, from
// laddr when it is not empty.
func (s *session) dial(laddr, addr string) net.Conn {
	d := net.Dialer{Timeout: testDeadline}
	if laddr != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(laddr)}
	}
	c, err := d.Dial("tcp4", addr)
	if err != nil {
		s.t.Errorf("fake server: data dial %s: %v", addr, err)
		return nil
	}
	c.SetDeadline(time.Now().Add(testDeadline))
	return c
}

// login plays the greeting and an anonymous login.
func (s *session) login() {
	s.reply("220 fake ready")
	s.expect("USER anonymous")
	s.reply("331 Please specify the password.")
	s.expect("PASS *")
	s.reply("230 Login successful.")
}

// typeI answers the TYPE I a client sends before its first transfer.
func (s *session) typeI() {
	s.expect("TYPE I")
	s.reply("200 Switching to Binary mode.")
}

// syncBuffer is a bytes.Buffer safe for the trace's writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
