package classroom

import (
	"testing"

	"ftplab/cmd/internal/tui"
)

// TestTermWriterLabFrames: a student's lab stepping through a lesson
// shows the same screen on a terminal whether its frames are written by
// tcell's screen, whole, or by the diffScreen itself (as the classroom
// serves it), in colour and in monochrome.
func TestTermWriterLabFrames(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two labs")
	}
	for _, mono := range []bool{false, true} {
		t.Run(map[bool]string{false: "colour", true: "mono"}[mono], func(t *testing.T) {
			labs := map[string]*memTTY{"whole": newMemTTY(), "write": newMemTTY()}
			at := map[string]*where{}
			vts := map[string]*vt{}
			for name, tty := range labs {
				tty.keep = true
				at[name] = studentLab(t, tty, name, false, func(o *tui.Options) { o.Mono = mono })
				vts[name] = newVT(100, 30)
				tty.settle()
			}
			for _, step := range []int{1, 3, 6, 5} {
				for name, tty := range labs {
					if at[name].at().Step > step {
						tty.frame(t, "\x1b[D")
					}
					tty.reach(t, at[name], step)
					tty.settle()
					tty.mu.Lock()
					vts[name].write(tty.out.Bytes())
					tty.out.Reset()
					tty.mu.Unlock()
				}
				if d := vts["write"].diff(vts["whole"]); d != "" {
					t.Fatalf("at step %d: %s\ngot:\n%swant:\n%s", step, d, vts["write"].text(), vts["whole"].text())
				}
			}
		})
	}
}
