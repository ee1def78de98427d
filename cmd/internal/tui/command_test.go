package tui

import (
	"context"
	"testing"

	"github.com/gdamore/tcell/v2"

	"ftplab/sim"
)

// commandReplay is a replay whose client answers commands.
type commandReplay struct {
	*Replay
	got chan string
}

func (c commandReplay) Command(_ context.Context, line string) (string, error) {
	c.got <- line
	return "227 Entering Passive Mode (198,51,100,20,156,65).", nil
}

func TestCommandLine(t *testing.T) {
	sc, _ := catalogue.Lookup("a")
	got := make(chan string, 1)
	s := tcell.NewSimulationScreen("")
	app := New(Options{Run: sim.Run{Scenario: sc.ID, Mode: sim.ModePASV}, Screen: s, Start: func(_ context.Context, run sim.Run) (Session, error) {
		_, r := scripted(t, run.Scenario, run.Mode)
		return commandReplay{r, got}, nil
	}})
	s.SetSize(100, 30)
	h := &harness{t: t, s: s, app: app, end: make(chan error, 1)}
	go func() { h.end <- app.Run() }()
	t.Cleanup(h.quit)
	h.attached()
	h.rune(':')
	h.waitFor(":")
	for _, r := range "PASV" {
		h.rune(r)
	}
	h.key(tcell.KeyEnter)
	if line := <-got; line != "PASV" {
		t.Errorf("the client was asked to send %q, want PASV", line)
	}
	h.waitFor("console", "> PASV", "227 Entering Passive Mode")
	// the lab's keys work again after the command line
	h.rune(' ')
	h.waitFor("step 1/")
}
