package rulesetcheck

import (
	"fmt"
	"io"
	"strings"
)

// WriteText writes the report for a reader: one line per mode, then the
// fix, its diff and what it changes.
func (r *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "%s on the %s (lab topology %s):\n", r.File, r.Host, r.Scenario)
	fmt.Fprintf(w, "  the %s's interfaces: %s\n", r.Host, strings.Join(r.Interfaces, ", "))
	for _, x := range r.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", x)
	}
	writeResults(w, r.File, r.Results)
	if r.Fix == nil {
		if r.Failed() {
			fmt.Fprintln(w, "\nno fix proposed: the ruleset is not what stops these modes")
		}
		return
	}
	fmt.Fprintln(w, "\nfix:")
	for _, why := range r.Fix.Why {
		fmt.Fprintf(w, "  - %s\n", why)
	}
	fmt.Fprintf(w, "\n%s\nwith the fix (lines of the fixed file):\n", r.Fix.Diff)
	writeResults(w, r.File, r.Fix.After)
}

func writeResults(w io.Writer, file string, rs []Result) {
	for _, x := range rs {
		mode := string(x.Mode)
		if x.TLS {
			mode += "+TLS"
		}
		why := ""
		switch {
		case x.Line > 0:
			why = fmt.Sprintf("%s at %s:%d: %s", x.Verdict, file, x.Line, x.Text)
		case x.Rule != "":
			why = fmt.Sprintf("%s by the chain's %s", x.Verdict, x.Rule)
		case x.Elsewhere != "":
			why = "stopped at " + x.Elsewhere
		}
		fmt.Fprintf(w, "  %-14s %-11s %s\n", mode, x.Outcome, strings.TrimSpace(why))
	}
}
