package tui

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"

	"ftplab/assets"
	script "ftplab/cmd/internal/tui/internal/scripted"
	"ftplab/sim"
)

// startWhatIf runs the lab on scenario id with scripted runs, also of
// scenarios the what-if edits (StartIn).
func startWhatIf(t *testing.T, id string, mode sim.Mode, w, h int) *harness {
	t.Helper()
	return startWhatIfRun(t, sim.Run{Scenario: id, Mode: mode}, w, h, false)
}

// startWhatIfRun is startWhatIf of run; resolved: its own runs too are
// resolved (with their overrides), not replays of the scenario's.
func startWhatIfRun(t *testing.T, run sim.Run, w, h int, resolved bool) *harness {
	t.Helper()
	s := tcell.NewSimulationScreen("")
	startIn := func(cat *sim.Catalogue) Starter {
		return func(_ context.Context, run sim.Run) (Session, error) {
			sc, err := run.Resolve(cat)
			if err != nil {
				return nil, err
			}
			res, err := script.RunScenario(sc, run.Mode)
			if err != nil {
				return nil, err
			}
			r := NewReplay(res.Timeline, res.Outcome, "-")
			r.Size = scriptFileSize
			return r, nil
		}
	}
	start := replayStarter(t)
	if resolved {
		start = startIn(catalogue)
	}
	app := New(Options{Run: run, Start: start, StartIn: startIn, Screen: s})
	s.SetSize(w, h)
	hs := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
	go func() { hs.end <- app.Run() }()
	t.Cleanup(hs.quit)
	hs.attached()
	return hs
}

// firstLabel is the step of tl's first event labelled label.
func firstLabel(t *testing.T, tl *sim.Timeline, label string) int {
	t.Helper()
	if i := indexOf(tl.Labels(), label); i >= 0 {
		return i + 1
	}
	t.Fatalf("no %s in the timeline", label)
	return 0
}

var whatIfSizes = [][2]int{{80, 24}, {120, 40}}

// TestWhatIfDecidingRule: in c/PORT the client's rule at line 38 drops
// the server's data connection. The pane marks it at the step that shows
// the drop, not at the step before, and not once a later step is shown.
func TestWhatIfDecidingRule(t *testing.T) {
	_, r := scripted(t, "c", sim.ModePORT)
	drop := firstLabel(t, r.TL, sim.LabelFWDrop)
	const marked = "▶  38     counter drop"
	for _, size := range whatIfSizes {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			h := startWhatIf(t, "c", sim.ModePORT, size[0], size[1])
			h.rune('R')
			h.waitFor("rulesets", "client · client-fw", "  27 table inet")
			h.steps(drop - 1)
			s := h.waitFor(fmt.Sprintf("step %d/", drop-1))
			h.lacks(s, marked)
			h.lacks(s, "line 38")
			h.rune(' ')
			h.waitFor(fmt.Sprintf("step %d/", drop), marked, fmt.Sprintf("step %d: client-fw line 38", drop))
			h.key(tcell.KeyEnd)
			s = h.waitFor(fmt.Sprintf("step %d/%d", r.TL.Len(), r.TL.Len()))
			h.lacks(s, marked)
			h.rune('R')
			h.waitGone("client · client-fw")
		})
	}
}

// TestWhatIfRerunFlips: turning off the rule that decided (c: the
// client's drop of new inbound connections; f: the server's assignment
// of the FTP helper) and rerunning shows both runs with their verdicts,
// the edited one flipped.
func TestWhatIfRerunFlips(t *testing.T) {
	cases := []struct {
		id           string
		mode         sim.Mode
		size         [2]int
		down         int // j presses from the first line (-1: step to the drop)
		line, change string
		was, now     string
	}{
		{"c", sim.ModePORT, whatIfSizes[0], -1, "  38*    # counter drop", "client line 38 off", "✘ run: ", "✔ run: ok"},
		{"c", sim.ModePORT, whatIfSizes[1], -1, "  38*    # counter drop", "client line 38 off", "✘ run: ", "✔ run: ok"},
		{"f", sim.ModePASV, whatIfSizes[0], 4, "  30*    # tcp dport 21 ct helper", "server line 30 off", "✔ run: ok", "✘ run: "},
		{"f", sim.ModePASV, whatIfSizes[1], 4, "  30*    # tcp dport 21 ct helper", "server line 30 off", "✔ run: ok", "✘ run: "},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.id, tc.size), func(t *testing.T) {
			_, orig := scripted(t, tc.id, tc.mode)
			h := startWhatIf(t, tc.id, tc.mode, tc.size[0], tc.size[1])
			h.rune('R')
			h.waitFor("rulesets")
			if tc.down < 0 {
				h.steps(firstLabel(t, orig.TL, sim.LabelFWDrop))
				h.waitFor("▶  38")
			}
			for range max(tc.down, 0) {
				h.rune('j')
			}
			h.rune('o')
			h.waitFor(tc.line)
			h.key(tcell.KeyEnter)
			s := h.waitFor(fmt.Sprintf(" %s/%s · step %d · %s", tc.id, tc.mode, orig.TL.Len(), tc.was),
				fmt.Sprintf(" %s'/%s · step ", tc.id, tc.mode), tc.now, "what-if: "+tc.change)
			h.lacks(s, "client · client-fw")
			h.lacks(s, "server · server-fw")
			h.rune('X')
			h.waitGone(tc.id + "'/")
			h.rune('R') // the edit is kept in memory
			h.waitFor(tc.line)
		})
	}
}

