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

// loadCourse loads the lessons (dir, or the built-in ones) and the
// progress store, forgetting the progress first if reset: before any
// terminal check, since forgetting needs no screen.
func loadCourse(dir string, reset bool, stderr io.Writer) ([]*lessons.Lesson, *lessons.Store, error) {
	fsys, err := lessonFS(dir)
	if err != nil {
		return nil, nil, err
	}
	course, err := lessons.Load(fsys)
	if err != nil {
		return nil, nil, fmt.Errorf("lessons: %w", err)
	}
	store, err := lessons.DefaultStore()
	if err != nil {
		fmt.Fprintf(stderr, "ftplab: progress will not be saved: %v\n", err)
		store = nil
	}
	if reset && store != nil {
		// Before the terminal check: forgetting progress needs no screen.
		if err := store.Reset(); err != nil {
			return nil, nil, fmt.Errorf("progress not reset (%s): %w", store.Path(), err)
		}
	}
	return course, store, nil
}

// runLab opens the terminal lab.
func runLab(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("lab", flag.ContinueOnError)
	fl.SetOutput(stderr)
	scenario := fl.String("scenario", "", "scenario id (see 'ftplab run --list' or s in the lab) or a scenario `FILE` (.md); without it the lab opens the lesson you were on")
	mode := fl.String("mode", string(defaultMode), "client mode: PORT, EPRT, PASV, EPSV or PASV_CTLIP")
	mono := fl.Bool("mono", false, "monochrome: attributes instead of colours (also when NO_COLOR is set)")
	theme := fl.String("theme", "dark", "colour theme: dark or projector")
	noMouse := fl.Bool("no-mouse", false, "turn mouse support off")
	seed := fl.Uint64("seed", 1, "seed of the lab's port allocator")
	dir := fl.String("lessons", "", "load the lessons of this folder instead of the built-in ones")
	reset := fl.Bool("reset-progress", false, "forget finished lessons, answers and where you stopped")
	overrides := overridesFlag(fl)
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
	run := sim.Run{Scenario: id, Mode: m, Overrides: overrides}
	if len(overrides) > 0 && id == "" {
		return usageError{"--set needs --scenario"}
	}
	if id != "" {
		if _, err := run.Resolve(cat); err != nil {
			return usageError{err.Error()}
		}
	}
	if *theme != "dark" && *theme != "projector" {
		return usageError{fmt.Sprintf("unknown theme %q (want dark or projector)", *theme)}
	}
	course, store, err := loadCourse(*dir, *reset, stderr)
	if err != nil {
		return err
	}
	if err := checkTerminal(); err != nil {
		if *reset {
			fmt.Fprintf(stdout, "ftplab lab: progress reset; no terminal (%v), so the lab did not open\n", err)
			return nil
		}
		return fmt.Errorf("no terminal to draw on (%v): run the lab in a terminal, or 'ftplab run --scenario ID' headless", err)
	}
	app := tui.New(tui.Options{
		Run:       run,
		Start:     labsession.StarterFor(cat, *seed),
		StartIn:   func(c *sim.Catalogue) tui.Starter { return labsession.StarterFor(c, *seed) },
		Catalogue: cat,
		Theme:     *theme,
		Mono:      *mono || os.Getenv("NO_COLOR") != "",
		Mouse:     !*noMouse,
		Course:    course,
		Store:     store,
		Present:   *present,
		Animate:   true,
		Export:    castExporter("."),
		Pcap:      pcapExporter("."),
	})
	return runUI(ctx, app)
}
