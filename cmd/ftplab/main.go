// Command ftplab is a terminal lab that teaches how FTP works, and a real
// FTP server and client for the OS network.
//
//	ftplab                      open the lab (terminal UI) at your lesson
//	ftplab --present ...        the lab's flags also work without "lab"
//	ftplab serve [flags]        serve files over FTP
//	ftplab ls|get|put URL ...   FTP client commands
//	ftplab run --scenario ID    run a lab scenario headless, print its timeline
//	ftplab analyze FILE...      explain the FTP sessions of captures
//	ftplab diagnose URL         try every data-connection mode, name the culprit
//	ftplab open FILE...         step through a captured or recorded session in the lab UI
//	ftplab snapshot --svg FILE  one frame of a lab run as SVG
//	ftplab handout LESSON       a lesson as a printable handout (HTML, Markdown)
//
// This package holds flags and wiring only; the logic lives in realnet,
// sim, lessons and cmd/internal/tui.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// command is one subcommand: run gets the arguments after its name.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() map[string]command {
	return map[string]command{
		"serve":   {"serve a directory (or the sample tree) over FTP", runServe},
		"ls":      {"list a directory: ftplab ls ftp://host/dir", runLs},
		"get":     {"download a file: ftplab get ftp://host/file [-o FILE]", runGet},
		"put":     {"upload a file: ftplab put FILE ftp://host/dir/", runPut},
		"run":     {"run a lab scenario headless and print its timeline", runRun},
		"ruleset": {"will FTP pass this firewall? ftplab ruleset check FILE [--on client|router|server]", runRuleset},
		"lessons": {"list or check lessons: ftplab lessons list | check DIR", runLessons},
		"lab":     {"open the terminal lab (default)", runLab},
		"proxy":   {"relay FTP sessions to a server and show each step: ftplab proxy --upstream HOST:PORT", runProxy},
		"analyze": {"explain the FTP sessions of pcap/pcapng captures: ftplab analyze FILE...", runAnalyze},

		"diagnose": {"why do data connections to a real server fail? ftplab diagnose ftp://host/", runDiagnose},
		"open":     {"show a captured (pcap) or recorded (JSON) FTP session in the stepper: ftplab open FILE... [--session N]", runOpen},

		// Packaging: these read the commands above (completion, man).
		"version":    {"print ftplab's version and the Go version that built it", runVersion},
		"completion": {"print a shell completion script: ftplab completion bash|zsh|fish", runCompletion},
		"man":        {"print the manual page (roff): ftplab man | man -l -", runMan},
		"snapshot":   {"one frame of a lab run as SVG: ftplab snapshot --scenario c --mode PORT --step 12 --svg FILE", runSnapshot},
		"handout":    {"a lesson as a printable handout: ftplab handout LESSON --html FILE | --md FILE", runHandout},

		"classroom": {"serve the lab to a class over SSH, with the teacher's dashboard", runClassroom},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and turns its error into an exit status:
// 2 for a usage error, 1 for any other failure.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 {
		args = []string{"lab"}
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout, cmds)
		return 0
	}
	if strings.HasPrefix(args[0], "-") {
		args = append([]string{"lab"}, args...) // ftplab --present: the lab's flags
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "ftplab: unknown command %q\n", args[0])
		usage(stderr, cmds)
		return 2
	}
	err := c.run(ctx, args[1:], stdout, stderr)
	if code, ok := err.(exitStatus); ok {
		return int(code) // the command printed why
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "ftplab %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(stderr, "ftplab %s: %v\n", args[0], err)
		return 1
	}
}

// usageError marks a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: ftplab [command] [flags]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'ftplab COMMAND -h' for a command's flags.")
}
