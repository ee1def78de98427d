package labsession

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/cmd/internal/tui"
	"ftplab/sim"
)

// TestWhatIfRealRuns drives the lab's what-if over real lab runs: a rule
// turned off (c: the client's drop of new inbound connections; f and
// i2: the server's and the router's assignment of the FTP helper), then Enter reruns the edited
// scenario beside the original, and the real server and client give the
// flipped verdict.
func TestWhatIfRealRuns(t *testing.T) {
	cases := []struct {
		id       string
		mode     sim.Mode
		down     int    // j presses from the ruleset's first line to the rule
		off      string // the line turned off, as the pane shows it
		was, now string
	}{
		{"c", sim.ModePORT, 11, "  38*    # counter drop", "✘ run: 425", "✔ run: ok"},
		{"f", sim.ModePASV, 4, "  30*    # tcp dport 21 ct helper", "✔ run: ok", "✘ run: "},
		{"i2", sim.ModePASV, 14, "  40*    # tcp dport 21 ct helper", "✔ run: ok", "✘ run: "},
	}
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
			s := &shownScreen{SimulationScreen: tcell.NewSimulationScreen("")}
			app := tui.New(tui.Options{Run: sim.Run{Scenario: tc.id, Mode: tc.mode}, Start: Starter(1),
				StartIn: func(c *sim.Catalogue) tui.Starter { return StarterFor(c, 1) }, Screen: s})
			s.SetSize(120, 40)
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
			waitScreen(t, s, "step 0/")
			key('R')
			waitScreen(t, s, "rulesets")
			for range tc.down {
				key('j')
			}
			key('o')
			waitScreen(t, s, tc.off)
			s.InjectKey(tcell.KeyEnter, 0, tcell.ModNone)
			text := waitScreen(t, s, fmt.Sprintf(" %s/%s · step ", tc.id, tc.mode), tc.was,
				fmt.Sprintf(" %s'/%s · step ", tc.id, tc.mode), tc.now, "what-if: ")
			for _, want := range []string{tc.id + "/" + string(tc.mode) + ` · step \d+ · ` + tc.was,
				tc.id + "'/" + string(tc.mode) + ` · step \d+ · ` + tc.now} {
				if !regexp.MustCompile(want).MatchString(text) {
					t.Errorf("no title %q:\n%s", want, text)
				}
			}
		})
	}
}
