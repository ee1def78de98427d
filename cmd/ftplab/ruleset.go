package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"

	"ftplab/realnet/lab/rulesetcheck"
)

// runRuleset: ftplab ruleset check FILE [--on client|router|server]
// [--pasv-address A] [--pasv-ports LO-HI] [--ftps] [--format text|json].
// It exits 1 when some mode fails, 2 when it cannot check (a mistake in
// the command line, a file it cannot read): a script tells them apart.
func runRuleset(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "check" {
		return usageError{"want: ftplab ruleset check FILE [--on client|router|server] [--lan IFNAME --wan IFNAME] [--pasv-address A] [--pasv-ports LO-HI] [--ftps] [--format text|json]"}
	}
	fl := flag.NewFlagSet("ruleset check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	on := fl.String("on", "server", "the host the ruleset filters: client, router or server (the router's interfaces are lan, the client's side, and wan, the server's side; the client's and the server's eth0)")
	lan := fl.String("lan", "", "with --on router: the name your ruleset gives the router's client-side interface (`IFNAME`, e.g. eth1); default lan")
	wan := fl.String("wan", "", "with --on router: the name your ruleset gives the router's server-side interface (`IFNAME`, e.g. eth0); default wan")
	pasvAddr := fl.String("pasv-address", "", "address the server announces in 227 replies")
	pasvPorts := fl.String("pasv-ports", "", "the server's passive range LO-HI (default 40000-40009)")
	ftps := fl.Bool("ftps", false, "also run every mode with explicit FTPS")
	format := fl.String("format", "text", "output: text or json")
	if err := fl.Parse(flagsFirst(args[1:])); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return usageError{"ruleset check takes one FILE (the output of nft list ruleset, say)"}
	}
	switch {
	case *on != "client" && *on != "router" && *on != "server":
		return usageError{fmt.Sprintf("--on %q: want client, router or server", *on)}
	case (*lan != "" || *wan != "") && *on != "router":
		return usageError{"--lan and --wan name the router's interfaces: use them with --on router"}
	case *lan != "" && *lan == *wan:
		return usageError{fmt.Sprintf("--lan %q and --wan %q: want two names", *lan, *wan)}
	case *format != "text" && *format != "json":
		return usageError{fmt.Sprintf("--format %q: want text or json", *format)}
	}
	o := rulesetcheck.Options{On: *on, FTPS: *ftps, Lan: *lan, Wan: *wan}
	if *pasvAddr != "" {
		a, err := netip.ParseAddr(*pasvAddr)
		if err != nil {
			return usageError{fmt.Sprintf("--pasv-address %q: %v", *pasvAddr, err)}
		}
		o.PasvAddress = a
	}
	if *pasvPorts != "" {
		if _, err := fmt.Sscanf(*pasvPorts, "%d-%d", &o.PasvMin, &o.PasvMax); err != nil || o.PasvMin == 0 || o.PasvMin > o.PasvMax {
			return usageError{fmt.Sprintf("--pasv-ports %q: want LO-HI", *pasvPorts)}
		}
	}
	file := fl.Arg(0)
	src, err := os.ReadFile(file)
	if err == nil {
		var rep *rulesetcheck.Report
		if rep, err = rulesetcheck.Check(ctx, shipped, file, src, o); err == nil {
			return writeRuleset(rep, *format, stdout)
		}
	}
	fmt.Fprintf(stderr, "ftplab ruleset: %v\n", err)
	return exitStatus(2)
}

// writeRuleset writes the report in format; exit status 1 when some mode
// fails.
func writeRuleset(rep *rulesetcheck.Report, format string, stdout io.Writer) error {
	switch format {
	case "text":
		rep.WriteText(stdout)
	case "json":
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s\n", b)
	}
	if rep.Failed() {
		return exitStatus(1)
	}
	return nil
}

// flagsFirst moves the one FILE argument after the flags, so that
// "check FILE --on router" parses as "check --on router FILE".
func flagsFirst(args []string) []string {
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		return append(args[1:len(args):len(args)], args[0])
	}
	return args
}
