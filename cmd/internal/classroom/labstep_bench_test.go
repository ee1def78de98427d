package classroom

import (
	"testing"
	"time"

	"ftplab/cmd/internal/tui"
	"ftplab/sim"
)

// freeLab is a lab at 100x30 on a diffScreen over tty, as the classroom
// serves it, on a free run (no lesson: no checkpoint stops a step) of the
// real lab; it stops with the test.
func freeLab(tb testing.TB, tty *memTTY, run sim.Run) *where {
	tb.Helper()
	return studentLab(tb, tty, "diff", false, func(o *tui.Options) { o.Course, o.Run = nil, run })
}

// labSteps is how many of a run's operations the benchmark steps before
// it restarts the run: scenario a in PASV has more (login, PASV, the
// data connection, the download).
const labSteps = 12

// BenchmarkStudentStepLab is the server's work for a → that needs the lab
// (the step on screen is the last the lab has made: the key releases its
// next operation and the step shows when its event comes), as the
// classroom serves it (diffScreen, no animation); not SSH. It reports
// the frames the key brings and their CPU; the real lab's work for the
// operation (the FTP client and server on loopback) is in the CPU too.
// Between keys, untimed, End shows the newest event known, and every
// labSteps keys the run restarts.
func BenchmarkStudentStepLab(b *testing.B) {
	tty := newMemTTY()
	w := freeLab(b, tty, sim.Run{Scenario: "a", Mode: sim.ModePASV})
	tty.settle()
	frames, keys := 0, 0
	var cpu time.Duration
	for b.Loop() {
		if p := w.at(); p.Step >= labSteps {
			tty.keys <- []byte("r")
			tty.settle()
		}
		if p := w.at(); p.Step < p.Steps {
			tty.keys <- []byte("\x1b[F") // End: the newest event known
			tty.until(b, func() bool { p := w.at(); return p.Step == p.Steps })
		}
		want := w.at().Step + 1
		cpu0 := cpuTime()
		tty.keys <- []byte("\x1b[C")
		frames += tty.until(b, func() bool { return w.at().Step == want })
		cpu += cpuTime() - cpu0
		keys++
	}
	b.StopTimer()
	frames += tty.settle() // a frame still on its way after the step
	b.ReportMetric(float64(frames)/float64(keys), "frames/key")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(keys), "cpu-ns/key")
}

// until counts frames until one comes after which done holds. A frame
// of the key before may come first: each key's frames are counted about
// it, their sum exactly.
func (t *memTTY) until(tb testing.TB, done func() bool) (frames int) {
	deadline := time.After(10 * time.Second)
	for {
		select {
		case <-t.wrote:
			frames++
			if done() {
				return frames
			}
		case <-deadline:
			tb.Fatalf("no step after %d frames", frames)
			return frames
		}
	}
}
