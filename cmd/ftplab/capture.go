package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"ftplab/cmd/internal/tui"
	"ftplab/realnet/capture"
	"ftplab/sim"
)

// runAnalyze explains the FTP sessions of capture files; given two
// captures of the same traffic it pairs them and shows the middlebox.
//
//	ftplab analyze FILE... [--format text|json]
func runAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output: text or json")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ftplab analyze FILE... [--format text|json]\n\nReads pcap or pcapng captures and explains their FTP sessions. With two files\n(taken on both sides of a NAT or firewall) it pairs the sessions and shows\nwhat the middlebox did.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(permute(args)); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"no capture file given"}
	}
	if *format != "text" && *format != "json" {
		return usageError{fmt.Sprintf("unknown --format %q (text or json)", *format)}
	}
	var rep capture.Report
	for _, name := range fs.Args() {
		res, err := capture.AnalyzeFile(name)
		if err != nil {
			return err
		}
		rep.Files = append(rep.Files, res)
	}
	if len(rep.Files) == 2 {
		rep.Pairs = capture.Pair(rep.Files[0], rep.Files[1])
	}
	if *format == "json" {
		return rep.WriteJSON(stdout)
	}
	return rep.WriteText(stdout)
}

// permute moves flags before the file names, so that
// "analyze a.pcap --format json" works as well.
func permute(args []string) []string {
	var flags, files []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			files = append(files, args[i+1:]...)
			i = len(args)
		case len(a) > 1 && a[0] == '-':
			flags = append(flags, a)
			if (a == "--format" || a == "-format") && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		default:
			files = append(files, a)
		}
	}
	return append(flags, files...)
}

// writePcap writes a run's timeline as pcapng files in dir (nothing when
// dir is empty) and names them on w.
func writePcap(dir, scenario string, m sim.Mode, tl *sim.Timeline, w io.Writer) error {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	paths, err := capture.WriteRun(dir, scenario+"-"+string(m), tl)
	if err != nil {
		return err
	}
	for _, p := range paths {
		fmt.Fprintf(w, "wrote %s\n", p)
	}
	return nil
}

// pcapExporter is the lab's w key: the run so far, from its start to the
// step on screen, as pcapng files on both sides of the router in dir
// (capture.WriteRun, as ftplab run --pcap writes them).
func pcapExporter(dir string) tui.Exporter {
	return func(r tui.RunSoFar) (string, error) {
		base := fmt.Sprintf("ftplab-%s-%s-step%d", r.Run.Scenario, r.Run.Mode, r.Step)
		paths, err := capture.WriteRun(dir, base, r.TL.Prefix(r.Step))
		if err != nil {
			return "", err
		}
		return strings.Join(paths, ", "), nil
	}
}
