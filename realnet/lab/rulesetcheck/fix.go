package rulesetcheck

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"ftplab/sim"
)

// Fix is a proposed change: why, the ruleset diff, and the outcomes of
// the fixed ruleset (run the same way).
type Fix struct {
	Why   []string `json:"why"`
	Diff  string   `json:"diff"`
	After []Result `json:"after"`
}

// helperTable is the table a fix adds when the ruleset has no FTP
// helper object.
const helperTable = "ftplab_ftp_helper"

// edit is a proposed fix before it is rendered: lines to insert after
// given lines of the file (0: before the first).
type edit struct {
	why []string
	ins map[int][]string
}

// propose works out why FTP fails through rs on rep.Host, the lines to
// add, and runs the fixed ruleset. nil: no fix the check knows.
func propose(ctx context.Context, cat *sim.Catalogue, file, text string, rs *sim.Ruleset, rep *Report, o Options) (*Fix, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	e := edit{ins: map[int][]string{}}
	e.helper(rs, rep.Host, lines)
	e.related(rs, rep, lines)
	if len(e.why) == 0 {
		return nil, nil
	}
	fixed := e.apply(lines)
	frs, _, err := sim.ParseRulesetLenient(file, []byte(fixed))
	if err != nil {
		return nil, fmt.Errorf("rulesetcheck: the fix does not parse (a bug): %w\n%s", err, fixed)
	}
	sc, err := place(cat, file, fixed, frs, o)
	if err != nil {
		return nil, err
	}
	f := &Fix{Why: e.why, Diff: e.diff(file, lines)}
	if f.After, err = runAll(ctx, sc, o); err != nil {
		return nil, err
	}
	if slices.ContainsFunc(f.After, func(r Result) bool { return r.TLS && r.Outcome != "ok" }) {
		f.Why = append(f.Why, ftpsAdvice(rep.Host, f.After, sc.PasvMin, sc.PasvMax))
	}
	return f, nil
}

// ftpsAdvice says what FTPS (the results of the fixed ruleset) needs on
// host, whose helper cannot read the encrypted control lines: per mode
// family that still fails, what must be let through without it.
func ftpsAdvice(host string, after []Result, lo, hi uint16) string {
	var active, passive bool
	for _, r := range after {
		if r.TLS && r.Outcome != "ok" {
			active = active || r.Mode.Active()
			passive = passive || !r.Mode.Active()
		}
	}
	var need []string
	if passive {
		need = append(need, fmt.Sprintf("passive mode needs new connections to the passive range let through (tcp dport %d-%d ct state new accept; through a port forward, the range forwarded too)", lo, hi))
	}
	switch {
	case active && host == sim.HostServer:
		need = append(need, "active mode needs the server's new connections from port 20 let out")
	case active:
		need = append(need, "active mode needs new connections from the server's port 20 let in (tcp sport 20 ct state new accept, which lets in anything sent from port 20), and cannot work when the client's address is translated (nothing rewrites the encrypted PORT): use passive mode")
	}
	return "FTPS still fails where it must be read: the helper cannot read encrypted control lines, so " + strings.Join(need, "; ")
}

