package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rivo/tview"

	"ftplab/cmd/internal/tui"
	"ftplab/realnet/capture"
	"ftplab/sim"
)

// runOpen shows one FTP session of captures in the stepper: its timeline
// forward and back with the lab's labels, and the explanation in the
// lesson pane. With several sessions it lists them; --session picks one.
//
//	ftplab open FILE... [--session N]
//
// A FILE is a capture (pcap, pcapng) or a recorded session (the lab's
// timeline JSON, as proxy --record writes it).
func runOpen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("open", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pick := fs.Int("session", 1, "which session to open, as numbered in the list")
	mono := fs.Bool("mono", false, "monochrome: attributes instead of colours (also when NO_COLOR is set)")
	if err := fs.Parse(permute(args)); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"no capture or recorded session file given"}
	}
	list, err := openSessions(fs.Args())
	if err != nil {
		return err
	}
	if *pick < 1 || *pick > len(list) {
		return usageError{fmt.Sprintf("--session %d: the captures hold sessions 1 to %d", *pick, len(list))}
	}
	if len(list) > 1 {
		for i, o := range list {
			fmt.Fprintf(stdout, "%3d  %s\n", i+1, o.title())
		}
		fmt.Fprintf(stdout, "opening session %d (--session N for another)\n", *pick)
	}
	opts, err := list[*pick-1].options()
	if err != nil {
		return err
	}
	opts.Mono = *mono || os.Getenv("NO_COLOR") != ""
	opts.Mouse = true
	if err := needTerminal("run it in a terminal, or 'ftplab analyze' for a report"); err != nil {
		return err
	}
	return runUI(ctx, tui.New(opts))
}

// openedSession is one session of one capture file.
type openedSession struct {
	file string
	s    *capture.Session // nil for a recorded session
	tl   *sim.Timeline    // a recorded session's timeline
}

func openSessions(files []string) ([]openedSession, error) {
	var out []openedSession
	for _, f := range files {
		if tl, ok, err := readRecording(f); ok || err != nil {
			if err != nil {
				return nil, err
			}
			out = append(out, openedSession{file: f, tl: tl})
			continue
		}
		res, err := capture.AnalyzeFile(f)
		if err != nil {
			return nil, err
		}
		for _, s := range res.Sessions {
			out = append(out, openedSession{file: f, s: s})
		}
	}
	return out, nil
}

func (o openedSession) title() string {
	if o.s == nil {
		return recordingTitle(o.file, o.tl)
	}
	return fmt.Sprintf("%s session %d: client %s, server %s: %s", o.file, o.s.ID, o.s.Client, o.s.Server, o.s.Outcome)
}

// options set the lab up to replay the session: the scenario that
// reproduces it frames the diagram; the timeline is the capture's.
func (o openedSession) options() (tui.Options, error) {
	if o.s == nil {
		return recordingOptions(o.file, o.tl), nil
	}
	tl, err := o.s.Timeline()
	if err != nil {
		return tui.Options{}, err
	}
	x := o.s.Explain()
	sc, _ := shipped.Lookup("a")
	mode := sim.ModePASV
	if l, err := shipped.Lookup(x.Scenario); err == nil {
		sc = l
	}
	if m, err := sim.ParseMode(x.Mode); err == nil {
		mode = m
	}
	replay := tui.NewReplay(tl, o.s.Outcome, "-")
	start := func(context.Context, sim.Run) (tui.Session, error) { return replay, nil }
	return tui.Options{Observed: true, Run: sim.Run{Scenario: sc.ID, Mode: mode}, Start: start, Lessons: captureText{o, x}}, nil
}

// captureText fills the lesson pane with the explanation of the session.
type captureText struct {
	o openedSession
	x capture.Explanation
}

func (c captureText) Lesson(sc sim.Scenario, _ sim.Mode, _ []string, _ tui.Theme) (string, int) {
	var b strings.Builder
	fmt.Fprintf(&b, "Capture %s\n\n", c.o.title())
	fmt.Fprintf(&b, "Outcome: %s. %s\n", c.x.Outcome, c.o.s.Detail)
	for _, kv := range [][2]string{{"Likely culprit", c.x.Culprit}, {"Reproduce it", c.x.Lab}, {"Lesson", c.x.Lesson}, {"Fix", c.x.Fix}, {"Cannot know", c.x.Cannot}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, "\n%s: %s\n", kv[0], kv[1])
		}
	}
	for _, f := range c.x.Findings {
		fmt.Fprintf(&b, "\n- %s\n", f)
	}
	fmt.Fprintf(&b, "\nThe diagram is scenario %s's (%s), the lab run that reproduces this; the timeline and its addresses are the capture's.\n", sc.ID, sc.Title)
	return tview.Escape(b.String()), 0
}
