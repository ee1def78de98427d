package tui

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/cmd/internal/tui/player"
	"ftplab/lessons"
	"ftplab/realnet/lab/labrun"
	"ftplab/sim"
)

// realRuns runs each lesson run once in the real lab (at full speed: the
// timeline is then all known at once, the worst case for spoilers) and
// replays it; runs are cached across the test's screens.
type realRuns struct {
	mu   sync.Mutex
	done map[string]*Replay
}

func (rr *realRuns) starter(t testing.TB) Starter {
	return func(ctx context.Context, run sim.Run) (Session, error) {
		key := fmt.Sprintf("%s/%s/%v/%v", run.Scenario, run.Mode, run.Overrides, run.Script)
		rr.mu.Lock()
		defer rr.mu.Unlock()
		if r, ok := rr.done[key]; ok {
			return r, nil
		}
		sc, err := run.Resolve(catalogue)
		if err != nil {
			return nil, err
		}
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		res, tl, err := labrun.Exec(ctx, labrun.Options{Scenario: sc, Mode: run.Mode, Seed: 1, Script: run.Script})
		if err != nil {
			return nil, fmt.Errorf("lab run %s: %w", key, err)
		}
		r := NewReplay(tl, res.Outcome, res.BlockedAt)
		rr.done[key] = r
		return r, nil
	}
}

// spoilers are what the events from the one asked about on reveal and
// the events before it do not: reply codes, verdicts, rule names, and
// the run's outcome.
func spoilers(events []sim.Event, step int, outcome, blocked string) []string {
	before := map[string]bool{}
	var after []string
	for i, e := range events {
		var toks []string
		if code, ok := strings.CutPrefix(e.Label, "reply."); ok {
			toks = append(toks, code)
		}
		if e.Rule != "" {
			toks = append(toks, e.Rule)
		}
		if e.Verdict != "" && !strings.EqualFold(e.Verdict, "accept") {
			toks = append(toks, strings.ToUpper(e.Verdict)+" by rule")
		}
		for _, tok := range toks {
			if i < step-1 {
				before[tok] = true
			} else {
				after = append(after, tok)
			}
		}
	}
	var out []string
	for _, tok := range after {
		if !before[tok] {
			out = append(out, tok)
		}
	}
	if outcome != "ok" && outcome != "" {
		out = append(out, "run: "+outcome)
	}
	if strings.Contains(blocked, ":") { // firewall:rule, not a host's name
		out = append(out, blocked)
	}
	return out
}

