package sim

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// The overrides router_policy and helper change the rulesets' text, which
// is then parsed again with its file lines: the lab runs, and the ruleset
// view shows, the text the kernel would load. Every edit keeps each rule
// on its line (words change within a line; what is added goes after the
// last line), so a verdict still names the line of the file.

// editRulesets applies router_policy or helper (key) with value v to the
// scenario's rulesets; with apply false it only checks v.
func (s *Scenario) editRulesets(key, v string, apply bool) error {
	v = strings.ToLower(v)
	var edit func(fw Firewall) (string, error)
	switch {
	case key == "router_policy" && (v == "drop" || v == "reject"):
		edit = func(fw Firewall) (string, error) { return routerPolicyText(fw, v) }
	case key == "router_policy":
		return fmt.Errorf("want drop or reject")
	case key == "helper" && (v == "on" || v == "yes"):
		edit = helperOnText
	case key == "helper" && (v == "off" || v == "no"):
		edit = helperOffText
	default:
		return fmt.Errorf("want on or off")
	}
	if !apply {
		return nil
	}
	fws := slices.Clone(s.Firewalls)
	n := 0
	for i, fw := range fws {
		if fw.Ruleset == nil || key == "router_policy" && fw.Host != HostRouter {
			continue
		}
		text, err := edit(fw)
		if err != nil {
			return fmt.Errorf("%s's ruleset: %w", fw.Host, err)
		}
		if fws[i], err = fw.withText(text); err != nil {
			return fmt.Errorf("%s's ruleset does not parse once changed (a bug): %w", fw.Host, err)
		}
		n++
	}
	if n == 0 && key == "router_policy" {
		return fmt.Errorf("the scenario's router has no ruleset (no forward chain to change)")
	}
	if n == 0 && v == "on" {
		return fmt.Errorf("the scenario has no ruleset to hold a helper (no host filters)")
	}
	s.Firewalls = fws
	return nil
}

// withText returns fw holding text instead, parsed with fw's file lines.
func (fw Firewall) withText(text string) (Firewall, error) {
	pad := strings.Repeat("\n", max(fw.Line-1, 0))
	rs, err := ParseRuleset(fw.File, []byte(pad+text))
	if err != nil {
		return fw, err
	}
	fw.Text, fw.Ruleset = text, rs
	return fw, nil
}

// fwLines splits fw's text into lines and returns the index of file line
// n in them.
func fwLines(fw Firewall) ([]string, func(n int) int) {
	first := max(fw.Line, 1)
	return strings.Split(fw.Text, "\n"), func(n int) int { return n - first }
}

// verdictWords is a drop or reject verdict as written, up to its end.
var verdictWords = regexp.MustCompile(`^(drop|reject( with tcp reset| with icmp[xv6]* (type )?[a-z-]+)?)\b`)

// routerPolicyText is router_policy v on the router's ruleset. For each
// base chain of type filter on the forward hook:
//   - a last rule that matches every packet (only a counter, a comment
//     and drop or reject) is what the chain does with what it does not
//     accept: its verdict becomes v (reject is a plain reject: port
//     unreachable, which the dialer reads as refused);
//   - else, with policy drop and v reject, "add rule FAMILY TABLE CHAIN
//     reject" is added after the ruleset (nft's policy can only accept or
//     drop; a last reject rule is how a chain rejects);
//   - else the chain drops what it does not accept (v drop: nothing to
//     change) or accepts it (policy accept): it is left as it is.
//
// A ruleset without such a chain is an error.
func routerPolicyText(fw Firewall, v string) (string, error) {
	lines, at := fwLines(fw)
	var add []string
	chains := 0
	for _, t := range fw.Ruleset.Tables {
		for _, c := range t.Chains {
			if c.Hook != Forward || c.Type != FilterChain {
				continue
			}
			chains++
			if vs, ok := catchAll(c); ok {
				i := at(vs.line)
				l := lines[i]
				rest := l[vs.col-1:]
				m := verdictWords.FindString(rest)
				lines[i] = l[:vs.col-1] + v + rest[len(m):]
				continue
			}
			if c.Policy == Drop && v == "reject" {
				add = append(add, fmt.Sprintf("add rule %s %s %s reject comment \"router_policy reject\"", t.Family, t.Name, c.Name))
			}
		}
	}
	if chains == 0 {
		return "", fmt.Errorf("no base chain of type filter on the forward hook")
	}
	return joinAdding(lines, add), nil
}

