package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"ftplab/cmd/internal/tui"
	"ftplab/cmd/internal/tui/labsession"
	"ftplab/lessons"
	"ftplab/sim"
)

// runLab opens the terminal lab.
func runLab(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("lab", flag.ContinueOnError)
	fl.SetOutput(stderr)
	scenario := fl.String("scenario", "", "scenario id (s in the lab lists them) or a scenario `FILE` (.md); without it the lab opens the lesson you were on")
	mode := fl.String("mode", "PORT", "client mode: PORT, EPRT, PASV, EPSV or PASV_CTLIP")
	mono := fl.Bool("mono", false, "monochrome: attributes instead of colours (also when NO_COLOR is set)")
	theme := fl.String("theme", "dark", "colour theme: dark or projector")
	noMouse := fl.Bool("no-mouse", false, "turn mouse support off")
	seed := fl.Uint64("seed", 1, "seed of the lab's port allocator")
	dir := fl.String("lessons", "", "load the lessons of this folder instead of the built-in ones")
	reset := fl.Bool("reset-progress", false, "forget finished lessons, answers and where you stopped")
	present := fl.Bool("present", false, "teacher's mode: projector theme; checkpoint answers show on a key and nothing is recorded")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fl.Arg(0))}
	}
	m, err := sim.ParseMode(*mode)
	if err != nil {
		return usageError{err.Error()}
	}
	cat, id, err := scenarioArg(*scenario)
	if err != nil {
		return err
	}
	run := sim.Run{Scenario: id, Mode: m}
	if id != "" {
		if _, err := run.Resolve(cat); err != nil {
			return usageError{err.Error()}
		}
	}
	if *theme != "dark" && *theme != "projector" {
		return usageError{fmt.Sprintf("unknown theme %q (want dark or projector)", *theme)}
	}
	fsys, err := lessonFS(*dir)
	if err != nil {
		return err
	}
	course, err := lessons.Load(fsys)
	if err != nil {
		return fmt.Errorf("lessons: %w", err)
	}
	store, err := lessons.DefaultStore()
	if err != nil {
		fmt.Fprintf(stderr, "ftplab: progress will not be saved: %v\n", err)
		store = nil
	}
	app := tui.New(tui.Options{
		Run:           run,
		Start:         labsession.StarterFor(cat, *seed),
		Catalogue:     cat,
		Theme:         *theme,
		Mono:          *mono || os.Getenv("NO_COLOR") != "",
		Mouse:         !*noMouse,
		Course:        course,
		Store:         store,
		ResetProgress: *reset,
		Present:       *present,
		Animate:       true,
	})
	go func() {
		<-ctx.Done()
		app.Stop()
	}()
	return app.Run()
}
