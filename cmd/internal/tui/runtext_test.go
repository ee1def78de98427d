package tui

import (
	"cmp"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/cmd/internal/tui/markdown"
	"ftplab/cmd/internal/tui/player"
	"ftplab/lessons"
	"ftplab/sim"
)

// wantSections are the sections of lesson l the pane must show in run
// after labels, read from the lesson file's structure alone: in the main
// run the opening text, then each section whose marker names that run
// (no scenario and mode: the main run) and whose event has happened.
func wantSections(l *lessons.Lesson, run sim.Run, labels []string) map[int]bool {
	want := map[int]bool{0: run.Same(l.Setup)}
	for i, s := range l.Sections {
		if i == 0 || !strings.EqualFold(cmp.Or(s.Scenario, l.Setup.Scenario), run.Scenario) || cmp.Or(s.Mode, l.Setup.Mode) != run.Mode {
			continue
		}
		n := 0
		for _, lb := range labels {
			if lb == s.At {
				n++
			}
		}
		if s.At == "" || n >= s.Nth {
			want[i] = true
		}
	}
	return want
}

// paneFault says what is wrong with the lesson pane on screen, "" when
// it shows exactly the sections of the run on screen reached so far.
func paneFault(a *App, how string) string {
	p := a.p
	l := p.Lesson()
	if l == nil {
		return how + ": no lesson open"
	}
	run, step := p.Run(), p.Step()
	want := wantSections(l, run, p.Timeline().Labels()[:step])
	text := a.ui.lesson.text
	// where the lesson goes on is said at the end of its main run; in
	// another run it would talk about a run not on screen
	if !run.Same(l.Setup) && (strings.Contains(text, "The lesson goes on in run") || strings.Contains(text, "r runs the lesson again")) {
		return fmt.Sprintf("%s: %s run %s/%s step %d: the pane says where the main run's end leads:\n%s", how, l.ID, run.Scenario, run.Mode, step, text)
	}
	// another run names itself and the main run, whose scenario the
	// opening text describes
	name := fmt.Sprintf("Run %s/%s — this lesson's main run is %s/%s", run.Scenario, run.Mode, l.Setup.Scenario, l.Setup.Mode)
	if !run.Same(l.Setup) != strings.Contains(text, name) {
		return fmt.Sprintf("%s: %s run %s/%s step %d: the pane says %q %v times, want %v:\n%s", how, l.ID, run.Scenario, run.Mode, step, name, strings.Count(text, name), !run.Same(l.Setup), text)
	}
	for i, s := range l.Sections {
		shown := strings.Contains(text, markdown.Render(s.Markdown, a.theme.Markdown))
		if shown == want[i] {
			continue
		}
		where := fmt.Sprintf("%s: %s run %s/%s step %d: section at %s:%d (at %q nth %d, run %s/%s)",
			how, l.ID, run.Scenario, run.Mode, step, l.File, s.Line, s.At, s.Nth,
			cmp.Or(s.Scenario, l.Setup.Scenario), cmp.Or(s.Mode, l.Setup.Mode))
		if shown {
			return where + " is shown: it belongs to another run or to a step not reached"
		}
		return where + " is missing"
	}
	return ""
}

// navHarness drives the lab by keys, checking the lesson pane after each.
type navHarness struct {
	*harness
	checks int
}

// press sends a key, then checks the lesson pane.
func (h *navHarness) press(ev *tcell.EventKey, how string) {
	h.t.Helper()
	h.send(ev, how)
	h.check(how)
}

