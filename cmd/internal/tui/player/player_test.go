package player

import (
	"slices"
	"strings"
	"testing"

	"ftplab/cmd/internal/tui/internal/scripted"
	"ftplab/lessons"
	"ftplab/sim"
)

// lesson parses a lesson of scenario/mode whose checkpoints are given as
// front-matter lines (each starting "  - at: ...").
func lesson(t *testing.T, scenario string, mode sim.Mode, extra, checkpoints string) *lessons.Lesson {
	t.Helper()
	src := "---\nid: t\ntitle: Test lesson\norder: 1\nscenario: " + scenario + "\nmode: " + string(mode) + "\n" + extra +
		"rfcs: [RFC 959 §3.2]\ncheckpoints:\n" + checkpoints + "---\n# Test\n"
	l := lessons.Parse("t.md", []byte(src))
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	return l
}

// choice is a two-choice checkpoint at label (answer: 2).
func choice(label string) string {
	return "  - at: " + label + "\n    question: Q " + label + "?\n    choices: [one, two]\n    answer: 2\n"
}

// timeline is the scripted timeline of scenario id in mode.
func timeline(t *testing.T, id string, mode sim.Mode) *sim.Timeline {
	t.Helper()
	r, err := scripted.Run(id, mode)
	if err != nil {
		t.Fatal(err)
	}
	return r.Timeline
}

// opened returns a player with l open, its main run started.
func opened(t *testing.T, l *lessons.Lesson, progress *lessons.Progress, present bool) *Player {
	t.Helper()
	p := New(progress, present)
	run, _, _ := p.Open(l, 0)
	p.Start(run)
	return p
}

// TestStopsBeforeCheckpoint: over recorded timelines, stepping forward
// (one by one, by a jump to the end, or playing) stops one step before
// the checkpoint's event, asks, and shows the event only after Continue.
func TestStopsBeforeCheckpoint(t *testing.T) {
	type move func(p *Player) Do
	fwd := func(p *Player) Do { return p.Forward() }
	end := func(p *Player) Do { return p.JumpTo(p.Timeline().Len()) }
	play := func(p *Player) Do {
		if !p.Playing() {
			p.TogglePlay()
		}
		return p.PlayTick()
	}
	for _, c := range []struct {
		id    string
		mode  sim.Mode
		label string
		how   move
	}{
		{"a", sim.ModePASV, "reply.227", fwd},
		{"a", sim.ModePASV, "reply.227", end},
		{"a", sim.ModePASV, "data.connect", play},
		{"c", sim.ModePORT, "fw.drop", fwd},
		{"c", sim.ModePORT, "reply.425", end},
		{"e", sim.ModePASV, "timeout", play},
		{"b", sim.ModePORT, "data.accept", end},
	} {
		name := c.id + "/" + string(c.mode) + "@" + c.label
		tl := timeline(t, c.id, c.mode)
		at := slices.Index(tl.Labels(), c.label) + 1
		if at == 0 {
			t.Fatalf("%s: no %s in %v", name, c.label, tl.Labels())
		}
		p := opened(t, lesson(t, c.id, c.mode, "", choice(c.label)), nil, false)
		p.End(tl, "ok", "-")
		var asked Do
		for range tl.Len() + 1 {
			if asked = c.how(p); asked.Ask {
				break
			}
		}
		if !asked.Ask || p.State() != Asking || p.Step() != at-1 || p.Seen() != at-1 {
			t.Fatalf("%s: ask %v state %v at step %d (seen %d), want Asking at %d", name, asked.Ask, p.State(), p.Step(), p.Seen(), at-1)
		}
		if p.Playing() {
			t.Errorf("%s: still playing at a checkpoint", name)
		}
		// stopped is a state: no move passes it
		p.Forward()
		p.JumpTo(tl.Len())
		p.Back()
		p.TogglePlay()
		p.PlayTick()
		if p.Step() != at-1 || p.State() != Asking || p.Playing() {
			t.Errorf("%s: moved to step %d (state %v, playing %v) past an unanswered question", name, p.Step(), p.State(), p.Playing())
		}
		q := p.Question()
		if q.Step != at || q.Checkpoint.At != c.label {
			t.Errorf("%s: question about step %d %s, want %d %s", name, q.Step, q.Checkpoint.At, at, c.label)
		}
		if d := p.Choose(1); !d.Save || p.State() != Answered || !q.Correct || q.Given != "two" {
			t.Errorf("%s: Choose(1): %+v state %v correct %v given %q", name, d, p.State(), q.Correct, q.Given)
		}
		p.Continue()
		if p.State() != Free || p.Step() != at {
			t.Errorf("%s: after Continue state %v step %d, want Free at %d", name, p.State(), p.Step(), at)
		}
		// asked once per run: back and forward again passes
		p.Back()
		if d := p.Forward(); d.Ask || p.Step() != at {
			t.Errorf("%s: asked twice in one run", name)
		}
	}
}

