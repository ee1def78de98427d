package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"text/tabwriter"

	"ftplab/assets"
	"ftplab/lessons"
	"ftplab/realnet/lab/labrun"
	"ftplab/sim"
)

// labLessons is the lab as lesson validation sees it: it runs a lesson's
// scenario at full speed, with the real server and client, and returns
// its timeline.
type labLessons struct{ lessons.OracleCatalogue }

func (l labLessons) Timeline(ctx context.Context, run sim.Run) (*sim.Timeline, error) {
	opts, err := labOptionsIn(l.Catalogue, run, 1)
	if err != nil {
		return nil, err
	}
	_, tl, err := labrun.Exec(ctx, opts)
	if err != nil {
		return nil, err
	}
	return tl, nil
}

// runLessons: ftplab lessons list [--lessons DIR] | check DIR
func runLessons(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"want list or check DIR"}
	}
	switch args[0] {
	case "list":
		return lessonsList(args[1:], stdout, stderr)
	case "check":
		return lessonsCheck(ctx, args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprintln(stdout, "usage: ftplab lessons list [--lessons DIR]\n       ftplab lessons check DIR")
		return nil
	}
	return usageError{fmt.Sprintf("unknown lessons command %q: want list or check DIR", args[0])}
}

// lessonFS returns the teacher's folder, or the embedded lessons.
func lessonFS(dir string) (fs.FS, error) {
	if dir != "" {
		return os.DirFS(dir), nil
	}
	return fs.Sub(assets.Lessons, "lessons")
}

func lessonsList(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("lessons list", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dir := fl.String("lessons", "", "read lessons from `DIR` instead of the built-in ones")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{"list takes no arguments"}
	}
	fsys, err := lessonFS(*dir)
	if err != nil {
		return err
	}
	ls, err := lessons.Load(fsys)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ORDER\tID\tTITLE\tRUN")
	broken := 0
	for _, l := range ls {
		run := l.Setup.Scenario + "/" + string(l.Setup.Mode)
		if l.Err() != nil {
			run += "  (broken: ftplab lessons check)"
			broken++
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", l.Order, l.ID, l.Title, run)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if broken > 0 {
		fmt.Fprintf(stderr, "%d broken lesson(s)\n", broken)
	}
	return nil
}

func lessonsCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		return usageError{"check takes one folder: ftplab lessons check DIR"}
	}
	dir := args[0]
	if info, err := os.Stat(dir); err != nil {
		return err
	} else if !info.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	ls, err := lessons.Load(os.DirFS(dir))
	if err != nil {
		return err
	}
	cat, err := folderCatalogue(dir)
	if err != nil {
		return err
	}
	r := labLessons{lessons.OracleCatalogue{Catalogue: cat}}
	if _, err := r.Timeline(ctx, sim.Run{Scenario: "a", Mode: sim.ModePASV}); errors.Is(err, lessons.ErrNoLab) {
		fmt.Fprintln(stderr, "note: no lab runner: labels are not checked against the scenarios' timelines")
	}
	lessons.Validate(ctx, ls, r)
	n := 0
	for _, l := range ls {
		for _, p := range l.Problems {
			p.File = filepath.Join(dir, p.File)
			fmt.Fprintln(stdout, p)
			n++
		}
	}
	if n > 0 {
		return fmt.Errorf("%d problem(s) in %d lesson(s)", n, len(ls))
	}
	fmt.Fprintf(stdout, "%d lessons, no problems\n", len(ls))
	return nil
}

// folderCatalogue is the shipped scenarios and those of a lesson folder's
// scenarios/ subfolder (scenario files, see assets/scenarios/README.md),
// if it has one. Problems in them are reported at their file:line.
func folderCatalogue(dir string) (*sim.Catalogue, error) {
	sdir := filepath.Join(dir, "scenarios")
	if _, err := os.Stat(sdir); errors.Is(err, fs.ErrNotExist) {
		return shipped, nil
	}
	own, err := sim.NewCatalogue(os.DirFS(sdir))
	var les sim.LineErrors
	if errors.As(err, &les) {
		for _, e := range les {
			e.File = filepath.Join(sdir, e.File)
		}
		return nil, les
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", sdir, err)
	}
	return shipped.With(own)
}