// send sends a key through the lab's input capture on the UI goroutine;
// when it starts a run, it waits for the run to be on screen.
func (h *navHarness) send(ev *tcell.EventKey, how string) {
	h.t.Helper()
	var before *liveRun
	h.onUI(func(a *App) { before = a.live; a.key(ev) })
	deadline := time.Now().Add(waitLimit)
	for {
		started, ready := false, false
		h.onUI(func(a *App) { started, ready = a.live != before, a.live.sess != nil })
		if !started || ready {
			break
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("%s: the run did not start", how)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func (h *navHarness) check(how string) {
	h.t.Helper()
	var fault string
	h.onUI(func(a *App) { fault = paneFault(a, how) })
	h.checks++
	if fault != "" {
		h.t.Fatal(fault)
	}
}

func runeKey(r rune) *tcell.EventKey { return tcell.NewEventKey(tcell.KeyRune, r, tcell.ModNone) }
func namedKey(k tcell.Key) *tcell.EventKey {
	return tcell.NewEventKey(k, 0, tcell.ModNone)
}

// finish plays the run on screen to its end with key (→ one step, End
// at once), answering each question, checking the pane at every move.
func (h *navHarness) finish(key tcell.Key, how string) {
	h.t.Helper()
	for range 400 {
		var st player.State
		var end bool
		h.onUI(func(a *App) { st, end = a.p.State(), a.p.AtEnd() })
		switch {
		case st == player.Asking:
			h.onUI(func(a *App) { a.answered(answerFor(a.p, a.p.Question(), true)) })
			h.check(how + ", answered")
		case st == player.Answered:
			h.onUI(func(a *App) { a.continueCheckpoint() })
			h.check(how + ", continued")
		case end:
			return
		default:
			h.press(namedKey(key), how)
		}
	}
	h.t.Fatalf("%s: the run did not end in 400 moves", how)
}

// lessonAt reports the open lesson's id and run index.
func (h *navHarness) lessonAt() (id string, run int) {
	h.onUI(func(a *App) {
		if l := a.p.Lesson(); l != nil {
			id = l.ID
		}
		run = a.p.RunIndex()
	})
	return id, run
}

// TestLessonPaneFollowsRun reaches every run of every shipped lesson by
// each way a student moves (N to the next lesson, ] and [ between runs,
// r to restart, playing to the end step by step and with End, Home and
// ← back, opening the lesson at a run as the summary's retry does), and
// after every move checks the lesson pane: it shows the opening text in
// the main run, a line naming the run in another, and exactly the
// sections of the run on screen whose events the step on screen has
// reached. A section of another run (lesson
// 6's "The SYN is dropped" beside run b) or of a later step fails.
func TestLessonPaneFollowsRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every lesson in the real lab")
	}
	course := shipped(t)
	rr := &realRuns{done: map[string]*Replay{}}
	s := tcell.NewSimulationScreen("")
	app := New(Options{Course: course, Store: storeAt(t, &lessons.Progress{Current: course[0].ID}), Screen: s, Start: rr.starter(t)})
	s.SetSize(120, 40)
	h := &navHarness{harness: &harness{t: t, s: s, app: app, end: make(chan error, 1)}}
	go func() { h.end <- app.Run() }()
	t.Cleanup(h.quit)
	h.attached()
	h.check("opened")
	for li, l := range course {
		if li > 0 {
			h.press(runeKey('N'), "N")
		}
		if id, ri := h.lessonAt(); id != l.ID || ri != 0 {
			t.Fatalf("lesson %s run %d on screen, want %s run 0", id, ri, l.ID)
		}
		n := len(l.Runs())
		for ri := range n {
			if ri > 0 {
				h.press(runeKey(']'), "]")
			}
			if id, got := h.lessonAt(); id != l.ID || got != ri {
				t.Fatalf("] gave lesson %s run %d, want %s run %d", id, got, l.ID, ri)
			}
			h.finish(tcell.KeyRight, "→")
			h.press(namedKey(tcell.KeyHome), "Home")
			h.finish(tcell.KeyEnd, "End")
			for range 5 {
				h.press(namedKey(tcell.KeyLeft), "←")
			}
			h.press(runeKey('r'), "r")
			h.finish(tcell.KeyEnd, "End after r")
		}
		for range n {
			h.press(runeKey('['), "[")
		}
		if n > 1 {
			h.press(runeKey(']'), "] from the first run")
		}
		// the summary's retry opens the lesson at the run that asks the
		// question missed
		for ri := range n {
			h.onUI(func(a *App) { a.openLesson(l, ri) })
			h.attached()
			h.check(fmt.Sprintf("opened at run %d", ri))
			h.finish(tcell.KeyEnd, "End after opening")
		}
	}
	t.Logf("%d checks", h.checks)
}

// screenNow draws the lab and returns the screen, one line per row.
func (h *harness) screenNow() string {
	var s string
	h.app.app.QueueUpdateDraw(func() {})
	h.app.app.QueueUpdate(func() { s = h.text() })
	return s
}

// lastRow is the screen's bottom row: the status bar.
func lastRow(screen string) string {
	rows := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	return rows[len(rows)-1]
}

// askAll plays the run on screen to its end with End, answering each
// question (the lesson's first one asked wrong, the others right) and
// checking the question's number and the verdict's box on screen.
// asked counts the lesson's questions asked so far.
func (h *navHarness) askAll(l *lessons.Lesson, asked *int, w int) {
	h.t.Helper()
	for range 200 {
		var st player.State
		var end bool
		h.onUI(func(a *App) { st, end = a.p.State(), a.p.AtEnd() })
		switch {
		case st == player.Asking:
			*asked++
			scr := h.screenNow()
			want := fmt.Sprintf(" checkpoint %d/%d ", *asked, len(l.Checkpoints))
			if !strings.Contains(scr, want) {
				h.t.Fatalf("%dw %s: question %d asked without %q:\n%s", w, l.ID, *asked, want, scr)
			}
			var q *player.Question
			h.onUI(func(a *App) { q = a.p.Question(); a.answered(answerFor(a.p, q, *asked > 1)) })
			if *asked == 1 {
				h.wrongShown(l, q, w)
			}
			h.onUI(func(a *App) { a.continueCheckpoint() })
		case st == player.Answered:
			h.onUI(func(a *App) { a.continueCheckpoint() })
		case end:
			return
		default:
			h.onUI(func(a *App) { a.key(namedKey(tcell.KeyEnd)) })
		}
	}
	h.t.Fatalf("%s: the run did not end", l.ID)
}

// wrongShown checks that a wrong answer to q is marked ✗, with the
// explanation's start below the mark.
func (h *navHarness) wrongShown(l *lessons.Lesson, q *player.Question, w int) {
	h.t.Helper()
	scr := h.screenNow()
	mark := strings.Index(scr, "✗ Not quite")
	if mark < 0 {
		h.t.Fatalf("%dw %s: a wrong answer is not marked ✗:\n%s", w, l.ID, scr)
	}
	if ex := strings.Fields(q.Checkpoint.Explain); len(ex) >= 3 {
		start := strings.Join(ex[:3], " ")
		if at := strings.Index(scr, start); at < mark {
			h.t.Errorf("%dw %s: the explanation %q is not shown after the ✗:\n%s", w, l.ID, start, scr)
		}
	}
}

// TestRunEndHints, at 80x24, 120x40 and 200x60, goes through the whole
// course by its keys (N, ]), answering each lesson's first question wrong
// and the others right. Each question is numbered in the order asked; a
// wrong one is marked ✗ and explained; at the end of every run the status
// bar says, uncut, where to go: the next run while the lesson has one,
// the next lesson once it is finished, the course's end after the last.
// The summary then says the course is finished and lists the questions
// missed, with the key that retries them.
func TestRunEndHints(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every lesson in the real lab")
	}
	course := shipped(t)
	rr := &realRuns{done: map[string]*Replay{}}
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			s := tcell.NewSimulationScreen("")
			app := New(Options{Course: course, Store: storeAt(t, &lessons.Progress{Current: course[0].ID}), Screen: s, Start: rr.starter(t)})
			s.SetSize(size[0], size[1])
			h := &navHarness{harness: &harness{t: t, s: s, app: app, end: make(chan error, 1)}}
			go func() { h.end <- app.Run() }()
			t.Cleanup(h.quit)
			h.attached()
			for li, l := range course {
				if li > 0 {
					h.press(runeKey('N'), "N")
				}
				asked := 0
				runs := l.Runs()
				for ri := range runs {
					if ri > 0 {
						h.press(runeKey(']'), "]")
					}
					h.askAll(l, &asked, size[0])
					var want []string
					switch {
					case li == len(course)-1 && asked == len(l.Checkpoints):
						want = []string{"✓ course finished", "C: summary"}
					case asked == len(l.Checkpoints):
						want = []string{"lesson finished", "N: next lesson"}
					default:
						want = []string{"]: next run " + runs[ri+1].Scenario + "/" + string(runs[ri+1].Mode)}
					}
					if ri+1 < len(runs) {
						want = append(want, "]: next run "+runs[ri+1].Scenario+"/"+string(runs[ri+1].Mode))
					}
					status := lastRow(h.screenNow())
					for _, w := range want {
						if !strings.Contains(status, w) {
							t.Errorf("%s run %d/%d ends with a status bar lacking %q:\n%s", l.ID, ri+1, len(runs), w, status)
						}
					}
				}
			}
			h.rune('N')
			scr := h.waitFor("✓ course finished: summary", "Enter retries")
			first := course[0].Checkpoints[0].Question // answered wrong
			if !strings.Contains(scr, "✗ "+first[:min(len(first), size[0]/3)]) {
				t.Errorf("the summary does not list the question missed %q:\n%s", first, scr)
			}
		})
	}
}