// TestLiveRun: on a live run the player releases one operation per step
// at the live end, takes the lab's growing snapshots, and when a released
// operation's event is a checkpoint's, asks before showing it.
func TestLiveRun(t *testing.T) {
	for _, c := range []struct {
		id    string
		mode  sim.Mode
		label string
	}{
		{"a", sim.ModePASV, "reply.227"},
		{"c", sim.ModePORT, "fw.drop"},
		{"b", sim.ModePORT, "data.accept"},
	} {
		res, err := scripted.Run(c.id, c.mode)
		if err != nil {
			t.Fatal(err)
		}
		full, snaps := res.Timeline, res.Snapshots
		at := slices.Index(full.Labels(), c.label) + 1
		p := opened(t, lesson(t, c.id, c.mode, "", choice(c.label)), nil, false)
		asked, releases := 0, 0
		var apply func(d Do)
		apply = func(d Do) {
			if d.Ask {
				asked++
				if p.Step() != at-1 || p.Seen() != at-1 || p.State() != Asking {
					t.Fatalf("%s: asked at step %d (seen %d), want %d", c.label, p.Step(), p.Seen(), at-1)
				}
			}
			if !d.Release {
				return
			}
			releases++
			if len(snaps) == 0 {
				apply(p.End(full, res.Outcome, "-"))
				return
			}
			tl := snaps[0]
			snaps = snaps[1:]
			apply(p.Update(tl))
		}
		for guard := 0; !p.AtEnd() && guard < 10*full.Len(); guard++ {
			if asked == 0 && p.Seen() >= at {
				t.Fatalf("%s: event %d on screen before its question", c.label, p.Seen())
			}
			if p.State() != Free {
				apply(p.Choose(1))
				apply(p.Continue())
				continue
			}
			apply(p.Forward())
		}
		if !p.AtEnd() || asked != 1 || p.Step() != full.Len() || releases == 0 {
			t.Errorf("%s: at end %v, asked %d times, step %d of %d, %d releases", c.label, p.AtEnd(), asked, p.Step(), full.Len(), releases)
		}
	}
}

// TestResume: a resumed lesson goes back to the step where the student
// stopped without asking the checkpoints answered before; an unanswered
// one on the way stops it.
func TestResume(t *testing.T) {
	tl := timeline(t, "a", sim.ModePASV)
	l := lesson(t, "a", sim.ModePASV, "", choice("cmd.PASV")+choice("data.connect"))
	pasv := slices.Index(tl.Labels(), "cmd.PASV") + 1
	dc := slices.Index(tl.Labels(), "data.connect") + 1
	for i, c := range []struct {
		answered []int
		stop     int
		want     int
		state    State
	}{
		{nil, 5, 5, Free},
		{nil, dc + 2, pasv - 1, Asking},
		{[]int{0}, dc + 2, dc - 1, Asking},
		{[]int{0, 1}, dc + 2, dc + 2, Free},
	} {
		pr := &lessons.Progress{Current: "t", Step: c.stop}
		for _, a := range c.answered {
			pr.Record("t", lessons.Answer{Checkpoint: a, Given: "two", Correct: true})
		}
		p := New(pr, false)
		got, resumed, _ := p.Pick([]*lessons.Lesson{l})
		if got != l || !resumed {
			t.Fatalf("#%d: Pick = %v resumed %v", i, got, resumed)
		}
		run, _, _ := p.Open(l, 0)
		p.Start(run)
		p.Resume()
		p.Attach(tl)
		if p.Step() != c.want || p.State() != c.state {
			t.Errorf("#%d: resumed at step %d state %v, want %d %v", i, p.Step(), p.State(), c.want, c.state)
		}
	}
}