// helper checks the FTP helper: defined, assigned, on the right hook and
// port, as sim reads the parsed ruleset (never the rule text, where a
// comment or a name may say "ftp").
func (e *edit) helper(rs *sim.Ruleset, host string, lines []string) {
	last := len(lines)
	var obj *sim.NftHelper
	for _, t := range rs.Tables {
		for _, h := range t.Helpers {
			if h.Type == "ftp" && obj == nil {
				obj = h
			}
		}
	}
	var assigns []string
	for _, a := range rs.HelperAssigns() {
		if a.Helper != nil {
			assigns = append(assigns, fmt.Sprintf("line %d (%s)", a.Rule.Line, hookNames(a)))
		}
	}
	ok := rs.SetsHelper(host)
	hook := sim.HelperHook(host)
	chain := []string{
		"  chain ftp_helper_assign {",
		fmt.Sprintf("    type filter hook %s priority filter; policy accept;", hook),
		`    tcp dport 21 ct helper set "NAME"`,
		"  }",
	}
	switch {
	case ok:
		return
	case obj == nil:
		e.why = append(e.why, "no FTP helper: nothing reads the PORT/EPRT/227/229 lines, so no data connection is expected (ct state related never happens); "+
			"add a ct helper object of type \"ftp\" and assign it to the control connection (port 21) on the "+string(hook)+" hook")
		if host == sim.HostServer {
			e.why = append(e.why, "(without a helper, a server can instead accept new connections to its passive range, e.g. tcp dport 40000-40009 ct state new accept; active mode then needs the client's side)")
		}
		add := []string{"table inet " + helperTable + " {", `  ct helper ftp-std { type "ftp" protocol tcp; l3proto inet; }`}
		add = append(add, strings.ReplaceAll(strings.Join(chain, "\n"), "NAME", "ftp-std"))
		e.ins[last] = append(e.ins[last], append(add, "}")...)
	case len(assigns) == 0:
		e.why = append(e.why, fmt.Sprintf("the ct helper %s (line %d) is defined but never assigned: add ct helper set \"%s\" for port 21 on the %s hook", obj.Name, obj.Line, obj.Name, hook))
		end := objectEnd(lines, obj.Line)
		e.ins[end] = append(e.ins[end], strings.ReplaceAll(strings.Join(chain, "\n"), "NAME", obj.Name))
	default:
		e.why = append(e.why, fmt.Sprintf("the helper is assigned at %s, where the %s never sees the control connection to port 21: assign it on the %s hook", strings.Join(assigns, ", "), host, hook))
		end := objectEnd(lines, obj.Line)
		e.ins[end] = append(e.ins[end], strings.ReplaceAll(strings.Join(chain, "\n"), "NAME", obj.Name))
	}
}

// hookNames is where a helper assignment is: the hooks reaching it, or
// its chain's name when no base chain does.
func hookNames(a sim.HelperAssign) string {
	if len(a.Hooks) == 0 {
		return "chain " + a.Chain.Name + ", reached from no hook"
	}
	var s []string
	for _, h := range a.Hooks {
		s = append(s, string(h))
	}
	return strings.Join(s, ", ")
}

// objectEnd is the line closing the object that starts at line first:
// the first line from there holding a "}".
func objectEnd(lines []string, first int) int {
	for i := first - 1; i < len(lines); i++ {
		if strings.Contains(lines[i], "}") {
			return i + 1
		}
	}
	return len(lines)
}

// related checks that some rule accepts related connections (as sim
// reads the parsed rules, not their text), else proposes one where the
// first failing mode was stopped.
func (e *edit) related(rs *sim.Ruleset, rep *Report, lines []string) {
	if rs.AcceptsRelated() {
		return
	}
	for _, r := range rep.Results {
		if r.Outcome == "ok" || r.Verdict == "" || r.Verdict == string(sim.Accept) {
			continue
		}
		if r.Line == 0 {
			e.why = append(e.why, fmt.Sprintf("no rule accepts related connections, and the %s stopped %s: add ct state related accept to the chain whose policy decided", r.Rule, r.Mode))
			return
		}
		indent := lines[r.Line-1][:len(lines[r.Line-1])-len(strings.TrimLeft(lines[r.Line-1], " \t"))]
		e.why = append(e.why, fmt.Sprintf("no rule accepts related connections: the data connection the helper expects arrives as ct state related and meets line %d: %s", r.Line, r.Text))
		e.ins[r.Line-1] = append(e.ins[r.Line-1], indent+"ct state established,related accept")
		return
	}
}

// apply returns the file with the insertions made.
func (e *edit) apply(lines []string) string {
	var b strings.Builder
	for i := 0; i <= len(lines); i++ {
		if i > 0 {
			b.WriteString(lines[i-1] + "\n")
		}
		for _, l := range e.ins[i] {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// diff renders the insertions as a unified diff, one hunk each.
func (e *edit) diff(file string, lines []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "--- %s\n+++ %s (fixed)\n", file, file)
	at := make([]int, 0, len(e.ins))
	for k := range e.ins {
		at = append(at, k)
	}
	slices.Sort(at)
	shift := 0
	for _, n := range at {
		var add []string
		for _, l := range e.ins[n] {
			add = append(add, strings.Split(l, "\n")...)
		}
		ctx := min(n, 1)
		fmt.Fprintf(&b, "@@ -%d,%d +%d,%d @@\n", n-ctx+1, ctx, n-ctx+1+shift, ctx+len(add))
		if ctx == 1 {
			b.WriteString(" " + lines[n-1] + "\n")
		}
		for _, l := range add {
			b.WriteString("+" + l + "\n")
		}
		shift += len(add)
	}
	return b.String()
}
