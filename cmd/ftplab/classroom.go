package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"ftplab/cmd/internal/classroom"
	"ftplab/cmd/internal/tui/labsession"
	"ftplab/lessons"
)

// runClassroom serves the lab to a class over SSH, with the teacher's
// dashboard on this terminal (or a log of arrivals with --headless).
func runClassroom(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("classroom", flag.ContinueOnError)
	fl.SetOutput(stderr)
	listen := fl.String("listen", "127.0.0.1:2222", "address to listen on (e.g. 0.0.0.0:2222 for the classroom's network)")
	dir := fl.String("lessons", "", "load the lessons of this folder instead of the built-in ones")
	code := fl.String("code", "", "the class's join code (the SSH password); random if empty")
	keys := fl.String("authorized-keys", "", "authorized_keys `FILE`: these keys log in without the code")
	mono := fl.Bool("mono", false, "monochrome labs: attributes instead of colours (also when NO_COLOR is set)")
	maxStudents := fl.Int("max-students", 100, "students connected at once")
	perAddr := fl.Int("max-per-address", 4, "SSH connections from one address at once")
	idle := fl.Duration("idle", 30*time.Minute, "disconnect a student idle this long")
	headless := fl.Bool("headless", false, "no dashboard: print arrivals and departures")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fl.Arg(0))}
	}
	if f := os.Getenv("FTPLAB_CPUPROFILE"); f != "" { // bench/classroom's profile
		stop, err := cpuProfile(f)
		if err != nil {
			return err
		}
		defer stop()
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
		return fmt.Errorf("no state directory for the class: %w", err)
	}
	state := filepath.Join(filepath.Dir(store.Path()), "classroom")
	srv, err := classroom.Listen(classroom.Config{
		Listen: *listen, Code: *code, AuthorizedKeys: *keys, Course: course, StateDir: state,
		Mono: *mono || os.Getenv("NO_COLOR") != "", MaxStudents: *maxStudents, MaxPerAddr: *perAddr,
		IdleTimeout: *idle, Start: labsession.Starter(1),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ftplab classroom on %s\njoin code: %s\nhost key: %s\nstudents: %s\n",
		srv.Addr(), srv.Code(), srv.Fingerprint(), srv.JoinLine())
	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()
	defer srv.Close()
	if *headless {
		return classroom.Log(ctx, srv.Class(), stdout, served)
	}
	return classroom.Dashboard(ctx, srv, state, served)
}

// cpuProfile writes a CPU profile to file until stop is called.
func cpuProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile %s: %w", file, err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