// TestSkippedRunHint, at 80x24, 120x40 and 200x60: a student who goes
// straight to lesson 6's run b with ] and plays it to its end is told,
// uncut, to go back to run c (its questions and end are still to come),
// not that the lesson ended; done there, the lesson is finished.
func TestSkippedRunHint(t *testing.T) {
	course := shipped(t)
	rr := &realRuns{done: map[string]*Replay{}}
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			s := tcell.NewSimulationScreen("")
			app := New(Options{Course: course, Store: storeAt(t, &lessons.Progress{Current: "client-firewall"}), Screen: s, Start: rr.starter(t)})
			s.SetSize(size[0], size[1])
			h := &navHarness{harness: &harness{t: t, s: s, app: app, end: make(chan error, 1)}}
			go func() { h.end <- app.Run() }()
			t.Cleanup(h.quit)
			h.attached()
			h.press(runeKey(']'), "]")
			h.finish(tcell.KeyEnd, "run b")
			if st := lastRow(h.screenNow()); !strings.Contains(st, "]: back to run c/PORT to finish the lesson") {
				t.Errorf("run b played first ends with %q", st)
			}
			h.press(runeKey(']'), "] to run c")
			h.finish(tcell.KeyEnd, "run c")
			if st := lastRow(h.screenNow()); !strings.Contains(st, "✓ lesson finished, 3/3 right · N: next lesson") {
				t.Errorf("run c played after b ends with %q", st)
			}
		})
	}
}

