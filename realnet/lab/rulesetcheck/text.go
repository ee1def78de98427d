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
	r.writeUnmodelled(w)
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
		for _, c := range x.Could {
			then := c.Outcome
			switch {
			case c.By > 0:
				then += fmt.Sprintf(", %s at %s:%d", c.Verdict, file, c.By)
			case c.Rule != "":
				then += fmt.Sprintf(", %s by the chain's %s", c.Verdict, c.Rule)
			}
			if len(c.Lines) == 1 {
				fmt.Fprintf(w, "  %-26s could be changed by line %d (not modelled: %s): if it matches, %s\n", "", c.Lines[0], c.What, then)
				continue
			}
			fmt.Fprintf(w, "  %-26s could be changed by lines %s together: if they all match, %s\n", "", strings.Join(strings.Fields(strings.Trim(fmt.Sprint(c.Lines), "[]")), ", "), then)
		}
	}
}

// writeUnmodelled lists the constructs the lab does not model: the rules
// holding one were run as if they never matched, then each as if it
// matched; a declaration left out could change any verdict.
func (r *Report) writeUnmodelled(w io.Writer) {
	if len(r.Unmodelled) == 0 {
		return
	}
	fmt.Fprintln(w, "  not modelled by the lab (each rule below runs as if it never matched; the modes it could change say so):")
	for _, u := range r.Unmodelled {
		if u.Rule == 0 {
			fmt.Fprintf(w, "    %s:%d:%d: %s: left out, it could change any verdict\n", r.File, u.Line, u.Col, u.What)
			continue
		}
		then := "decides nothing the lab reads"
		if u.Verdict != "" {
			then = "then " + u.Verdict
		}
		fmt.Fprintf(w, "    %s:%d:%d: %s (in the rule at line %d: %s; %s)\n", r.File, u.Line, u.Col, u.What, u.Rule, u.Text, then)
	}
}
