package tui

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/assets"
	"ftplab/lessons"
	"ftplab/sim"
)

// shipped loads the embedded lessons.
func shipped(t testing.TB) []*lessons.Lesson {
	t.Helper()
	sub, err := fs.Sub(assets.Lessons, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	ls, err := lessons.Load(sub)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// startCourse runs the lab with lessons and replayed runs; opts.Screen
// and opts.Start are filled in.
func startCourse(t *testing.T, opts Options, w, h int) *harness {
	t.Helper()
	s := tcell.NewSimulationScreen("")
	opts.Screen = s
	opts.Start = replayStarter(t)
	app := New(opts)
	s.SetSize(w, h)
	hs := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
	go func() { hs.end <- app.Run() }()
	t.Cleanup(hs.quit)
	hs.attached()
	return hs
}

// storeAt returns a store in a temporary directory, holding p.
func storeAt(t *testing.T, p *lessons.Progress) *lessons.Store {
	t.Helper()
	st := lessons.NewStore(t.TempDir())
	if p != nil {
		if err := st.Save(p); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// nthLabel returns the step (from 1) of the nth event labelled label in
// the scripted run of id in mode, and that event.
func nthLabel(t *testing.T, id string, mode sim.Mode, label string, nth int) (int, sim.Event) {
	t.Helper()
	_, r := scripted(t, id, mode)
	for i, e := range r.TL.Events() {
		if e.Label == label {
			if nth--; nth == 0 {
				return i + 1, e
			}
		}
	}
	t.Fatalf("%s/%s has no %s", id, mode, label)
	return 0, sim.Event{}
}

// onUI reads the app's state on the UI goroutine.
func (h *harness) onUI(f func(a *App)) {
	h.app.app.QueueUpdate(func() { f(h.app) })
}

// keyNow hands key k to the app's key handler on the UI goroutine and
// returns once it is handled. A key injected into the screen may still be
// on its way through tview's event queue when a later onUI or a call
// from another goroutine (Reveal) runs; a test that needs the key
// handled before that, and cannot see its effect, uses keyNow.
func (h *harness) keyNow(k tcell.Key) {
	h.onUI(func(a *App) { a.capture(tcell.NewEventKey(k, 0, tcell.ModNone)) })
}

func (h *harness) step() (step int) {
	h.onUI(func(a *App) { step = a.p.Step() })
	return step
}

func (h *harness) typeText(s string) {
	for _, r := range s {
		h.rune(r)
	}
}

// lacks fails when the screen holds any of bad.
func (h *harness) lacks(screen string, bad ...string) {
	h.t.Helper()
	for _, b := range bad {
		if strings.Contains(screen, b) {
			h.t.Errorf("screen holds %q too early:\n%s", b, screen)
		}
	}
}

// TestCheckpointChoice opens lesson 6 from the menu and steps to its
// first checkpoint: the question comes before the drop is shown; a right
// answer says so and explains; the lesson goes on in run b and finishes.
func TestCheckpointChoice(t *testing.T) {
	st := storeAt(t, nil)
	h := startCourse(t, Options{Course: shipped(t), Store: st}, 140, 40)
	h.waitFor("Two connections", "checkpoint 0/")
	h.rune('L')
	h.waitFor("lessons (Enter opens", "6. A firewall on the client")
	for range 5 {
		h.key(tcell.KeyDown)
	}
	h.key(tcell.KeyEnter)
	h.waitGone("lessons (Enter opens")
	h.waitFor("A firewall on the client breaks", "checkpoint 0/3", " c │ PORT")
	h.attached()

	drop, _ := nthLabel(t, "c", sim.ModePORT, sim.LabelFWDrop, 1)
	h.steps(drop)
	s := h.waitFor("stateful firewall", "2. drops it", fmt.Sprintf("step %d/", drop-1))
	h.lacks(s, "DROP by rule", "fw.drop", "Conntrack has no idea")
	if got := h.step(); got != drop-1 {
		t.Fatalf("step %d under the question, want %d (just before fw.drop)", got, drop-1)
	}
	h.rune(' ') // does not step past the question
	h.rune('2')
	h.waitFor("✔ Correct.", "Conntrack has no idea", "checkpoint 1/3")
	h.key(tcell.KeyEnter)
	s = h.waitFor("client-fw DROP by rule cli_in_new_DROP", fmt.Sprintf("step %d/", drop))
	h.lacks(s, "Conntrack has no idea")

	// reply.425: a wrong answer shows the right one.
	r425, _ := nthLabel(t, "c", sim.ModePORT, "reply.425", 1)
	h.steps(r425 - drop)
	h.waitFor("What does it tell the", fmt.Sprintf("step %d/", r425-1))
	h.rune('1')
	h.waitFor("✗ Not quite:", "The answer: 2. 425: it could not open", "checkpoint 2/3")
	h.rune(' ')
	h.key(tcell.KeyEnd)
	h.waitFor("]: next run b/PORT")

	h.rune(']')
	h.waitFor(" b │ PORT", "run 2/2")
	h.attached()
	dc, _ := nthLabel(t, "b", sim.ModePORT, sim.LabelDataConnect, 1)
	h.steps(dc)
	h.waitFor("stateless port rules", fmt.Sprintf("step %d/", dc-1))
	h.rune('1')
	h.waitFor("✔ Correct.", "✓ lesson finished", "checkpoint 3/3")
	h.key(tcell.KeyEscape)

	p, err := st.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !p.IsFinished("client-firewall") || p.Current != "client-firewall" {
		t.Errorf("progress %+v: want client-firewall current and finished", p)
	}
	for i, want := range []bool{true, false, true} {
		if a, ok := p.Answer("client-firewall", i); !ok || a.Correct != want {
			t.Errorf("answer %d = %+v, %v; want correct=%v", i, a, ok, want)
		}
	}
	h.rune('L')
	h.waitFor("✓  6. A firewall on the client")
}

// TestCheckpointTyped: lesson 3 asks for ports; an answer_from answer is
// read from the run's timeline.
func TestCheckpointTyped(t *testing.T) {
	st := storeAt(t, &lessons.Progress{Current: "active-mode"})
	h := startCourse(t, Options{Course: shipped(t), Store: st}, 120, 40)
	h.waitFor("Active mode with PORT", " a │ PORT")

	listen, _ := nthLabel(t, "a", sim.ModePORT, sim.LabelDataListen, 1)
	h.steps(listen)
	h.waitFor("who is about to listen")
	h.rune('1')
	h.waitFor("✔ Correct.")
	h.key(tcell.KeyEnter)
	h.waitFor("On which port will the client listen")
	h.rune('2')
	h.waitFor("✔ Correct.")
	h.key(tcell.KeyEnter)

	port, _ := nthLabel(t, "a", sim.ModePORT, "cmd.PORT", 1)
	h.steps(port - listen)
	h.waitFor("Who sends the PORT command?")
	h.rune('2')
	h.waitFor("✗ Not quite:")
	h.key(tcell.KeyEnter)
	h.waitFor("On which port does it listen?", "your answer:")
	h.typeText("5642")
	h.key(tcell.KeyEnter)
	h.waitFor("✗ Not quite:", "you answered \"5642\"", "The answer: 56423")
	h.key(tcell.KeyEnter)

	dc, ev := nthLabel(t, "a", sim.ModePORT, sim.LabelDataConnect, 1)
	want := strconv.Itoa(int(ev.To.Port()))
	h.steps(dc - port)
	s := h.waitFor("To which port of the", fmt.Sprintf("step %d/", dc-1))
	h.lacks(s, "The answer:")
	h.typeText(" " + want + " ")
	h.key(tcell.KeyEnter)
	h.waitFor("✔ Correct.", "The answer: "+want)
	// The second checkpoint at the same event comes next.
	h.key(tcell.KeyEnter)
	h.waitFor("from which source port", fmt.Sprintf("step %d/", dc-1))
	h.typeText("1")
	h.key(tcell.KeyEnter)
	h.waitFor("✗ Not quite:", "The answer: "+strconv.Itoa(int(ev.From.Port())))
	h.key(tcell.KeyEnter)
	h.waitFor(fmt.Sprintf("step %d/", dc))

	p, err := st.Load()
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := p.Answer("active-mode", 4); !ok || !a.Correct || strings.TrimSpace(a.Given) != want {
		t.Errorf("answer to checkpoint 5 = %+v, %v; want %s, correct", a, ok, want)
	}
}

// TestProgressResume: a new lab reopens the lesson at the step where the
// last one stopped; ResetProgress starts again at lesson 1.
func TestProgressResume(t *testing.T) {
	dir := t.TempDir()
	st := lessons.NewStore(dir)
	course := shipped(t)
	h := startCourse(t, Options{Course: course, Store: st}, 120, 40)
	h.waitFor("Two connections")
	h.rune('L')
	h.waitFor("lessons (Enter opens")
	for range 3 {
		h.key(tcell.KeyDown)
	}
	h.key(tcell.KeyEnter)
	h.waitGone("lessons (Enter opens")
	h.waitFor("Passive mode with PASV", " a │ PASV")
	h.attached()
	h.steps(3)
	h.waitFor("step 3/")
	h.quit()
	p, err := st.Load()
	if err != nil {
		t.Fatal(err)
	}
	if p.Current != "passive-mode" || p.Step != 3 {
		t.Fatalf("saved %+v, want passive-mode at step 3", p)
	}

	h2 := startCourse(t, Options{Course: course, Store: lessons.NewStore(dir)}, 120, 40)
	h2.waitFor("Passive mode with PASV", "step 3/", "checkpoint 0/3")
	h2.quit()

	h3 := startCourse(t, Options{Course: course, Store: lessons.NewStore(dir), ResetProgress: true}, 120, 40)
	h3.waitFor("Two connections", "step 0/")
	h3.quit()
	if p, _ := st.Load(); p.Current != "two-connections" || p.Step != 0 || len(p.Finished) > 0 {
		t.Errorf("after reset: %+v", p)
	}
}

// TestBrokenLessonListed: a teacher's folder with a broken lesson; the
// menu shows file:line and the good lesson still opens.
func TestBrokenLessonListed(t *testing.T) {
	dir := t.TempDir()
	good, err := fs.ReadFile(assets.Lessons, "lessons/03-active-mode.md")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "good.md"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	broken := "---\nid: broken\ntitle: [unclosed\norder: 2\n---\n# Broken\n"
	if err := os.WriteFile(filepath.Join(dir, "broken.md"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	course, err := lessons.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	h := startCourse(t, Options{Course: course, Store: storeAt(t, nil)}, 120, 40)
	h.waitFor("Active mode with PORT")
	h.rune('L')
	h.waitFor("✗ broken.md:3:", "3. Active mode with PORT")
	h.key(tcell.KeyUp)
	h.key(tcell.KeyEnter)         // the broken one: says why, opens nothing
	h.waitFor("\n broken.md:3: ") // first on the status bar
	h.key(tcell.KeyDown)
	h.key(tcell.KeyEnter)
	h.waitGone("lessons (Enter opens", "broken.md:3:")
	h.waitFor("Active mode with PORT", " a │ PORT", "step 0/")
	h.attached()
	h.rune(' ')
	h.waitFor("step 1/")
}

// waitGone polls the screen until it holds none of gone.
func (h *harness) waitGone(gone ...string) {
	h.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		var s string
		h.app.app.QueueUpdateDraw(func() {})
		h.app.app.QueueUpdate(func() { s = h.text() })
		left := ""
		for _, g := range gone {
			if strings.Contains(s, g) {
				left = g
			}
		}
		if left == "" {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("screen still holds %q:\n%s", left, s)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestPresentHidesAnswer: the teacher's mode shows the question, reveals
// the answer on a key and records nothing.
func TestPresentHidesAnswer(t *testing.T) {
	st := storeAt(t, &lessons.Progress{Current: "client-firewall"})
	h := startCourse(t, Options{Course: shipped(t), Store: st, Present: true}, 120, 40)
	if h.app.theme.Name != "projector" {
		t.Errorf("theme %q, want projector", h.app.theme.Name)
	}
	h.waitFor("A firewall on the client breaks")
	drop, _ := nthLabel(t, "c", sim.ModePORT, sim.LabelFWDrop, 1)
	h.steps(drop)
	s := h.waitFor("stateful firewall", "The class answers aloud")
	h.lacks(s, "The answer:", "Conntrack has no idea", "DROP by rule")
	h.rune('2') // no answering in the teacher's mode
	h.key(tcell.KeyEnter)
	h.waitFor("The answer: 2. drops it", "Conntrack has no idea")
	h.key(tcell.KeyEnter)
	h.waitFor("DROP by rule", fmt.Sprintf("step %d/", drop))
	p, err := st.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Answers) > 0 {
		t.Errorf("the teacher's mode recorded %+v", p.Answers)
	}
}

// TestLessonOverrides: a lesson's overrides reach the run it starts (here
// i1 announcing the router's public address, as scenario i3 does), and
// the run restarted with r keeps them.
func TestLessonOverrides(t *testing.T) {
	dir := t.TempDir()
	src := "---\nid: o\ntitle: Announced address\norder: 1\nscenario: i1\nmode: PASV\n" +
		"overrides:\n  pasv_address: 203.0.113.1\n---\n# Announced address\n"
	if err := os.WriteFile(filepath.Join(dir, "o.md"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	course, err := lessons.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan sim.Scenario, 4)
	s := tcell.NewSimulationScreen("")
	replay := replayStarter(t)
	app := New(Options{Course: course, Store: storeAt(t, nil), Screen: s,
		Start: func(ctx context.Context, run sim.Run) (Session, error) {
			sc, err := run.Resolve(catalogue)
			if err != nil {
				return nil, err
			}
			got <- sc
			return replay(ctx, run)
		}})
	s.SetSize(120, 40)
	h := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
	go func() { h.end <- app.Run() }()
	t.Cleanup(h.quit)
	for i, what := range []string{"the lesson's run", "the run restarted with r"} {
		if i > 0 {
			h.attached()
			h.waitFor("step 0/")
			h.rune('r')
		}
		select {
		case sc := <-got:
			if sc.ID != "i1" || sc.Announced().String() != "203.0.113.1" {
				t.Fatalf("%s started with %s announcing %s", what, sc.ID, sc.Announced())
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s did not start", what)
		}
	}
}

// TestBrokenRunOpens: a lesson naming an unknown scenario, mode or
// override, first in the folder or the one the student was on, does not
// crash the lab (it did: a nil model in New, even without a terminal): the
// lab opens with the problem on the status bar and the lesson marked ✗
// in the menu, as lessons check would report it.
func TestBrokenRunOpens(t *testing.T) {
	good, err := fs.ReadFile(assets.Lessons, "lessons/03-active-mode.md")
	if err != nil {
		t.Fatal(err)
	}
	head := "---\nid: broken\ntitle: Broken run\norder: 1\n"
	for i, c := range []struct {
		front   string // the broken lesson's scenario, mode, overrides
		current string // the lesson the student was on
		want    string // on screen
	}{
		{"scenario: zz\nmode: PASV\n", "", `broken.md:5: unknown scenario "zz"`},
		{"scenario: a\nmode: passive\n", "broken", `broken.md:6: unknown mode "passive"`},
		{"scenario: i1\nmode: PASV\noverrides:\n  pasv_address: nowhere\n", "broken", `broken.md:7: override pasv_address: "nowhere"`},
		{"scenario: i1\nmode: PASV\noverrides:\n  colour: red\n", "", `broken.md:7: unknown override "colour"`},
	} {
		dir := t.TempDir()
		src := head + c.front + "---\n# Broken\n"
		for name, b := range map[string][]byte{"broken.md": []byte(src), "good.md": good} {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		course, err := lessons.Load(os.DirFS(dir))
		if err != nil {
			t.Fatal(err)
		}
		var h *harness
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("#%d: the lab panicked: %v", i, r)
				}
			}()
			h = startCourse(t, Options{Course: course, Store: storeAt(t, &lessons.Progress{Current: c.current})}, 300, 40) // wide: a problem lists every override key
		}()
		h.waitFor("✗ "+c.want, "(L lists the lessons)")
		if c.current != "" {
			// the lesson the student was on: the menu is open on it
			h.waitFor("lessons (Enter opens", "✗ "+c.want, "3. Active mode with PORT")
		} else {
			// a new student: the first good lesson opens
			h.waitFor("Active mode with PORT", " a │ PORT")
			h.rune('L')
			h.waitFor("lessons (Enter opens", "✗ "+c.want)
		}
		if !strings.Contains(course[0].Err().Error(), c.want) {
			t.Errorf("#%d: lesson problems %v, want %q", i, course[0].Err(), c.want)
		}
		h.quit()
	}
}