// catchAll returns the verdict of c's last rule when that rule matches
// every packet and drops or rejects it.
func catchAll(c *NftChain) (verdictStmt, bool) {
	if len(c.Rules) == 0 {
		return verdictStmt{}, false
	}
	r := c.Rules[len(c.Rules)-1]
	var v verdictStmt
	for _, s := range r.stmts {
		switch s := s.(type) {
		case counterRef:
		case verdictStmt:
			v = s
		default:
			return verdictStmt{}, false
		}
	}
	return v, v.kind == "drop" || v.kind == "reject"
}

// joinAdding joins lines and appends add after them, one a line.
func joinAdding(lines, add []string) string {
	text := strings.Join(lines, "\n")
	if len(add) == 0 {
		return text
	}
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return text + strings.Join(add, "\n") + "\n"
}

// helperSet is a ct helper set statement as written.
var helperSet = regexp.MustCompile(`^ct\s+helper\s+set\s+("[^"]*"|\S+)\s*`)

// helperOffText is helper off on one ruleset: every "ct helper set NAME"
// is taken out of its rule (what is left of the rule, its matches and
// counter, stays and decides nothing), and every ct helper object is
// commented out ("# " before each of its lines). An object that shares a
// line with anything else is an error.
func helperOffText(fw Firewall) (string, error) {
	lines, at := fwLines(fw)
	type cut struct{ line, col int }
	var cuts []cut
	for _, s := range fw.Ruleset.stmts() {
		if h, ok := s.(setHelper); ok {
			cuts = append(cuts, cut{h.line, h.col})
		}
	}
	// Right to left, so that a cut does not move the next one's column.
	slices.SortFunc(cuts, func(a, b cut) int { return b.col - a.col })
	for _, c := range cuts {
		i := at(c.line)
		rest := lines[i][c.col-1:]
		lines[i] = lines[i][:c.col-1] + rest[len(helperSet.FindString(rest)):]
		if strings.TrimSpace(lines[i]) == "" {
			lines[i] = ""
		}
	}
	for _, t := range fw.Ruleset.Tables {
		for _, h := range t.Helpers {
			if err := commentOut(lines, at(h.Line)); err != nil {
				return "", fmt.Errorf("ct helper %s (line %d): %w", h.Name, h.Line, err)
			}
		}
	}
	return strings.Join(lines, "\n"), nil
}

// commentOut comments out the object starting at lines[i] ("ct helper
// NAME {") up to the line holding its "}".
func commentOut(lines []string, i int) error {
	if !strings.HasPrefix(strings.TrimSpace(lines[i]), "ct helper") {
		return fmt.Errorf("not on lines of its own: cannot take it out")
	}
	for j := i; j < len(lines); j++ {
		l := lines[j]
		ind := len(l) - len(strings.TrimLeft(l, " \t"))
		lines[j] = l[:ind] + "# " + l[ind:]
		if k := strings.Index(l, "}"); k >= 0 {
			if strings.Trim(l[k+1:], " \t;") != "" {
				return fmt.Errorf("its } shares a line with more: cannot take it out")
			}
			return nil
		}
	}
	return fmt.Errorf("not closed")
}

// HelperTable is the table helper on adds to a ruleset that assigns no
// helper: an FTP helper object, assigned to connections to port 21 on
// the hook where the host sees their first packet (HelperHook).
const HelperTable = "ftplab_helper"

// HelperHook is the hook where host sees a control connection's first
// packet: the client sends it (output); the router forwards it and the
// server receives it (prerouting, before any filter decides).
func HelperHook(host string) Hook { return ControlHooks(host)[0] }

// helperOnText is helper on on one ruleset: unchanged when it sets the
// FTP helper up for its host's control connections already (SetsHelper);
// else the table HelperTable is added after it.
func helperOnText(fw Firewall) (string, error) {
	if fw.Ruleset.SetsHelper(fw.Host) {
		return fw.Text, nil
	}
	add := []string{
		"table inet " + HelperTable + " {",
		`  ct helper ftp-std { type "ftp" protocol tcp; l3proto inet; }`,
		"  chain ftp_helper_assign {",
		fmt.Sprintf("    type filter hook %s priority filter; policy accept;", HelperHook(fw.Host)),
		`    tcp dport 21 ct helper set "ftp-std" comment "helper on"`,
		"  }",
		"}",
	}
	return joinAdding(strings.Split(strings.TrimSuffix(fw.Text, "\n"), "\n"), add), nil
}
