package main

import (
	"context"
	"fmt"

	"ftplab/cmd/internal/tui"
)

// runUI draws app until it ends or ctx is done, and never stops an app
// whose Run has returned (tcell panics on that). Callers check for a
// terminal first (needTerminal), so that without one the command says so
// in one line instead of starting a screen it cannot have.
func runUI(ctx context.Context, app *tui.App) error {
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
			app.Stop()
		case <-done:
		}
	}()
	return app.Run()
}

// needTerminal is the error of a UI command started without a terminal.
func needTerminal(headless string) error {
	if err := checkTerminal(); err != nil {
		return fmt.Errorf("no terminal to draw on (%v): %s", err, headless)
	}
	return nil
}
