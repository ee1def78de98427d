package labsession

import (
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/cmd/internal/tui"
	"ftplab/sim"
)

// screenText is the simulation screen, one line per row.
func screenText(s tcell.SimulationScreen) string {
	cells, w, h := s.GetContents()
	var b strings.Builder
	for y := range h {
		for x := range w {
			if c := cells[y*w+x]; len(c.Runes) > 0 && c.Runes[0] != 0 {
				b.WriteRune(c.Runes[0])
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// shownScreen is a simulation screen that keeps the text of each frame
// it shows: the cells themselves are written by the UI goroutine.
type shownScreen struct {
	tcell.SimulationScreen
	mu   sync.Mutex
	text string
}

func (s *shownScreen) Show() {
	s.SimulationScreen.Show()
	s.keep()
}

func (s *shownScreen) Sync() {
	s.SimulationScreen.Sync()
	s.keep()
}

func (s *shownScreen) keep() {
	text := screenText(s.SimulationScreen)
	s.mu.Lock()
	s.text = text
	s.mu.Unlock()
}

func (s *shownScreen) shown() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.text
}

func waitScreen(t *testing.T, s *shownScreen, want ...string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		text := s.shown()
		missing := ""
		for _, w := range want {
			if !strings.Contains(text, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return text
		}
		if time.Now().After(deadline) {
			t.Fatalf("screen lacks %q:\n%s", missing, text)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestLabUIFullSpeedThenCommands drives the terminal lab over a real lab
// run: it plays at full speed to the end, then types PASV and LIST on the
// command line; the replies come without a step and LIST's events show
// in the timeline.
func TestLabUIFullSpeedThenCommands(t *testing.T) {
	sc, _ := shipped.Lookup("a")
	s := &shownScreen{SimulationScreen: tcell.NewSimulationScreen("")}
	app := tui.New(tui.Options{Run: sim.Run{Scenario: sc.ID, Mode: sim.ModeEPSV}, Start: Starter(1), Screen: s})
	s.SetSize(140, 50)
	end := make(chan error, 1)
	go func() { end <- app.Run() }()
	defer func() {
		app.Stop()
		select {
		case <-end:
		case <-time.After(10 * time.Second):
			t.Error("the lab did not stop")
		}
	}()
	key := func(r rune) { s.InjectKey(tcell.KeyRune, r, tcell.ModNone) }
	typed := func(line string) {
		key(':')
		for _, r := range line {
			key(r)
		}
		s.InjectKey(tcell.KeyEnter, 0, tcell.ModNone)
	}

	waitScreen(t, s, "step 0/")
	for range 4 {
		key('+')
	}
	key('p')
	waitScreen(t, s, "run: ok", "stepping", "cmd.RETR")
	typed("PASV")
	waitScreen(t, s, "> PASV", "227 Entering Passive Mode")
	typed("LIST")
	// the reply in the console, LIST's events in the timeline, and the
	// last of them on screen
	text := waitScreen(t, s, "> LIST", "bytes on the data connection", "cmd.LIST")
	if strings.Contains(text, "waiting for the reply") {
		t.Errorf("the status still waits for a reply:\n%s", text)
	}
	if m := regexp.MustCompile(`step (\d+)/(\d+)`).FindStringSubmatch(text); m == nil || m[1] != m[2] {
		t.Errorf("after the reply the screen is not at the last event (%v):\n%s", m, text)
	}
}
