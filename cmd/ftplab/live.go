package main

import (
	"context"
	"os"

	"ftplab/cmd/internal/tui"
	"ftplab/cmd/internal/tui/livesession"
	"ftplab/realnet/watch"
	"ftplab/sim"
)

// liveOptions show the live sessions of w in the stepper, framed (like
// a capture) by a scenario whose diagram has a client and a server.
func liveOptions(w *livesession.Watcher, title string) tui.Options {
	return tui.Options{
		Run:      sim.Run{Scenario: observedScenario, Mode: sim.ModePASV},
		Start:    w.Starter(),
		Lessons:  observedText{title, w.Notes},
		Mono:     os.Getenv("NO_COLOR") != "",
		Mouse:    true,
		Observed: true,
	}
}

// runLiveUI runs the stepper on w until the user quits or ctx ends.
func runLiveUI(ctx context.Context, w *livesession.Watcher, title string) error {
	if err := needTerminal("run it in a terminal, or without --ui, --hold or --watch"); err != nil {
		return err
	}
	return runUI(ctx, tui.New(liveOptions(w, title)))
}

// watchUI starts the stepper on rec's sessions (serve --watch); the
// returned context ends when the user quits it, and end waits for the
// UI to give the terminal back. Without rec it does nothing.
func watchUI(ctx context.Context, rec *watch.Recorder, addr string) (context.Context, func()) {
	if rec == nil {
		return ctx, func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		defer cancel()
		runLiveUI(ctx, livesession.New(rec, nil), "ftplab serve --watch on "+addr+": the server's own sessions, live")
	}()
	return ctx, func() { cancel(); <-ended }
}
