package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"time"

	"ftplab/realnet/diagnose"
)

// exitStatus is an exit status a command chose itself, its message
// already printed.
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// tlsFlag reads --tls (on), --tls=on, --tls=off, --tls=auto.
type tlsFlag struct{ p *diagnose.TLSPolicy }

func (f tlsFlag) IsBoolFlag() bool { return true }

func (f tlsFlag) String() string {
	if f.p == nil {
		return "auto"
	}
	return map[diagnose.TLSPolicy]string{diagnose.TLSAuto: "auto", diagnose.TLSOn: "on", diagnose.TLSOff: "off"}[*f.p]
}

func (f tlsFlag) Set(s string) error {
	switch s {
	case "true", "on":
		*f.p = diagnose.TLSOn
	case "false", "off":
		*f.p = diagnose.TLSOff
	case "auto":
		*f.p = diagnose.TLSAuto
	default:
		return fmt.Errorf("want on, off or auto, got %q", s)
	}
	return nil
}

func diagnoseUsage() string {
	bound := diagnose.Options{}.Bound()
	return fmt.Sprintf(`diagnose [flags] ftp://[user[:pass]@]host[:port]/[path]

Logs in and tries every data-connection mode on its own control connection,
without fallback: PASV to the 227 address, PASV to the control peer
(PASV_CTLIP), EPSV, PORT, EPRT; with --tls (or --tls=auto when FEAT offers
AUTH TLS) the same under explicit FTPS. Then names the likely culprit, where
it sits, the lab scenario that reproduces it, the lesson, and the fixes.
It reads only (LIST of the path, or --retr FILE); it writes only with
--write-test (a unique name, removed after).

Each data connection and each reply is bounded by --timeout; the whole run
ends within (4 + 4 x ceil(10 / --parallel)) x --timeout + 1 s: %v with the
defaults.

Exit status: 0 all modes work, 1 some fail, 2 could not log in or bad usage.`, bound)
}

func runDiagnose(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o diagnose.Options
	fs := newFlagSet("diagnose", diagnoseUsage(), stderr)
	fs.Var(tlsFlag{&o.TLS}, "tls", "also try every mode under explicit FTPS: on (--tls), off, or auto (the default): when FEAT offers AUTH TLS")
	insecure := fs.Bool("insecure", false, "do not verify the server's certificate (self-signed servers)")
	fs.DurationVar(&o.Timeout, "timeout", diagnose.DefaultTimeout, "bound on each data connection and each reply")
	fs.IntVar(&o.Parallel, "parallel", 5, "attempts at once, each on its own control connection")
	fs.StringVar(&o.Retr, "retr", "", "download this FILE (to nowhere) instead of listing the path")
	fs.BoolVar(&o.WriteTest, "write-test", false, "also upload a small file under a unique name in each mode, then delete it")
	format := fs.String("format", "text", "output: text, json (schema ftplab.diagnose/1) or markdown")
	transcripts := fs.Bool("transcripts", false, "text and markdown: add the control dialogue of each failed attempt")
	open := fs.Bool("open", false, "afterwards, open the lab on the scenario that reproduces the first finding")
	u, err := oneURL(fs, args)
	if err != nil {
		return err
	}
	if *format != "text" && *format != "json" && *format != "markdown" {
		return usageError{fmt.Sprintf("--format %q: want text, json or markdown", *format)}
	}
	if o.Timeout <= 0 || o.Parallel <= 0 {
		return usageError{"--timeout and --parallel must be positive"}
	}
	o.User, o.Password, o.Path = u.user, u.pass, u.path
	o.TLSConfig = &tls.Config{ServerName: u.host, InsecureSkipVerify: *insecure}
	start := time.Now()
	e := diagnose.Run(ctx, u.addr, o)
	d := diagnose.Diagnose(e)
	r := diagnose.NewReport(e, d, o)
	switch *format {
	case "json":
		err = r.WriteJSON(stdout)
	case "markdown":
		err = r.WriteMarkdown(stdout, *transcripts)
	default:
		err = r.WriteText(stdout, *transcripts)
		fmt.Fprintf(stdout, "\n(%d attempts in %.1f s)\n", madeAttempts(e), time.Since(start).Seconds())
	}
	if err != nil {
		return err
	}
	if *open && len(d.Findings) > 0 {
		lab := d.Findings[0].Lab
		if err := runLab(ctx, []string{"--scenario", lab.Scenario, "--mode", string(lab.Mode)}, stdout, stderr); err != nil {
			return err
		}
	}
	if code := d.ExitCode(); code != 0 {
		return exitStatus(code)
	}
	return nil
}

// madeAttempts counts the attempts made: not those not applicable (PASV
// and PORT over IPv6).
func madeAttempts(e diagnose.Evidence) int {
	n := 0
	for _, a := range e.Attempts {
		if a.Ending != diagnose.NotApplicable {
			n++
		}
	}
	return n
}
