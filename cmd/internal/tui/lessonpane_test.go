package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"ftplab/cmd/internal/tui/markdown"
	"ftplab/cmd/internal/tui/player"
	"ftplab/lessons"
	"ftplab/sim"
)

var paneSizes = [][2]int{{80, 24}, {120, 40}, {200, 60}}

// TestCheckpointSeesItsText steps every run of every shipped lesson
// through the real lab at 80x24, 120x40 and 200x60. At every checkpoint,
// asked and answered, the question is on screen, and so are, below its
// box, the last words of the lesson's newest section (what the question
// is about) and the timeline's current row. At every other step the diagram's host boxes
// are whole, the lesson's text has at least 10 lines and the state
// tables at least 4, showing the newest row the step changed.
func TestCheckpointSeesItsText(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every lesson in the real lab")
	}
	course := shipped(t)
	rr := &realRuns{done: map[string]*Replay{}}
	for _, size := range paneSizes {
		for _, l := range course {
			for ri := range l.Runs() {
				t.Run(fmt.Sprintf("%dx%d/%s/run%d", size[0], size[1], l.ID, ri), func(t *testing.T) {
					s := tcell.NewSimulationScreen("")
					app := New(Options{Course: course, Store: storeAt(t, &lessons.Progress{Current: l.ID}), Screen: s, Start: rr.starter(t)})
					s.SetSize(size[0], size[1])
					h := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
					go func() { h.end <- app.Run() }()
					t.Cleanup(h.quit)
					h.attached()
					h.onUI(func(a *App) { a.openLesson(l, ri) })
					h.attached()
					walkPane(t, h, size)
				})
			}
		}
	}
}

// walkPane steps the open lesson's run to its end, answering every
// checkpoint wrong, and checks the screen at each move.
func walkPane(t *testing.T, h *harness, size [2]int) {
	asked := 0
	for range 400 {
		var fail string
		var end bool
		h.app.app.QueueUpdateDraw(func() {})
		h.onUI(func(a *App) {
			p := a.p
			switch p.State() {
			case player.Asking:
				fail = checkAsked(a, h.text(), size)
				asked++
				// a wrong answer: the verdict's box is then the tallest
				a.answered(answerFor(p, p.Question(), false))
			case player.Answered:
				fail = checkAsked(a, h.text(), size)
				a.continueCheckpoint()
			default:
				fail = checkLayout(a, h.text(), size)
				if end = p.AtEnd(); !end {
					a.forward()
				}
			}
		})
		if fail != "" {
			t.Fatal(fail)
		}
		if end {
			return
		}
	}
	t.Fatal("the run did not end in 400 moves")
}

// region is the screen's rows y0 to y1 (exclusive), columns x to x+w,
// trimmed.
func region(screen string, x, y0, y1, w int) []string {
	rows := strings.Split(screen, "\n")
	var out []string
	for y := max(y0, 0); y < y1 && y < len(rows); y++ {
		r := []rune(rows[y])
		out = append(out, strings.TrimSpace(string(r[min(x, len(r)):min(x+w, len(r))])))
	}
	return out
}

// boxBottom is the row below the checkpoint's box on screen (0: none
// found): the row after its bottom-left corner.
func boxBottom(screen string, sw int) int {
	x := (sw - max(min(sw-4, 96), 40)) / 2
	bottom := 0
	for y, row := range strings.Split(screen, "\n") {
		if r := []rune(row); x < len(r) && (r[x] == '╚' || r[x] == '└') {
			bottom = y + 1
			break
		}
	}
	return bottom
}

