package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"ftplab/realnet/lab/labrun"
	"ftplab/sim"
)

// runRun runs lab scenarios headless, at full speed: the lab's timeouts
// are logical, so a dropped connection costs no real time.
//
//	ftplab run --scenario c --mode PORT [--format text|json]
//	ftplab run --matrix [--format tsv]
//	ftplab run --list
func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scenario := fs.String("scenario", "a", "scenario id ("+strings.Join(shipped.IDs(), " ")+") or a scenario `FILE` (.md)")
	mode := fs.String("mode", string(defaultMode), "data connection mode: PORT, EPRT, PASV, EPSV or PASV_CTLIP")
	list := fs.Bool("list", false, "list the scenarios: each one's title and what sets it apart")
	format := fs.String("format", "", "output: text, json or asciicast (the lab UI's frames) for one run; tsv for --matrix")
	matrix := fs.Bool("matrix", false, "run every scenario in every mode and print one line per run")
	seed := fs.Uint64("seed", 1, "seed of the lab's port choices")
	look := addLookFlags(fs, true) // --format asciicast
	pcapDir := fs.String("pcap", "", "also write the run as pcapng files in `DIR`, one per side of the router")
	overrides := overridesFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *list {
		return listScenarios(stdout)
	}
	if *matrix {
		if *format != "" && *format != "tsv" {
			return usageError{fmt.Sprintf("--matrix prints tsv, not %q", *format)}
		}
		return runMatrix(ctx, *seed, stdout)
	}
	m, err := sim.ParseMode(*mode)
	if err != nil {
		return usageError{err.Error()}
	}
	cat, id, err := scenarioArg(*scenario)
	if err != nil {
		return err
	}
	opts, err := labOptionsIn(cat, sim.Run{Scenario: id, Mode: m, Overrides: overrides}, *seed)
	if err != nil {
		return usageError{err.Error()}
	}
	res, tl, err := labrun.Exec(ctx, opts)
	if err != nil {
		return err
	}
	sc := opts.Scenario
	if err := writePcap(*pcapDir, sc.ID, m, tl, stderr); err != nil {
		return err
	}
	switch *format {
	case "", "text":
		fmt.Fprintf(stdout, "scenario %s (%s), mode %s\n\n", sc.ID, sc.Title, m)
		fmt.Fprint(stdout, sim.RenderText(tl))
		fmt.Fprintf(stdout, "\noutcome: %s   blocked at: %s\n", res.Outcome, res.BlockedAt)
		if res.Err != nil {
			fmt.Fprintf(stdout, "client: %v\n", res.Err)
		}
	case "json":
		b, err := sim.RenderJSON(tl)
		if err != nil {
			return err
		}
		stdout.Write(b)
		fmt.Fprintln(stdout)
	case "asciicast":
		return writeAsciicast(ctx, stdout, sim.Run{Scenario: *scenario, Mode: m, Overrides: overrides}, tl, res, look)
	default:
		return usageError{fmt.Sprintf("unknown --format %q (text or json)", *format)}
	}
	return nil
}

// overridesFlag adds the repeatable --set KEY=VALUE flag (a run's
// overrides) to fs and returns the map it fills.
func overridesFlag(fs *flag.FlagSet) map[string]string {
	overrides := map[string]string{}
	fs.Func("set", "change a setting of the scenario, `KEY=VALUE` (repeatable; assets/scenarios/README.md):\n"+strings.TrimSuffix(sim.OverrideHelp(), "\n"), func(v string) error {
		k, val, ok := strings.Cut(v, "=")
		if !ok {
			return fmt.Errorf("want KEY=VALUE, got %q", v)
		}
		overrides[k] = val
		return nil
	})
	return overrides
}

// labOptions resolves a run of the shipped catalogue.
func labOptions(run sim.Run, seed uint64) (labrun.Options, error) {
	return labOptionsIn(shipped, run, seed)
}

// labOptionsIn resolves a run (sim.Run.Resolve, the one resolver) in the
// catalogue cat into what labrun runs, at full speed.
func labOptionsIn(cat *sim.Catalogue, run sim.Run, seed uint64) (labrun.Options, error) {
	sc, err := run.Resolve(cat)
	if err != nil {
		return labrun.Options{}, err
	}
	return labrun.Options{Scenario: sc, Mode: run.Mode, Seed: seed, Script: run.Script}, nil
}

// runMatrix prints scenario, mode, outcome and blocked_at for every
// scenario and mode, in the columns of the oracle's results.tsv.
func runMatrix(ctx context.Context, seed uint64, stdout io.Writer) error {
	fmt.Fprintln(stdout, "scenario\tmode\toutcome\tblocked_at")
	for _, sc := range shipped.All() {
		for _, m := range sim.Modes() {
			res, _, err := labrun.Exec(ctx, labrun.Options{Scenario: sc, Mode: m, Seed: seed})
			if err != nil {
				return fmt.Errorf("scenario %s mode %s: %w", sc.ID, m, err)
			}
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", sc.ID, m, res.Outcome, res.BlockedAt)
		}
	}
	return nil
}

// defaultMode is the data-connection mode of both the lab and run: PASV,
// what RFC 1579 asks clients to use by default, what curl and ftplib do,
// and the mode lesson 1 starts in.
const defaultMode = sim.ModePASV

// listScenarios prints every scenario, its title, and the first sentence
// of its file's text, which says what sets it apart ("Scenario e plus
// the FTP helper ...").
func listScenarios(w io.Writer) error {
	for _, sc := range shipped.All() {
		fmt.Fprintf(w, "%-6s %s\n", sc.ID, sc.Title)
		fmt.Fprintf(w, "%-6s %s\n", "", firstSentence(sc.Setup))
	}
	return nil
}

// firstSentence returns text up to its first full stop followed by a
// space, on one line.
func firstSentence(text string) string {
	s := strings.Join(strings.Fields(text), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	return s
}
