package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/sim"
)

// harness runs an App on a simulation screen.
type harness struct {
	t   *testing.T
	s   tcell.SimulationScreen
	app *App
	end chan error
}

// replayStarter starts scripted replays of each scenario.
func replayStarter(t testing.TB) Starter {
	return func(_ context.Context, run sim.Run) (Session, error) {
		_, r := scripted(t, run.Scenario, run.Mode)
		return r, nil
	}
}

func startApp(t *testing.T, id string, mode sim.Mode, w, h int, mono bool) *harness {
	t.Helper()
	sc, err := catalogue.Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	s := tcell.NewSimulationScreen("")
	app := New(Options{Run: sim.Run{Scenario: sc.ID, Mode: mode}, Start: replayStarter(t), Mono: mono, Mouse: true, Screen: s})
	s.SetSize(w, h)
	hs := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
	go func() { hs.end <- app.Run() }()
	t.Cleanup(hs.quit)
	hs.attached()
	return hs
}

// attached waits until the run has started and is on screen.
func (h *harness) attached() {
	h.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		ok := false
		h.app.app.QueueUpdate(func() { ok = h.app.live.sess != nil })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatal("the run did not start")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// quit stops the app and waits for Run to return; it may be called again.
func (h *harness) quit() {
	select {
	case err := <-h.end:
		h.end <- err
		return
	default:
	}
	h.app.Stop()
	select {
	case err := <-h.end:
		h.end <- err
	case <-time.After(5 * time.Second):
		h.t.Error("the app did not stop")
	}
}

// text is the screen, one line per row.
func (h *harness) text() string {
	cells, w, ht := h.s.GetContents()
	var b strings.Builder
	for y := range ht {
		for x := 0; x < w; x++ {
			c := cells[y*w+x]
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

// waitFor polls the screen until it holds every want.
func (h *harness) waitFor(want ...string) string {
	h.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		var s string
		h.app.app.QueueUpdateDraw(func() {})
		h.app.app.QueueUpdate(func() { s = h.text() })
		missing := ""
		for _, w := range want {
			if !strings.Contains(s, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return s
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("screen lacks %q:\n%s", missing, s)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (h *harness) key(k tcell.Key) { h.s.InjectKey(k, 0, tcell.ModNone) }
func (h *harness) rune(r rune)     { h.s.InjectKey(tcell.KeyRune, r, tcell.ModNone) }
func (h *harness) steps(n int) {
	for range n {
		h.rune(' ')
	}
}

func TestStepShowsPorts(t *testing.T) {
	h := startApp(t, "a", sim.ModePASV, 100, 30, false)
	s := h.waitFor("step 0/", "network")
	if strings.Contains(s, ":21 listen") {
		t.Fatalf("port 21 before the first step:\n%s", s)
	}
	h.key(tcell.KeyRight)
	h.waitFor("step 1/", "◉ :21 listen ctl", "▶   1 server")
	h.steps(4)
	h.waitFor("step 5/", "● :21 ctl", "control.accept")
	h.key(tcell.KeyLeft)
	h.rune('h')
	h.waitFor("step 3/")
}

func TestVerdictWithRuleC(t *testing.T) {
	h := startApp(t, "c", sim.ModePORT, 120, 40, false)
	_, r := scripted(t, "c", sim.ModePORT)
	drop := 0
	for i, e := range r.TL.Events() {
		if e.Label == sim.LabelFWDrop {
			drop = i + 1
			break
		}
	}
	if drop == 0 {
		t.Fatal("scenario c/PORT has no drop")
	}
	h.steps(drop)
	s := h.waitFor("client-fw DROP by rule cli_in_new_DROP", "✘")
	if !strings.Contains(s, "fw.drop") {
		t.Errorf("timeline lacks the drop:\n%s", s)
	}
}

func TestConntrackAndExpectationD(t *testing.T) {
	h := startApp(t, "d", sim.ModePORT, 160, 45, false)
	_, r := scripted(t, "d", sim.ModePORT)
	labels := r.TL.Labels()
	expect := indexOf(labels, sim.LabelHelperExpect) + 1
	h.steps(expect)
	h.waitFor("expectations (ftp helper)", "+ client: 198.51.100.20:* → 192.168.1.10:", "master c1", "conntrack client-fw (client)", "helper=ftp")
	related := indexOf(labels, sim.LabelHelperRelated) + 1
	h.steps(related - expect)
	h.waitFor("helper.related", "matches the expectation")
	accepted := indexOf(labels, sim.LabelDataAccept) + 1
	h.steps(accepted - related)
	h.waitFor("c2 ESTABLISHED RELATED to c1", "(none)")
}

func TestNATTableH2(t *testing.T) {
	h := startApp(t, "h2", sim.ModePORT, 160, 45, false)
	h.steps(4)
	h.waitFor("NAT table (router)", "c1 SNAT 192.168.1.10:", "→ 198.51.100.1:", "rtr_snat_client_lan", "c1 S→198.51.100.1")
}

func TestTimelineClick(t *testing.T) {
	h := startApp(t, "a", sim.ModePASV, 100, 45, false)
	// Step to a known place first: a bare "▶" is on screen from the first
	// frame, before the keys are handled, and a click computed from that
	// frame could land on a row that has moved since.
	h.steps(6)
	s := h.waitFor("▶   6 ", "step 6/")
	// find the row of step 3 and click it
	for y, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, "║    3 "); i >= 0 {
			x := len([]rune(line[:i])) + 3
			h.s.InjectMouse(x, y, tcell.Button1, tcell.ModNone)
			h.s.InjectMouse(x, y, tcell.ButtonNone, tcell.ModNone)
			h.waitFor("▶   3 ", "step 3/")
			return
		}
	}
	t.Fatalf("no row for step 3:\n%s", s)
}

func TestCycles(t *testing.T) {
	h := startApp(t, "c", sim.ModePORT, 100, 30, false)
	h.rune('f')
	h.attached()
	h.waitFor(" d │ PORT")
	h.rune('m')
	h.waitFor(" d │ EPRT")
	h.rune('t')
	h.waitFor(" j3 │ EPRT")
	h.rune('n')
	h.waitFor(" h1 │ EPRT")
	h.rune('?')
	h.waitFor("f↔j1")
	h.key(tcell.KeyEscape)
	h.rune('s')
	h.waitFor("scenario (Enter runs")
	h.key(tcell.KeyDown)
	h.key(tcell.KeyEnter)
	h.waitFor(" h2 │ EPRT")
}

func TestResize(t *testing.T) {
	h := startApp(t, "d", sim.ModePORT, 80, 24, false)
	h.steps(16)
	h.waitFor("step 16/", "timeline", "state", "? help")
	h.s.SetSize(60, 20)
	h.app.app.QueueUpdateDraw(func() {})
	h.waitFor("at least 80×24", "60×20")
	h.rune(' ') // ignored while too small
	h.s.SetSize(200, 60)
	s := h.waitFor("step 16/", "lesson", "conntrack client-fw")
	if strings.Contains(s, "at least 80×24") {
		t.Errorf("the message stayed after the resize:\n%s", s)
	}
	h.s.SetSize(80, 24)
	h.waitFor("step 16/")
}

func TestMonochrome(t *testing.T) {
	h := startApp(t, "c", sim.ModePORT, 100, 30, true)
	h.steps(3)
	s := h.waitFor("▶   3 ")
	var cells []tcell.SimCell
	var w int
	h.app.app.QueueUpdate(func() { cells, w, _ = h.s.GetContents() })
	for y, line := range strings.Split(s, "\n") {
		x := strings.Index(line, "▶   3 ")
		if x < 0 {
			continue
		}
		x = len([]rune(line[:x]))
		fg, bg, attr := cells[y*w+x+2].Style.Decompose()
		if attr&tcell.AttrReverse == 0 {
			t.Errorf("current step not in reverse video (attr %v)", attr)
		}
		if fg != tcell.ColorDefault || bg != tcell.ColorDefault {
			t.Errorf("mono current step has colours %v on %v", fg, bg)
		}
	}
	for _, c := range cells {
		if fg, bg, _ := c.Style.Decompose(); (fg != tcell.ColorDefault && fg != tcell.ColorReset) || (bg != tcell.ColorDefault && bg != tcell.ColorReset) {
			t.Fatalf("mono screen has a colour: %q fg %v bg %v", string(c.Runes), fg, bg)
		}
	}
}

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}

func TestPlayPause(t *testing.T) {
	h := startApp(t, "a", sim.ModePASV, 100, 30, false)
	h.rune('+')
	h.rune('+')
	h.rune('+')
	h.waitFor("stepping")
	h.rune('p')
	h.waitFor("playing 40ms")
	s := h.waitFor("step 20/20", "stepping") // plays to the end and stops
	if strings.Contains(s, "playing") {
		t.Errorf("still playing at the end:\n%s", s)
	}
	h.rune('r')
	h.attached()
	h.waitFor("step 0/…") // the run's length is not known before it is seen
}

// waitLimit bounds every wait for the screen: generous, since the race
// detector on a loaded machine slows the UI loop tenfold.
const waitLimit = 10 * time.Second