// lastWords is the last n words of the lesson's newest section, as the
// lesson pane shows them.
func lastWords(a *App, n int) string {
	p := a.p
	l := p.Lesson()
	run := sim.Run{Scenario: a.live.sc.ID, Mode: p.Run().Mode}
	cur := l.Current(run, p.Timeline().Labels()[:p.Step()])
	md := markdown.Render(l.Sections[cur].Markdown, a.theme.Markdown)
	if cur == 0 && !run.Same(l.Setup) {
		// another run, none of its sections reached: the line naming it
		md = fmt.Sprintf("this lesson's main run is %s/%s", l.Setup.Scenario, l.Setup.Mode)
	}
	words := strings.Fields(tview.NewTextView().SetDynamicColors(true).SetText(md).GetText(true))
	return strings.Join(words[max(0, len(words)-n):], " ")
}

// checkAsked checks the screen while a checkpoint is asked.
func checkAsked(a *App, screen string, size [2]int) string {
	q := a.p.Question()
	where := fmt.Sprintf("%dx%d, checkpoint %d (%q) at step %d", size[0], size[1], q.Index+1, q.Checkpoint.Question, a.p.Step())
	words := strings.Fields(q.Checkpoint.Question)
	last := "Esc skips"
	if a.p.State() == player.Answered {
		last = "shows what happened."
	}
	if flat := strings.Join(strings.Fields(screen), " "); !strings.Contains(flat, strings.Join(words[:min(3, len(words))], " ")) || !strings.Contains(flat, last) {
		return where + ": the question is not all on screen:\n" + screen
	}
	cover := boxBottom(screen, size[0])
	if cover == 0 {
		return where + ": no checkpoint box found:\n" + screen
	}
	x, y, w, h := a.ui.lesson.GetInnerRect()
	text := strings.Join(strings.Fields(strings.Join(region(screen, x, max(y, cover), y+h, w), " ")), " ")
	if want := lastWords(a, 3); !strings.Contains(text, want) {
		return fmt.Sprintf("%s: the lesson pane below the box (rows %d-%d) lacks the section's end %q:\n%s", where, max(y, cover), y+h, want, screen)
	}
	x, y, w, h = a.ui.timeline.GetInnerRect()
	found := false
	for _, row := range region(screen, x, max(y, cover), y+h, w) {
		f := strings.Fields(row)
		found = found || len(f) > 1 && f[0] == "▶" && f[1] == fmt.Sprint(a.p.Step())
	}
	if !found {
		return fmt.Sprintf("%s: the timeline's row %d is not on screen below the box:\n%s", where, a.p.Step(), screen)
	}
	return ""
}

// checkLayout checks the panes between checkpoints.
func checkLayout(a *App, screen string, size [2]int) string {
	where := fmt.Sprintf("%dx%d, step %d", size[0], size[1], a.p.Step())
	hosts := 3
	if a.live.sc.AttackerHost != "" {
		hosts = 4
	}
	x, y, w, h := a.ui.network.GetInnerRect()
	net := strings.Join(region(screen, x, y, y+h, w), "\n")
	for _, r := range "┌┐└┘" {
		if n := strings.Count(net, string(r)); n != hosts {
			return fmt.Sprintf("%s: the diagram has %d %c, want %d (whole boxes):\n%s", where, n, r, hosts, screen)
		}
	}
	_, _, _, lh := a.ui.lesson.GetInnerRect()
	x, y, w, sh := a.ui.state.GetInnerRect()
	if lh < 10 || sh < 4 {
		return fmt.Sprintf("%s: the lesson's text has %d lines (want 10), the state tables %d (want 4):\n%s", where, lh, sh, screen)
	}
	// the newest row the step changed in the state tables is on screen
	var last []string
	for _, l := range strings.Split(tview.NewTextView().SetDynamicColors(true).SetText(a.ui.state.text).GetText(true), "\n") {
		if strings.HasPrefix(l, "+ ") {
			last = strings.Fields(l)
		}
	}
	state := strings.Join(strings.Fields(strings.Join(region(screen, x, y, y+sh, w), " ")), " ")
	if want := strings.Join(last[:min(3, len(last))], " "); len(last) > 0 && !strings.Contains(state, want) {
		return fmt.Sprintf("%s: the state tables do not show the row the step changed (%q):\n%s", where, want, screen)
	}
	return ""
}