// TestLeaveLessonSaysSo, at 80x24 and 200x60: from every shipped lesson,
// each key that restarts the lab in another setup (m, f, n, t, 1-5)
// either keeps a run of the lesson or leaves it saying so, uncut on the
// status bar, with the key that returns (L).
func TestLeaveLessonSaysSo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs many setups in the real lab")
	}
	course := shipped(t)
	rr := &realRuns{done: map[string]*Replay{}}
	for _, size := range [][2]int{{80, 24}, {200, 60}} {
		s := tcell.NewSimulationScreen("")
		app := New(Options{Course: course, Store: storeAt(t, &lessons.Progress{Current: course[0].ID}), Screen: s, Start: rr.starter(t)})
		s.SetSize(size[0], size[1])
		h := &navHarness{harness: &harness{t: t, s: s, app: app, end: make(chan error, 1)}}
		go func() { h.end <- app.Run() }()
		h.attached()
		for _, l := range course {
			for _, k := range "mfnt12345" {
				h.onUI(func(a *App) { a.openLesson(l, 0) })
				h.attached()
				h.send(runeKey(k), string(k))
				var left bool
				h.onUI(func(a *App) { left = a.p.Lesson() == nil })
				if !left {
					continue // a run of the lesson (checked by the pane's test)
				}
				want := fmt.Sprintf("left the lesson %q: L reopens it", l.Title)
				if st := lastRow(h.screenNow()); !strings.Contains(st, want) {
					t.Errorf("%dx%d: %s, key %c: status bar %q lacks %q", size[0], size[1], l.ID, k, st, want)
				}
			}
		}
		h.quit()
	}
}

// TestRunsInTextOrder: in every shipped lesson, ] goes through the runs
// in the order the text first discusses them (the first section naming
// each), the main run first.
func TestRunsInTextOrder(t *testing.T) {
	for _, l := range shipped(t) {
		seen := map[string]bool{}
		var order []string
		key := func(r sim.Run) string { return strings.ToLower(r.Scenario) + "/" + string(r.Mode) }
		order = append(order, key(l.Setup))
		for _, s := range l.Sections {
			k := strings.ToLower(cmp.Or(s.Scenario, l.Setup.Scenario)) + "/" + string(cmp.Or(s.Mode, l.Setup.Mode))
			if !seen[k] && k != order[0] {
				seen[k] = true
				order = append(order, k)
			}
		}
		runs := l.Runs()
		for i, k := range order {
			if i >= len(runs) || key(runs[i]) != k {
				t.Errorf("%s: runs %v, want the text's order %v", l.ID, runs, order)
				break
			}
		}
	}
}

// TestFinishedBeforeLastRun, at 80x24 and 200x60: a lesson whose
// questions are all asked in its main run is finished at that run's end,
// and the hint still names the run that follows (its text is still to
// read), uncut.
func TestFinishedBeforeLastRun(t *testing.T) {
	src := "---\nid: t\ntitle: Test lesson\norder: 1\nscenario: a\nmode: PASV\nrfcs: [RFC 959 §3.2]\ncheckpoints:\n" +
		"  - at: reply.227\n    question: Which class of reply is 227?\n    choices: [completion, failure]\n    answer: 1\n" +
		"---\n# Test\n\nOpening.\n\n<!-- at: control.connect, mode: EPSV -->\nThe same setup, in EPSV.\n"
	l := lessons.Parse("t.md", []byte(src))
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	course := []*lessons.Lesson{l, shipped(t)[1]} // a lesson to go on to
	rr := &realRuns{done: map[string]*Replay{}}
	for _, size := range [][2]int{{80, 24}, {200, 60}} {
		s := tcell.NewSimulationScreen("")
		app := New(Options{Course: course, Store: storeAt(t, &lessons.Progress{Current: "t"}), Screen: s, Start: rr.starter(t)})
		s.SetSize(size[0], size[1])
		h := &navHarness{harness: &harness{t: t, s: s, app: app, end: make(chan error, 1)}}
		go func() { h.end <- app.Run() }()
		h.attached()
		h.finish(tcell.KeyEnd, "main run")
		want := "✓ lesson finished, 1/1 right · N: next lesson · ]: next run a/EPSV"
		if st := lastRow(h.screenNow()); !strings.Contains(st, want) {
			t.Errorf("%dx%d: the main run ends with %q, want %q", size[0], size[1], st, want)
		}
		h.quit()
	}
}