// TestWhatIfInvalidEdit: a line that does not parse shows sim's error
// with its file:line:col as it is typed, and Enter does not apply it.
func TestWhatIfInvalidEdit(t *testing.T) {
	for _, size := range whatIfSizes {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			h := startWhatIf(t, "c", sim.ModePORT, size[0], size[1])
			h.rune('R')
			h.waitFor("rulesets")
			for range 11 {
				h.rune('j')
			}
			h.rune('e')
			h.waitFor(`client line 38:     counter drop comment "cli_in_new_DROP"`)
			for i, r := range " bogus" {
				h.rune(r)
				if i == 2 {
					h.waitFor(`"cli_in_new_DROP" b`)
				}
			}
			h.waitFor("c.md:38:44: ")
			h.key(tcell.KeyEnter)
			h.waitFor("not applied: c.md:38:44")
			h.key(tcell.KeyEscape)
			s := h.waitFor("  38     counter drop", "what-if")
			h.lacks(s, "c.md:38:44")
			var changes []string
			h.app.app.QueueUpdate(func() { changes = h.app.wi.m.changes() })
			if len(changes) > 0 {
				t.Errorf("an invalid edit was applied: %v", changes)
			}
			h.key(tcell.KeyEnter) // rerun: nothing changed
			h.waitFor("no change to rerun")
		})
	}
}

// TestWhatIfModel: the changes' words, and an edit that leaves a
// ruleset without its closing brace refused.
func TestWhatIfModel(t *testing.T) {
	sf, _ := catalogue.File("f")
	m := newWhatIf(sf)
	m.cursor = m.index("server-fw", 30)
	if err := m.toggle(); err != nil {
		t.Fatal(err)
	}
	m.cursor = m.index("server-fw", 45)
	if !strings.HasPrefix(m.current(), "}") {
		t.Fatalf("line 45 is %q, want }", m.current())
	}
	if err := m.toggle(); err == nil {
		t.Error("commenting out the table's } was applied")
	}
	m.cursor = m.index("server-fw", 43)
	if err := m.set(`    counter reject comment "srv_out_all"`); err != nil {
		t.Fatal(err)
	}
	got := summary(m.changes())
	if want := "server line 30 off, server line 43 edited"; got != want {
		t.Errorf("changes %q, want %q", got, want)
	}
	m.cursor = m.index("server-fw", 30)
	if err := m.toggle(); err != nil {
		t.Fatal(err)
	}
	if got := summary(m.changes()); got != "server line 43 edited" {
		t.Errorf("after turning line 30 back on: %q", got)
	}
}

