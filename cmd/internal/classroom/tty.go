package classroom

import (
	"bytes"
	"errors"
	"io"
	"sync"

	"github.com/gdamore/tcell/v2"
	"github.com/gliderlabs/ssh"
)

// tty is a student's SSH session as tcell's terminal: bytes from the
// channel are keys, the PTY's size and window changes are the screen's.
//
// A pump goroutine reads the channel, so that Drain can wake tcell's
// reader (tcell waits for it when the screen stops).
type tty struct {
	sess ssh.Session
	in   chan []byte // from the pump; closed at the channel's end
	rest []byte      // read from the pump, not yet returned
	key  func()      // called as keys come (the class's pace)

	wmu   sync.Mutex
	frame []byte // a frame's body, held for its end (see Write)

	mu     sync.Mutex
	size   tcell.WindowSize
	resize func()
	drain  chan struct{} // closed by Drain; a new one on Start
}

var errDrained = errors.New("terminal drained")

func newTTY(sess ssh.Session, w ssh.Window, winch <-chan ssh.Window, key func()) *tty {
	t := &tty{sess: sess, key: key, in: make(chan []byte), drain: make(chan struct{}),
		size: tcell.WindowSize{Width: w.Width, Height: w.Height}}
	go t.pump()
	go t.watch(winch)
	return t
}

func (t *tty) pump() {
	defer close(t.in)
	for {
		buf := make([]byte, 256)
		n, err := t.sess.Read(buf)
		if n > 0 {
			t.key()
			select {
			case t.in <- buf[:n]:
			case <-t.sess.Context().Done():
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// watch takes the client's window changes.
func (t *tty) watch(winch <-chan ssh.Window) {
	for w := range winch {
		t.mu.Lock()
		t.size = tcell.WindowSize{Width: w.Width, Height: w.Height}
		cb := t.resize
		t.mu.Unlock()
		if cb != nil {
			cb()
		}
	}
}

func (t *tty) Read(p []byte) (int, error) {
	if len(t.rest) == 0 {
		t.mu.Lock()
		drain := t.drain
		t.mu.Unlock()
		select {
		case b, ok := <-t.in:
			if !ok {
				return 0, io.EOF
			}
			t.rest = b
		case <-drain:
			return 0, errDrained
		}
	}
	n := copy(p, t.rest)
	t.rest = t.rest[n:]
	return n, nil
}

// tcell writes a frame in two writes: its body, from the start of
// synchronized output, then the end of it alone. Each write to the
// channel is an SSH packet (encrypted, sent, and read by the client on its
// own), and a terminal shows the frame only at its end: the body is held
// until the next write, and the two go out as one. (The diffScreen
// writes its frames itself, in one write; tcell still draws a frame when
// the window changes.)
const startSync, endSync = "\x1b[?2026h", "\x1b[?2026l"

func (t *tty) Write(p []byte) (int, error) {
	t.wmu.Lock()
	defer t.wmu.Unlock()
	if len(t.frame) > 0 {
		t.frame = append(t.frame, p...)
		_, err := t.sess.Write(t.frame)
		t.frame = t.frame[:0]
		return len(p), err
	}
	if bytes.HasPrefix(p, []byte(startSync)) && !bytes.Contains(p, []byte(endSync)) {
		t.frame = append(t.frame, p...)
		return len(p), nil
	}
	return t.sess.Write(p)
}

// Close leaves the channel to the session's handler.
func (t *tty) Close() error { return nil }

func (t *tty) Start() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	select {
	case <-t.drain:
		t.drain = make(chan struct{})
	default:
	}
	return nil
}

func (t *tty) Stop() error { return nil }

func (t *tty) Drain() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	select {
	case <-t.drain:
	default:
		close(t.drain)
	}
	return nil
}

func (t *tty) NotifyResize(cb func()) {
	t.mu.Lock()
	t.resize = cb
	t.mu.Unlock()
}

func (t *tty) WindowSize() (tcell.WindowSize, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.size, nil
}

var _ tcell.Tty = (*tty)(nil)
