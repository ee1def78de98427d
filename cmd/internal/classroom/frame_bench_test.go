package classroom

import (
	"bytes"

	"sync"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/cmd/internal/tui"
	"ftplab/cmd/internal/tui/labsession"
)

// memTTY is a student's terminal in memory: keys go in through keys,
// what the screen writes is counted, and the end of each frame signalled
// on wrote.
type memTTY struct {
	keys  chan []byte
	wrote chan int // the size of each frame (to its end of synchronized output)
	n     int      // bytes of the frame so far
	stop  chan struct{}
	once  sync.Once
	mu    sync.Mutex
	out   bytes.Buffer // kept when keep is set
	keep  bool
	rest  []byte
}

func newMemTTY() *memTTY {
	return &memTTY{keys: make(chan []byte, 4), wrote: make(chan int, 64), stop: make(chan struct{})}
}

func (t *memTTY) Read(p []byte) (int, error) {
	if len(t.rest) == 0 {
		select {
		case t.rest = <-t.keys:
		case <-t.stop:
			return 0, errDrained
		}
	}
	n := copy(p, t.rest)
	t.rest = t.rest[n:]
	return n, nil
}

func (t *memTTY) Write(p []byte) (int, error) {
	t.mu.Lock()
	if t.keep {
		t.out.Write(p)
	}
	t.n += len(p)
	n := t.n
	end := bytes.Contains(p, []byte(endSync))
	if end {
		t.n = 0
	}
	t.mu.Unlock()
	if end {
		t.wrote <- n
	}
	return len(p), nil
}

func (t *memTTY) Close() error        { return nil }
func (t *memTTY) Start() error        { return nil }
func (t *memTTY) Stop() error         { return nil }
func (t *memTTY) Drain() error        { t.once.Do(func() { close(t.stop) }); return nil }
func (t *memTTY) NotifyResize(func()) {}
func (t *memTTY) WindowSize() (tcell.WindowSize, error) {
	return tcell.WindowSize{Width: 100, Height: 30}, nil
}

// studentLab is one lab at 100x30 on a terminal screen over tty, with
// the shipped course and the real lab (opts change its options); it
// stops with the test. screen is
// "whole" (tcell's terminal screen alone), "diff" (a diffScreen passing
// the changed cells to it) or "write" (a diffScreen writing them itself,
// as the classroom serves it).
func studentLab(tb testing.TB, tty *memTTY, screen string, animate bool, opts ...func(*tui.Options)) *where {
	tb.Helper()
	ti, err := tcell.LookupTerminfo("xterm-256color")
	if err != nil {
		tb.Fatal(err)
	}
	ts, err := tcell.NewTerminfoScreenFromTtyTerminfo(tty, ti)
	if err != nil {
		tb.Fatal(err)
	}
	s := map[string]tcell.Screen{"whole": ts, "diff": newDiffScreen(ts), "write": newTermScreen(ts, tty, ti)}[screen]
	w := &where{}
	o := tui.Options{Screen: s, Start: labsession.Starter(1), Course: course(tb), Observer: w, Animate: animate}
	for _, opt := range opts {
		opt(&o)
	}
	app := tui.New(o)
	end := make(chan error, 1)
	go func() { end <- app.Run() }()
	tb.Cleanup(func() {
		app.Stop()
		go func() { // the screen's last writes
			for {
				select {
				case <-tty.wrote:
				case <-end:
					return
				}
			}
		}()
	})
	return w
}

// where is the student's position, as the lab tells its observer.
type where struct {
	mu sync.Mutex
	p  tui.Position
}

func (w *where) Moved(p tui.Position) {
	w.mu.Lock()
	w.p = p
	w.mu.Unlock()
}

func (w *where) Answered(tui.Answer) {}

func (w *where) at() tui.Position {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.p
}

// reach steps on to step k, answering the checkpoints on the way.
func (t *memTTY) reach(tb testing.TB, w *where, k int) {
	for range 3 * k {
		if p := w.at(); p.Asking >= 0 {
			t.keys <- []byte("1\r") // an answer: the first choice, or "1"
			t.settle()
			t.keys <- []byte("\r")
			t.settle()
			continue
		} else if p.Step >= k {
			return
		}
		t.keys <- []byte("\x1b[C")
		t.settle()
	}
	tb.Fatalf("step %d not reached: at %+v", k, w.at())
}

// frame sends key and waits for the frame it causes; it returns the
// frame's size in bytes.
func (t *memTTY) frame(tb testing.TB, key string) int {
	t.keys <- []byte(key)
	select {
	case n := <-t.wrote:
		return n
	case <-time.After(10 * time.Second):
		tb.Fatalf("no frame after %q", key)
		return 0
	}
}

// settle drains frames until none came for 200 ms (the run's start, an
// animation); it returns how many came.
func (t *memTTY) settle() (frames int) {
	for {
		select {
		case <-t.wrote:
			frames++
		case <-time.After(200 * time.Millisecond):
			return frames
		}
	}
}

// BenchmarkStudentKey is the server's work for one key of a student (←
// or →, between two steps the lab has already reached): tcell decoding
// the key, the lab redrawing, the terminal screen encoding the frame;
// not SSH. "whole" is the terminal screen alone (every frame sent whole),
// "diff" passes only the cells that changed to it (diffScreen), "write"
// writes them itself (termWriter, as the classroom serves it).
func BenchmarkStudentKey(b *testing.B) {
	for _, name := range []string{"whole", "diff", "write"} {
		b.Run(name, func(b *testing.B) {
			tty := newMemTTY()
			w := studentLab(b, tty, name, false)
			tty.settle()
			tty.reach(b, w, 6)
			tty.frame(b, "\x1b[D")
			bytes := 0
			keys := 0
			cpu0 := cpuTime()
			for b.Loop() {
				bytes += tty.frame(b, "\x1b[C")
				if p := w.at(); p.Step != 6 {
					b.Fatalf("→ went to %+v, want step 6", p)
				}
				bytes += tty.frame(b, "\x1b[D")
				if p := w.at(); p.Step != 5 {
					b.Fatalf("← went to %+v, want step 5", p)
				}
				keys += 2
			}
			b.ReportMetric(float64(bytes)/float64(keys), "B/frame")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(keys), "ns/key")
			b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(keys), "cpu-ns/key")
		})
	}
}

// BenchmarkStudentStepAnimated is the server's work for a step on (→,
// to a reply: its animation's frames included) and back (←), as the
// classroom serves it (diffScreen writing its frames, animation on); not
// SSH. It takes 0.4 s of wall time per op: run it with -benchtime 30x.
func BenchmarkStudentStepAnimated(b *testing.B) {
	tty := newMemTTY()
	w := studentLab(b, tty, "write", true)
	tty.settle()
	tty.reach(b, w, 6)
	tty.keys <- []byte("\x1b[D")
	tty.settle()
	frames, steps := 0, 0
	var cpu time.Duration
	for b.Loop() {
		cpu0 := cpuTime()
		tty.keys <- []byte("\x1b[C")
		frames += tty.settle()
		tty.keys <- []byte("\x1b[D")
		frames += tty.settle()
		cpu += cpuTime() - cpu0 // the quiet 200 ms after each cost nothing
		steps++
		if p := w.at(); p.Step != 5 {
			b.Fatalf("at %+v, want step 5", p)
		}
	}
	b.ReportMetric(float64(frames)/float64(steps), "frames/op")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(steps), "cpu-ns/op")
}