// TestWhatIfWrite: W writes the edited scenario to the file named (the
// shipped file with the edited line and the file's id), which parses,
// and never overwrites a file.
func TestWhatIfWrite(t *testing.T) {
	t.Chdir(t.TempDir())
	h := startWhatIf(t, "c", sim.ModePORT, 80, 24)
	h.rune('R')
	h.waitFor("rulesets")
	for range 11 {
		h.rune('j')
	}
	h.rune('o')
	h.waitFor("  38*    # counter drop")
	h.rune('W')
	h.waitFor("write the edited scenario to: c-whatif.md")
	h.key(tcell.KeyEnter)
	h.waitFor("wrote c-whatif.md")
	got, err := os.ReadFile("c-whatif.md")
	if err != nil {
		t.Fatal(err)
	}
	want, err := fs.ReadFile(assets.ScenarioFS(), "c.md")
	if err != nil {
		t.Fatal(err)
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	if len(gl) != len(wl) {
		t.Fatalf("%d lines written, the file has %d", len(gl), len(wl))
	}
	for i := range gl {
		switch {
		case i+1 == 2 && gl[i] != "id: c-whatif":
			t.Errorf("line 2 %q, want the file's id", gl[i])
		case i+1 == 38 && gl[i] != `    # counter drop comment "cli_in_new_DROP"`:
			t.Errorf("line 38 %q, want it commented out", gl[i])
		case i+1 != 2 && i+1 != 38 && gl[i] != wl[i]:
			t.Errorf("line %d changed: %q, was %q", i+1, gl[i], wl[i])
		}
	}
	if _, err := sim.ParseScenario("c-whatif.md", got); err != nil {
		t.Errorf("the file written does not parse: %v", err)
	}
	h.rune('W')
	h.waitFor("write the edited scenario to: c-whatif.md")
	h.key(tcell.KeyEnter)
	h.waitFor("not written: open c-whatif.md: file", "exists")
}

// TestWhatIfWaitsInLesson: in a lesson the rulesets (their rules' names
// are what its questions ask about) show only at the run's end.
func TestWhatIfWaitsInLesson(t *testing.T) {
	h := startCourse(t, Options{Course: shipped(t), Store: storeAt(t, nil)}, 120, 40)
	h.waitFor("checkpoint 0/")
	h.rune('R')
	s := h.waitFor("rulesets show at the run's end")
	h.lacks(s, "rulesets ·")
}

// TestWhatIfNarrowPane: at 80x24 the pane is 38 cells wide. Its title
// still names the key that reruns, and the line under the cursor shows
// whole, wrapped at a space under it, while the other lines are cut.
func TestWhatIfNarrowPane(t *testing.T) {
	_, r := scripted(t, "c", sim.ModePORT)
	drop := firstLabel(t, r.TL, sim.LabelFWDrop)
	h := startWhatIf(t, "c", sim.ModePORT, 80, 24)
	h.rune('R')
	h.waitFor("rulesets: o off e edit Enter rerun")
	h.steps(drop)
	s := h.waitFor(fmt.Sprintf("step %d/", drop), "▶  38     counter drop comment ")
	h.waitFor(`║       "cli_in_new_DROP"`)
	h.lacks(s, "drop comment \"cli_in…")
	h.key(tcell.KeyUp) // line 37 is now the cursor's, whole; 38 is not
	s = h.waitFor(`║       drop comment "cli_in_invalid_DR`)
	h.lacks(s, `║       "cli_in_new_DROP"`)
	h.s.SetSize(120, 40) // 58 cells: every key but ↑↓
	h.waitFor("rulesets: o off/on e edit u undo Enter rerun W write")
}

// TestWhatIfShowsOverriddenRules: a run with router_policy=reject (or
// helper=off) uses the rulesets as the setting edited them; the pane
// shows that text, marks its reject at the step, and the rerun of an
// edit does not apply the setting a second time.
func TestWhatIfShowsOverriddenRules(t *testing.T) {
	run := sim.Run{Scenario: "i1", Mode: sim.ModePASV, Overrides: map[string]string{"router_policy": "reject"}}
	sc, err := run.Resolve(catalogue)
	if err != nil {
		t.Fatal(err)
	}
	res, err := script.RunScenario(sc, run.Mode)
	if err != nil {
		t.Fatal(err)
	}
	reject := firstLabel(t, res.Timeline, sim.LabelFWReject)
	h := startWhatIfRun(t, run, 120, 40, true)
	h.rune('R')
	h.waitFor("router · router-fw · as router_policy=reject made it")
	h.steps(reject)
	h.waitFor(fmt.Sprintf("step %d/", reject), "▶  46     counter reject comment", "router-fw line 46 → reject")
	h.rune('o')
	h.key(tcell.KeyEnter)
	h.waitFor("i1'/PASV", "✔ run: ok", "router line 46 off")

	off := startWhatIfRun(t, sim.Run{Scenario: "f", Mode: sim.ModePASV, Overrides: map[string]string{"helper": "off"}}, 120, 40, true)
	off.rune('R')
	s := off.waitFor("as helper=off made it", `# ct helper ftp-std`, `tcp dport 21 counter comment`)
	off.lacks(s, `ct helper set "ftp-std"`)
}

// TestWhatIfNoRuleset: in a scenario where no host filters, what the
// pane cannot do (turn a line off, write the scenario) says why in the
// pane, as it would under the cursor's line.
func TestWhatIfNoRuleset(t *testing.T) {
	t.Chdir(t.TempDir())
	h := startWhatIf(t, "a", sim.ModePORT, 80, 24)
	h.rune('R')
	h.waitFor("no ruleset: no host filters")
	h.rune('o')
	h.waitFor("not applied: no ruleset to edit")
	h.rune('W')
	h.waitFor("write the edited scenario to: a-whatif.md")
	h.key(tcell.KeyEnter)
	h.waitFor("not written: no ruleset to write")
}
