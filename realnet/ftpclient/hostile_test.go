package ftpclient

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// endless writes line again and again until the client goes away, at
// most limit bytes (so that a client without bounds fails the test
// instead of eating the machine).
func endless(w io.Writer, line string, limit int) int {
	b := []byte(strings.Repeat(line, max(1, 64<<10/len(line))))
	n := 0
	for n < limit {
		m, err := w.Write(b)
		n += m
		if err != nil {
			break
		}
	}
	return n
}

// A server that never ends a multi-line reply: the client stops at the
// bounds of one reply with ErrReplyTooLong, for short lines (the line
// count) and long ones (the bytes), in the greeting or later.
func TestEndlessReply(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		greeting   bool
		want       string
	}{
		{"greeting, short lines", "220-welcome\r\n", true, "lines"},
		{"greeting, long lines", "220-" + strings.Repeat("w", 3000) + "\r\n", true, "bytes"},
		{"after USER", "331-more\r\n", false, "lines"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sent := make(chan int, 1)
			addr := startFake(t, func(s *session) {
				if !tc.greeting {
					s.reply("220 ready")
					s.expect("USER anonymous")
				}
				sent <- endless(s.c, tc.line, 64<<20)
			})
			c, err := Dial(context.Background(), addr, WithTimeout(testDeadline))
			if err == nil {
				err = c.Login("anonymous", "x")
				c.Close()
			}
			if !errors.Is(err, ErrReplyTooLong) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want ErrReplyTooLong (%s)", err, tc.want)
			}
			if n := <-sent; n >= 64<<20 {
				t.Errorf("the client read all %d bytes the server sent", n)
			}
		})
	}
}

// endlessListing is a server that answers LIST with data that never
// ends.
func endlessListing(t *testing.T, limit int) (string, <-chan int) {
	sent := make(chan int, 1)
	addr := startFake(t, func(s *session) {
		s.login()
		ln := s.epsv()
		s.expect("LIST")
		s.reply("150 Here comes the directory listing.")
		c, err := ln.Accept()
		ln.Close()
		if err != nil {
			s.t.Errorf("fake server: %v", err)
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(testDeadline))
		sent <- endless(c, "-rw-r--r-- 1 ftp ftp 0 Jan 01 00:00 file\r\n", limit)
	})
	return addr, sent
}

// stopAfter is a writer that takes n bytes and then fails.
type stopAfter struct{ n int }

var errEnough = errors.New("enough")

func (s *stopAfter) Write(p []byte) (int, error) {
	s.n -= len(p)
	if s.n <= 0 {
		return 0, errEnough
	}
	return len(p), nil
}

// ListTo hands the listing on as it comes: the writer has its first MiB
// while the server is still sending. List stops at MaxListing.
func TestEndlessListing(t *testing.T) {
	addr, sent := endlessListing(t, 4*MaxListing)
	c, _ := dialFake(t, addr)
	if err := c.ListTo(&stopAfter{n: 1 << 20}, ""); !errors.Is(err, errEnough) {
		t.Fatalf("ListTo: %v, want the writer's error", err)
	}
	c.Close()
	if n := <-sent; n >= 4*MaxListing {
		t.Errorf("the server could send all %d bytes", n)
	}

	addr, sent = endlessListing(t, 4*MaxListing)
	c, _ = dialFake(t, addr)
	if _, err := c.List(""); !errors.Is(err, ErrListingTooLong) {
		t.Fatalf("List: %v, want ErrListingTooLong", err)
	}
	c.Close()
	if n := <-sent; n >= 4*MaxListing {
		t.Errorf("the server could send all %d bytes", n)
	}
}

// Close from another goroutine (Ctrl-C) ends a download in progress
// within a second: the data connection closes too, not only the control
// connection.
func TestCloseStopsTransfer(t *testing.T) {
	addr, sent := endlessListing(t, 1<<40)
	c, _ := dialFake(t, addr)
	errc := make(chan error, 1)
	var got countingWriter
	go func() { errc <- c.ListTo(&got, "") }()
	for deadline := time.Now().Add(testDeadline); got.n.Load() < 1<<20 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	c.Close()
	select {
	case err := <-errc:
		if err == nil {
			t.Error("ListTo succeeded after Close")
		}
	case <-time.After(time.Second):
		t.Fatal("ListTo still running 1 s after Close")
	}
	select {
	case <-sent: // the server's write failed: the data connection is closed
	case <-time.After(time.Second - time.Since(start)):
		t.Fatal("the server could still send 1 s after Close")
	}
}

// unreachable is a network where every dial fails as the kernel fails
// it when there is no route to the host or its network.
type unreachable struct{ errno syscall.Errno }

func (u unreachable) Listen(ctx context.Context, network, addr string) (net.Listener, error) {
	return nil, errors.New("not used")
}

func (u unreachable) Dial(ctx context.Context, network, laddr, raddr string) (net.Conn, error) {
	return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", u.errno)}
}

// EHOSTUNREACH and ENETUNREACH are "unreachable", with the OS error, not
// "refused".
func TestUnreachable(t *testing.T) {
	for _, errno := range []syscall.Errno{syscall.EHOSTUNREACH, syscall.ENETUNREACH} {
		_, err := Dial(context.Background(), "127.0.0.1:21", WithNetwork(unreachable{errno: errno}))
		var de *DialError
		if !errors.As(err, &de) || de.Failure != DataUnreachable || !errors.Is(err, errno) ||
			!strings.Contains(err.Error(), "unreachable: ") || !strings.Contains(err.Error(), errno.Error()) {
			t.Errorf("%v: Dial = %v, want a *DialError unreachable with the OS error", errno, err)
		}
		if f := classify(&net.OpError{Op: "dial", Err: os.NewSyscallError("connect", errno)}); f != DataUnreachable || f.String() != "unreachable" {
			t.Errorf("%v: classified %v, want unreachable", errno, f)
		}
	}
	if f := classify(&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}); f != DataRefused {
		t.Errorf("ECONNREFUSED classified %v, want refused", f)
	}
	de := &DataError{Mode: EPSV, Op: "connect", Remote: "127.0.0.1:40000", Failure: DataUnreachable, Err: syscall.EHOSTUNREACH}
	if got, want := de.Error(), "data connection (EPSV): connect -> 127.0.0.1:40000: unreachable: no route to host"; got != want {
		t.Errorf("DataError = %q, want %q", got, want)
	}
}

// countingWriter counts what it is given.
type countingWriter struct{ n atomic.Int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n.Add(int64(len(p)))
	return len(p), nil
}