// TestRestartKeepsOverrides: r restarts the lesson's run with its
// overrides and script; another mode of the lesson keeps the lesson; a
// run outside it leaves it.
func TestRestartKeepsOverrides(t *testing.T) {
	l := lesson(t, "i1", sim.ModePASV, "overrides:\n  pasv_address: 203.0.113.1\nscript: [NOOP]\n",
		choice("reply.227")+"  - at: data.connect\n    mode: EPSV\n    question: Where?\n    choices: [here, there]\n    answer: 1\n")
	p := opened(t, l, nil, false)
	for i, c := range []struct {
		id        string
		mode      sim.Mode
		overrides bool
		msg       string
		lesson    bool
	}{
		{"i1", sim.ModePASV, true, "", true},
		{"I1", sim.ModePASV, true, "", true},
		{"i1", sim.ModeEPSV, false, "", true},
		{"i1", sim.ModePASV, true, "", true},
		{"a", sim.ModePASV, false, `left the lesson "Test lesson": L reopens it`, false},
		{"a", sim.ModePASV, false, "", false},
	} {
		run, msg := p.Restart(c.id, c.mode)
		p.Start(run)
		if got := run.Overrides["pasv_address"] == "203.0.113.1"; got != c.overrides || msg != c.msg || (p.Lesson() != nil) != c.lesson {
			t.Errorf("#%d: Restart(%s, %s) = %v %q, lesson %v; want overrides %v, %q, lesson %v", i, c.id, c.mode, run, msg, p.Lesson() != nil, c.overrides, c.msg, c.lesson)
		}
		if c.overrides {
			sc, err := run.Resolve(scripted.Catalogue())
			if err != nil || sc.Announced().String() != "203.0.113.1" || !slices.Equal(run.Script, []string{"NOOP"}) {
				t.Errorf("#%d: restarted run announces %v (%v), script %v", i, sc.Announced(), err, run.Script)
			}
		}
	}
}

// TestFinishAndNext: the main run's end finishes a lesson whose
// checkpoints are all answered; otherwise it says where the lesson goes
// on. The teacher's mode reveals answers and records nothing.
func TestFinishAndNext(t *testing.T) {
	tl := timeline(t, "a", sim.ModePASV)
	other := "  - at: data.connect\n    mode: EPSV\n    question: Where?\n    choices: [here, there]\n    answer: 1\n"
	for i, c := range []struct {
		checkpoints string
		present     bool
		finished    bool
		msg         string
	}{
		{choice("reply.227"), false, true, "✓ lesson finished: N next lesson"},
		{choice("reply.227") + other, false, false, "next: ] runs a/EPSV"},
		{choice("reply.227"), true, false, "checkpoints left unanswered: r runs the lesson again"},
	} {
		l := lesson(t, "a", sim.ModePASV, "", c.checkpoints)
		p := opened(t, l, nil, c.present)
		p.End(tl, "ok", "-")
		var d Do
		for range tl.Len() + 2 {
			d = d.and(p.JumpTo(tl.Len()))
			switch {
			case c.present && p.State() == Asking:
				if p.Choose(1).Save || p.State() != Asking {
					t.Errorf("#%d: the teacher's mode took an answer", i)
				}
				d = d.and(p.Reveal())
			case p.State() == Asking:
				d = d.and(p.Choose(1))
			}
			if p.State() == Answered {
				d = d.and(p.Continue())
			}
		}
		if fin := p.Progress().IsFinished("t"); fin != c.finished || d.Msg != c.msg {
			t.Errorf("#%d: finished %v msg %q, want %v %q", i, fin, d.Msg, c.finished, c.msg)
		}
		if c.present && len(p.Progress().Answers) > 0 {
			t.Errorf("#%d: the teacher's mode recorded %v", i, p.Progress().Answers)
		}
		if c.present && !p.Answered(0) {
			t.Errorf("#%d: a revealed checkpoint does not count as answered on screen", i)
		}
	}
}

