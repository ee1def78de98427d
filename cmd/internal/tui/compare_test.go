package tui

import (
	"fmt"
	"testing"

	"github.com/gdamore/tcell/v2"

	"ftplab/sim"
)

// TestCompare, at 80x24 and 120x40 and on the projector theme: c opens
// c/PASV beside c/PORT; both step together and each shows its verdict at
// its end; c again changes the second run's mode; X closes it.
func TestCompare(t *testing.T) {
	_, port := scripted(t, "c", sim.ModePORT)
	for _, size := range [][3]int{{80, 24, 0}, {120, 40, 0}, {120, 40, 1}} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			s := tcell.NewSimulationScreen("")
			theme := ""
			if size[2] == 1 {
				theme = "projector"
			}
			app := New(Options{Run: sim.Run{Scenario: "c", Mode: sim.ModePORT}, Start: replayStarter(t), Screen: s, Theme: theme})
			s.SetSize(size[0], size[1])
			h := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
			go func() { h.end <- app.Run() }()
			t.Cleanup(h.quit)
			h.attached()
			h.rune('c')
			h.waitFor(" c/PORT · step 0 ", " c/PASV · step 0 ")
			h.steps(3)
			h.waitFor(" c/PORT · step 3 ", " c/PASV · step 3 ")
			h.key(tcell.KeyEnd)
			scr := h.waitFor(fmt.Sprintf(" c/PORT · step %d · ✘ run: %s", port.TL.Len(), port.Result), "· ✔ run: ok")
			h.lacks(scr, "c/PASV · step 3 ")
			h.rune('c')
			h.waitFor(" c/EPSV · step ")
			h.rune('X')
			h.waitGone("c/EPSV")
		})
	}
}
