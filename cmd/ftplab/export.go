package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"ftplab/cmd/internal/export"
	"ftplab/cmd/internal/tui"
	"ftplab/lessons"
	"ftplab/realnet/lab/labrun"
	"ftplab/sim"
)

// lookFlags are the flags of an exported frame: size and theme.
type lookFlags struct {
	size     string
	theme    string
	mono     bool
	interval time.Duration
}

// addLookFlags defines them on fs; cast adds the asciicast's --interval.
func addLookFlags(fs *flag.FlagSet, cast bool) *lookFlags {
	lf := &lookFlags{interval: time.Second}
	fs.StringVar(&lf.size, "size", "80x24", "exported frames: screen size `COLSxROWS` (at least 80x24)")
	fs.StringVar(&lf.theme, "theme", "dark", "exported frames: theme, dark or projector")
	fs.BoolVar(&lf.mono, "mono", false, "exported frames: monochrome (attributes instead of colours)")
	if cast {
		fs.DurationVar(&lf.interval, "interval", time.Second, "asciicast: time between steps")
	}
	return lf
}

func (lf *lookFlags) look() (export.Look, error) {
	var w, h int
	if _, err := fmt.Sscanf(lf.size, "%dx%d", &w, &h); err != nil || fmt.Sprintf("%dx%d", w, h) != lf.size {
		return export.Look{}, usageError{fmt.Sprintf("--size %q: want COLSxROWS, e.g. 100x30", lf.size)}
	}
	if w < tui.MinWidth || h < tui.MinHeight {
		return export.Look{}, usageError{fmt.Sprintf("--size %s: the lab needs at least %dx%d", lf.size, tui.MinWidth, tui.MinHeight)}
	}
	if lf.theme != "dark" && lf.theme != "projector" {
		return export.Look{}, usageError{fmt.Sprintf("unknown theme %q (want dark or projector)", lf.theme)}
	}
	return export.Look{W: w, H: h, Theme: lf.theme, Mono: lf.mono}, nil
}

// writeAsciicast writes a finished run as the lab UI's frames, step by
// step (ftplab run --format asciicast).
func writeAsciicast(ctx context.Context, w io.Writer, run sim.Run, tl *sim.Timeline, res labrun.Result, lf *lookFlags) error {
	look, err := lf.look()
	if err != nil {
		return err
	}
	if lf.interval <= 0 {
		return usageError{fmt.Sprintf("--interval %v: want a positive duration", lf.interval)}
	}
	r := export.Run{Run: run, TL: tl, Outcome: res.Outcome, Blocked: res.BlockedAt, Size: labrun.FileSize}
	frames, err := export.Record(ctx, r, look, -1)
	if err != nil {
		return err
	}
	return export.WriteAsciicast(w, fmt.Sprintf("ftplab: scenario %s, mode %s", run.Scenario, run.Mode), frames, lf.interval)
}

