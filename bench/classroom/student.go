package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

// result is one simulated student's run.
type result struct {
	lat     []time.Duration // keystroke to first bytes of the frame: ← and answers (the UI alone)
	step    []time.Duration // the same for → (the UI and the lab's next FTP operation)
	answers int
	silent  int   // keys that changed nothing on screen (→ at the end of the run)
	err     error // the session was lost
}

// screen collects what the server sends, and tells when bytes arrive.
type screen struct {
	mu      sync.Mutex
	buf     bytes.Buffer // since the last key
	arrived chan struct{}
	closed  chan struct{}
	err     error
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	s.buf.Write(p)
	s.mu.Unlock()
	select {
	case s.arrived <- struct{}{}:
	default:
	}
	return len(p), nil
}

// take returns and forgets what arrived.
func (s *screen) take() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.buf.String()
	s.buf.Reset()
	return out
}

// student logs in, waits for the class to start, then sends keys: a step
// (→) each time, answering a checkpoint when one is on screen.
func student(addr, name string, keys int, think time.Duration, ready chan<- struct{}, start <-chan struct{}) (r result) {
	c, in, scr, err := login(addr, name)
	if err == nil {
		defer c.Close()
	}
	if err != nil {
		ready <- struct{}{}
		return result{err: err}
	}
	if err := quiet(scr, 20*time.Second, true); err != nil {
		ready <- struct{}{}
		return result{err: fmt.Errorf("first frame: %w", err)}
	}
	ready <- struct{}{}
	<-start
	asking := false
	for i := range keys {
		// a checkpoint may come after the frame settled (the lab's
		// operation was slow): look at what arrived since
		asking = asking || strings.Contains(scr.take(), "Predict, then see")
		key := "\x1b[C" // →: step
		back := i%3 == 2
		switch {
		case asking:
			key = "1\r" // the first choice, or "1" typed
		case back:
			key = "\x1b[D" // ←: a step back, then on again
		}
		t0 := time.Now()
		if _, err := in.Write([]byte(key)); err != nil {
			return result{lat: r.lat, step: r.step, answers: r.answers, silent: r.silent, err: fmt.Errorf("key: %w", err)}
		}
		select {
		case <-scr.arrived:
			if back || asking {
				r.lat = append(r.lat, time.Since(t0))
			} else {
				r.step = append(r.step, time.Since(t0))
			}
		case <-scr.closed:
			return result{lat: r.lat, step: r.step, answers: r.answers, silent: r.silent, err: fmt.Errorf("session ended: %v", scr.err)}
		case <-time.After(5 * time.Second):
			r.silent++ // nothing to show: the session is still checked below
			continue
		}
		if err := quiet(scr, 10*time.Second, false); err != nil {
			return result{lat: r.lat, step: r.step, answers: r.answers, silent: r.silent, err: err}
		}
		shown := scr.take()
		if asking {
			r.answers++
			in.Write([]byte("\r")) // continue: the event shows
			quiet(scr, 10*time.Second, false)
			scr.take()
		}
		asking = bytes.Contains([]byte(shown), []byte("Predict, then see"))
		time.Sleep(think) // the student reads the frame
	}
	select {
	case <-scr.closed:
		return result{lat: r.lat, step: r.step, answers: r.answers, silent: r.silent, err: fmt.Errorf("session ended: %v", scr.err)}
	default:
	}
	return r
}

// quiet waits until nothing arrived for a while (the frame and any
// animation are drawn), within limit; first also waits for something.
func quiet(s *screen, limit time.Duration, first bool) error {
	deadline := time.After(limit)
	gap := 150 * time.Millisecond
	for {
		select {
		case <-s.arrived:
			first = false
		case <-time.After(gap):
			if !first {
				return nil
			}
		case <-s.closed:
			return fmt.Errorf("session ended: %v", s.err)
		case <-deadline:
			return fmt.Errorf("the screen never settled in %v", limit)
		}
	}
}

// login opens a student's session with a PTY: its keyboard and screen.
func login(addr, name string) (*ssh.Client, io.Writer, *screen, error) {
	cfg := &ssh.ClientConfig{User: name, Auth: []ssh.AuthMethod{ssh.Password(code)},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), Timeout: 30 * time.Second}
	c, err := ssh.Dial("tcp", addr, cfg)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("login: %w", err)
	}
	sess, err := c.NewSession()
	if err != nil {
		c.Close()
		return nil, nil, nil, fmt.Errorf("session: %w", err)
	}
	scr := &screen{arrived: make(chan struct{}, 1), closed: make(chan struct{})}
	sess.Stdout = scr
	in, err := sess.StdinPipe()
	if err == nil {
		err = sess.RequestPty("xterm-256color", 30, 100, ssh.TerminalModes{})
	}
	if err == nil {
		err = sess.Shell()
	}
	if err != nil {
		c.Close()
		return nil, nil, nil, fmt.Errorf("pty and shell: %w", err)
	}
	go func() {
		scr.err = sess.Wait()
		close(scr.closed)
	}()
	return c, in, scr, nil
}