// TestTypedAnswerFromTimeline: an answer_from checkpoint reads its answer
// from the run and compares the typed text ignoring case and spaces.
func TestTypedAnswerFromTimeline(t *testing.T) {
	tl := timeline(t, "a", sim.ModePASV)
	l := lesson(t, "a", sim.ModePASV, "", "  - at: data.connect\n    question: Which port?\n    answer_from: reply.227.line\n")
	for i, c := range []struct {
		given   func(exp string) string
		correct bool
	}{
		{func(e string) string { return "  " + strings.ToLower(e) + " " }, true},
		{func(string) string { return "21" }, false},
	} {
		p := opened(t, l, nil, false)
		p.End(tl, "ok", "-")
		p.JumpTo(tl.Len())
		q := p.Question()
		if q == nil || !q.Known || !strings.HasPrefix(q.Expected, "227 ") {
			t.Fatalf("#%d: question %+v, want the 227 line as the answer", i, q)
		}
		p.Answer(c.given(q.Expected))
		if q.Correct != c.correct || p.State() != Answered {
			t.Errorf("#%d: correct %v state %v, want %v Answered", i, q.Correct, p.State(), c.correct)
		}
	}
}

// TestFullSpeedFollows: playing at full speed follows the live run's
// newest event and stops at the end.
func TestFullSpeedFollows(t *testing.T) {
	res, err := scripted.Run("a", sim.ModePASV)
	if err != nil {
		t.Fatal(err)
	}
	full, mid := res.Timeline, res.Snapshots[6]
	p := New(nil, false)
	p.Start(sim.Run{Scenario: "a", Mode: sim.ModePASV})
	p.SetSpeed(len(Speeds))
	p.TogglePlay()
	if !p.Full() || p.Interval() != 0 {
		t.Fatalf("full %v interval %v", p.Full(), p.Interval())
	}
	p.Update(mid)
	if p.Step() != mid.Len() || !p.Playing() {
		t.Errorf("step %d playing %v, want %d and playing", p.Step(), p.Playing(), mid.Len())
	}
	p.End(full, "ok", "-")
	if p.Step() != full.Len() || p.Playing() {
		t.Errorf("at the end: step %d playing %v, want %d and stopped", p.Step(), p.Playing(), full.Len())
	}
}

// TestHintFollowsRun: the lesson's hint of where it goes on is said in
// its main run once that run has ended, names the run where a question
// waits, is silent in that other run (it would talk about a run not on
// screen), and says the lesson is finished once the question there is
// answered, in every run.
func TestHintFollowsRun(t *testing.T) {
	other := "  - at: data.connect\n    mode: EPSV\n    question: Where?\n    choices: [here, there]\n    answer: 1\n"
	l := lesson(t, "a", sim.ModePASV, "", choice("reply.227")+other)
	p := opened(t, l, nil, false)
	// play run r to its end, answering every question
	play := func(r sim.Run) {
		tl := timeline(t, r.Scenario, r.Mode)
		p.End(tl, "ok", "-")
		for range tl.Len() + 2 {
			p.JumpTo(tl.Len())
			if p.State() == Asking {
				p.Choose(1)
			}
			if p.State() == Answered {
				p.Continue()
			}
		}
	}
	if h := p.Hint(); h != "" {
		t.Errorf("before the main run's end: hint %q", h)
	}
	play(p.Run())
	if h, want := p.Hint(), "The lesson goes on in run a/EPSV, where checkpoint 2 waits: press ] to switch to it."; h != want {
		t.Errorf("at the main run's end: hint %q, want %q", h, want)
	}
	r, _, ok := p.SwitchRun(1)
	if !ok {
		t.Fatal("no second run")
	}
	p.Start(r)
	if h := p.Hint(); h != "" {
		t.Errorf("in run a/EPSV, before its question: hint %q, want none", h)
	}
	play(r)
	for range 2 {
		if h := p.Hint(); !strings.HasPrefix(h, "✓ Lesson finished") {
			t.Errorf("run %s after the last answer: hint %q, want the lesson finished", p.Run(), h)
		}
		r, _, _ = p.SwitchRun(1)
		p.Start(r)
	}
}