// mainText is the lab's main layout (the diagram, the timeline, the
// state tables, the titles and the status bar; not the checkpoint box nor
// the lesson's prose) drawn on a screen of its own: the run's facts the
// student sees around and beneath the question.
func mainText(a *App, w, h int) string {
	s := tcell.NewSimulationScreen("")
	s.Init()
	s.SetSize(w, h)
	a.ui.main.SetRect(0, 0, w, h)
	a.ui.main.Draw(s)
	// The lesson's own prose is content, checked by lessons check; the
	// run's facts are everywhere else.
	lx, ly, lw, lh := a.ui.lesson.GetInnerRect()
	for y := ly; y < ly+lh; y++ {
		for x := lx; x < lx+lw; x++ {
			s.SetContent(x, y, ' ', nil, tcell.StyleDefault)
		}
	}
	s.Show()
	cells, sw, sh := s.GetContents()
	var b strings.Builder
	for y := range sh {
		for x := range sw {
			c := cells[y*sw+x]
			if len(c.Runes) == 0 || c.Runes[0] == 0 {
				b.WriteByte(' ')
			} else {
				b.WriteRune(c.Runes[0])
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// holds reports whether screen holds tok as a word.
func holds(screen, tok string) bool {
	return regexp.MustCompile(`(^|[^0-9A-Za-z_])` + regexp.QuoteMeta(tok) + `($|[^0-9A-Za-z_])`).MatchString(screen)
}

// TestNoSpoilerInAnyLesson steps every run of every shipped lesson
// through the real lab, at 80x24 and 120x40, answering every checkpoint
// right, then wrong: when a checkpoint is asked, no reply code, verdict,
// rule name or outcome that only its event and later ones show is on
// screen.
func TestNoSpoilerInAnyLesson(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every lesson in the real lab")
	}
	course := shipped(t)
	rr := &realRuns{done: map[string]*Replay{}}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, right := range []bool{true, false} {
			for _, l := range course {
				for ri := range l.Runs() {
					name := fmt.Sprintf("%dx%d/right=%v/%s/run%d", size[0], size[1], right, l.ID, ri)
					t.Run(name, func(t *testing.T) { walkLesson(t, rr, course, l, ri, size, right) })
				}
			}
		}
	}
}

// walkLesson opens run ri of lesson l and steps it to its end.
func walkLesson(t *testing.T, rr *realRuns, course []*lessons.Lesson, l *lessons.Lesson, ri int, size [2]int, right bool) {
	s := tcell.NewSimulationScreen("")
	app := New(Options{Course: course, Store: storeAt(t, &lessons.Progress{Current: l.ID}), Screen: s, Start: rr.starter(t)})
	s.SetSize(size[0], size[1])
	h := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
	go func() { h.end <- app.Run() }()
	t.Cleanup(h.quit)
	h.attached()
	h.onUI(func(a *App) { a.openLesson(l, ri) })
	h.attached()
	asked := 0
	for range 400 {
		var fail string
		var end bool
		h.app.app.QueueUpdateDraw(func() {})
		h.onUI(func(a *App) { fail, end = walkStep(a, size, right, &asked) })
		if fail != "" {
			t.Fatal(fail)
		}
		if end {
			return
		}
	}
	t.Fatal("the run did not end in 400 moves")
}

// walkStep makes one move on the UI goroutine: answers the question on
// screen after checking the screen for spoilers, continues after an
// answer, or steps on. It reports a spoiler found, and the run's end.
func walkStep(a *App, size [2]int, right bool, asked *int) (fail string, end bool) {
	p := a.p
	switch p.State() {
	case player.Asking:
		q := p.Question()
		out, blocked := a.live.sess.Outcome()
		screen := mainText(a, size[0], size[1])
		for _, tok := range spoilers(p.Timeline().Events(), q.Step, out, blocked) {
			if holds(screen, tok) {
				return fmt.Sprintf("checkpoint %d (%q) asked at step %d: %q already on screen:\n%s",
					q.Index+1, q.Checkpoint.Question, q.Step-1, tok, screen), false
			}
		}
		*asked++
		a.answered(answerFor(p, q, right))
	case player.Answered:
		a.continueCheckpoint()
	default:
		if p.AtEnd() {
			return "", true
		}
		a.forward()
	}
	return "", false
}

// answerFor answers q right or wrong.
func answerFor(p *player.Player, q *player.Question, right bool) player.Do {
	if n := len(q.Checkpoint.Choices); n > 0 {
		i := q.Checkpoint.AnswerIndex
		if !right {
			i = (i + 1) % n
		}
		return p.Choose(i)
	}
	if right {
		return p.Answer(q.Expected)
	}
	return p.Answer("certainly not this")
}

// TestLessonTitleWaits: lesson 13's setup 2 (i3) is titled "passive
// range NOT forwarded"; the diagram's title keeps it for the run's end,
// and the status bar names no outcome while the checkpoint asks.
func TestLessonTitleWaits(t *testing.T) {
	course := shipped(t)
	var l *lessons.Lesson
	for _, c := range course {
		if c.ID == "debugging" {
			l = c
		}
	}
	if l == nil {
		t.Fatal("no lesson debugging")
	}
	rr := &realRuns{done: map[string]*Replay{}}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		s := tcell.NewSimulationScreen("")
		app := New(Options{Course: course, Store: storeAt(t, &lessons.Progress{Current: l.ID}), Screen: s, Start: rr.starter(t)})
		s.SetSize(size[0], size[1])
		h := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
		go func() { h.end <- app.Run() }()
		h.attached()
		h.rune(']')
		h.waitFor(" i3 │ PASV")
		h.attached()
		h.key(tcell.KeyEnd) // stops at the checkpoint
		scr := h.waitFor("Setup 2.")
		h.lacks(scr, "NOT forwarded", "run: refused", "run: ")
		h.rune('2')
		h.waitFor("✔ Correct.")
		h.key(tcell.KeyEnter)
		h.key(tcell.KeyEnd)
		if size[0] >= 120 {
			h.waitFor("NOT forwarded", "run: refused")
		}
		h.quit()
	}
}
