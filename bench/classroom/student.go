package main

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

// The student's terminal: 100x30, as the PTY request says.
const termW, termH = 100, 30

// result is one simulated student's run.
type result struct {
	lat     []time.Duration // ← (the UI alone): key to the frame showing its effect
	ans     []time.Duration // answers (the UI alone): key to the frame showing the verdict
	first   []time.Duration // →: key to the first frame that changed the screen
	step    []time.Duration // →: key to the frame showing the next step (the UI and the lab's FTP operation)
	answers int
	silent  int // keys that changed nothing on screen (→ at the end of the run)
	keys    int // keys sent once the class started (answers' continuing Enter included)
	frames  int // frames received since
	bytes   int
	err     error // the session was lost
}

// screen is the student's terminal: what the server sends is fed to a
// model of the screen, and a key's effect is timed at the write that
// makes the screen show it.
type screen struct {
	mu      sync.Mutex
	t       *term
	frames  int // frames received (ends of synchronized output)
	bytes   int
	dirty   bool             // a cell changed since the key
	firstAt time.Time        // the first write that changed a cell
	want    func(*term) bool // what the key must show
	metAt   time.Time        // the write that showed it
	arrived chan struct{}    // something was written
	met     chan struct{}    // want was met
	closed  chan struct{}
	err     error
}

func newScreen() *screen {
	return &screen{t: newTerm(termW, termH), arrived: make(chan struct{}, 1), met: make(chan struct{}, 1), closed: make(chan struct{})}
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	before := s.t.changes
	s.t.write(p)
	s.frames += bytes.Count(p, []byte("\x1b[?2026l"))
	s.bytes += len(p)
	now := time.Now()
	if s.t.changes != before && !s.dirty {
		s.dirty, s.firstAt = true, now
	}
	if s.want != nil && s.want(s.t) {
		s.want, s.metAt = nil, now
		select {
		case s.met <- struct{}{}:
		default:
		}
	}
	s.mu.Unlock()
	select {
	case s.arrived <- struct{}{}:
	default:
	}
	return len(p), nil
}

// expect arms the screen for a key: want is what it must show.
func (s *screen) expect(want func(*term) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dirty, s.want = false, want
	select {
	case <-s.met:
	default:
	}
}

// read runs f on the screen's model.
func (s *screen) read(f func(*term)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s.t)
}

var stepRE = regexp.MustCompile(`step (\d+)/`)

// stepOf is the step the status bar (the last row) shows, -1 if none.
func stepOf(t *term) int {
	m := stepRE.FindStringSubmatch(t.row(t.h - 1))
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

const question = "Predict, then see"

// choiceHint is on screen when the checkpoint asked offers choices.
const choiceHint = ", or ↑↓ and Enter, answers"

func asked(t *term) bool { return strings.Contains(t.text(), question) }

// student logs in, waits for the class to start, then sends keys: a step
// (→) each time, a step back (←) every third, answering a checkpoint when
// one is on screen.
// pace is how a student waits before each key: think after the frame,
// all students in step; with spread, a random start within think and
// each pause between half and 1.5 think.
type pace struct {
	think  time.Duration
	spread bool
}

func (p pace) pause() time.Duration {
	if !p.spread || p.think <= 0 {
		return p.think
	}
	return p.think/2 + rand.N(p.think)
}

func student(addr, name string, keys int, think pace, ready chan<- struct{}, start <-chan struct{}) (r result) {
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
	if think.spread && think.think > 0 {
		time.Sleep(rand.N(think.think))
	}
	var f0, b0 int
	scr.read(func(*term) { f0, b0 = scr.frames, scr.bytes })
	defer scr.read(func(*term) { r.frames, r.bytes = scr.frames-f0, scr.bytes-b0 })
	for i := range keys {
		if err := r.key(in, scr, i%3 == 2); err != nil {
			r.err = err
			return r
		}
		time.Sleep(think.pause()) // the student reads the frame
	}
	select {
	case <-scr.closed:
		r.err = fmt.Errorf("session ended: %v", scr.err)
	default:
	}
	return r
}

// key sends one key, as the screen invites: an answer when a checkpoint
// is asked, else → (or ← if back), and times what it shows.
func (r *result) key(in io.Writer, scr *screen, back bool) error {
	var step, changes int
	var asking bool
	var choosing bool
	scr.read(func(t *term) {
		step, asking, changes = stepOf(t), asked(t), t.changes
		choosing = strings.Contains(t.text(), choiceHint)
	})
	key, want := "\x1b[C", func(t *term) bool { return stepOf(t) > step || asked(t) } // →: step
	switch {
	case asking:
		// A choice is answered by its digit alone; a typed answer by "1"
		// and Enter. (Until 2026-11-30 a choice got "1\r" too: the
		// answer and, at once, the Enter that closes the verdict, two
		// frames per answer in the class's burst, where a student reads
		// the verdict first.)
		key, want = "1\r", func(t *term) bool { return t.changes != changes } // the verdict
		if choosing {
			key = "1"
		}
	case back && step > 0:
		key, want = "\x1b[D", func(t *term) bool { return stepOf(t) == step-1 } // ←
	default:
		back = false
	}
	scr.expect(want)
	t0 := time.Now()
	if _, err := in.Write([]byte(key)); err != nil {
		return fmt.Errorf("key: %w", err)
	}
	r.keys++
	select {
	case <-scr.met:
	case <-scr.closed:
		return fmt.Errorf("session ended: %v", scr.err)
	case <-time.After(5 * time.Second):
		r.silent++ // nothing to show: the session is still checked at the end
		return quiet(scr, 10*time.Second, false)
	}
	scr.mu.Lock()
	first, met := scr.firstAt.Sub(t0), scr.metAt.Sub(t0)
	scr.mu.Unlock()
	switch {
	case asking:
		r.ans = append(r.ans, met)
	case back:
		r.lat = append(r.lat, met)
	default:
		r.first, r.step = append(r.first, first), append(r.step, met)
	}
	if err := quiet(scr, 10*time.Second, false); err != nil {
		return err
	}
	if asking {
		r.answers++
		r.keys++
		in.Write([]byte("\r")) // continue: the event shows
		return quiet(scr, 10*time.Second, false)
	}
	return nil
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
	scr := newScreen()
	sess.Stdout = scr
	in, err := sess.StdinPipe()
	if err == nil {
		err = sess.RequestPty("xterm-256color", termH, termW, ssh.TerminalModes{})
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