// runSnapshot writes one frame of a run as SVG.
//
//	ftplab snapshot --scenario c --mode PORT --step 12 --svg c12.svg [--theme projector]
func runSnapshot(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("snapshot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scenario := fs.String("scenario", "a", "scenario id: "+strings.Join(shipped.IDs(), " "))
	mode := fs.String("mode", "PASV", "data connection mode: PORT, EPRT, PASV, EPSV or PASV_CTLIP")
	step := fs.Int("step", -1, "the step to draw, from 0 (before the first event); -1 is the last")
	out := fs.String("svg", "", "write the SVG to `FILE` (- for standard output)")
	seed := fs.Uint64("seed", 1, "seed of the lab's port choices")
	lf := addLookFlags(fs, false)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *out == "" {
		return usageError{"want --svg FILE and no arguments"}
	}
	look, err := lf.look()
	if err != nil {
		return err
	}
	m, err := sim.ParseMode(*mode)
	if err != nil {
		return usageError{err.Error()}
	}
	r, err := export.Exec(ctx, sim.Run{Scenario: *scenario, Mode: m}, *seed)
	if err != nil {
		return err
	}
	k := *step
	if k < 0 {
		k = r.TL.Len()
	}
	f, err := export.Snapshot(ctx, r, look, k)
	if err != nil {
		return err
	}
	return writeOut(*out, stdout, func(w io.Writer) error { return export.WriteSVG(w, f, export.PaletteFor(look.Theme)) })
}

// runHandout writes a printable handout of a lesson.
//
//	ftplab handout active-mode --html active.html [--md active.md] [--lessons DIR]
func runHandout(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("handout", flag.ContinueOnError)
	fs.SetOutput(stderr)
	htmlOut := fs.String("html", "", "write the handout as HTML to `FILE` (- for standard output)")
	mdOut := fs.String("md", "", "write the handout as Markdown to `FILE` (- for standard output)")
	dir := fs.String("lessons", "", "read lessons from `DIR` instead of the built-in ones")
	lesson, rest := "", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		lesson, rest = args[0], args[1:] // the lesson may come before the flags
	}
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if lesson == "" && fs.NArg() == 1 {
		lesson = fs.Arg(0)
	} else if fs.NArg() > 0 || lesson == "" {
		return usageError{"want one lesson (id or order, see ftplab lessons list)"}
	}
	if *htmlOut == "" && *mdOut == "" {
		return usageError{"want --html FILE or --md FILE"}
	}
	l, err := findLesson(*dir, lesson)
	if err != nil {
		return err
	}
	h, err := export.NewHandout(ctx, l, export.DefaultLook)
	if err != nil {
		return err
	}
	if *htmlOut != "" {
		if err := writeOut(*htmlOut, stdout, h.WriteHTML); err != nil {
			return err
		}
	}
	if *mdOut != "" {
		return writeOut(*mdOut, stdout, h.WriteMarkdown)
	}
	return nil
}

// findLesson loads the lessons and returns the one with this id or order.
func findLesson(dir, name string) (*lessons.Lesson, error) {
	fsys, err := lessonFS(dir)
	if err != nil {
		return nil, err
	}
	all, err := lessons.Load(fsys)
	if err != nil {
		return nil, fmt.Errorf("lessons: %w", err)
	}
	var ids []string
	for _, l := range all {
		if l.ID == name || fmt.Sprint(l.Order) == name || l.File == name {
			return l, nil
		}
		ids = append(ids, l.ID)
	}
	return nil, usageError{fmt.Sprintf("no lesson %q (lessons: %s)", name, strings.Join(ids, " "))}
}

// writeOut writes to the named file, or to stdout for "-".
func writeOut(name string, stdout io.Writer, write func(io.Writer) error) error {
	if name == "-" {
		return write(stdout)
	}
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	return f.Close()
}

// castExporter is the lab's x key: the run so far, from its start to the
// step on screen, as an asciicast file in dir, drawn at the lab's size and
// theme. A run not over yet says so in its last frame's status.
func castExporter(dir string) tui.Exporter {
	return func(r tui.RunSoFar) (string, error) {
		look := export.Look{W: max(r.W, tui.MinWidth), H: max(r.H, tui.MinHeight), Theme: r.Theme, Mono: r.Mono}
		outcome := r.Outcome
		if outcome == "" {
			outcome = "in progress"
		}
		run := export.Run{Run: r.Run, TL: r.TL, Outcome: outcome, Blocked: r.Blocked, Size: labrun.FileSize}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		frames, err := export.Record(ctx, run, look, r.Step)
		if err != nil {
			return "", err
		}
		name := filepath.Join(dir, fmt.Sprintf("ftplab-%s-%s-step%d.cast", r.Run.Scenario, r.Run.Mode, r.Step))
		title := fmt.Sprintf("ftplab: scenario %s, mode %s, steps 0-%d", r.Run.Scenario, r.Run.Mode, r.Step)
		err = writeOut(name, nil, func(w io.Writer) error { return export.WriteAsciicast(w, title, frames, time.Second) })
		return name, err
	}
}
