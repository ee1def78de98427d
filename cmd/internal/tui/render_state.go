package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rivo/tview"

	"ftplab/sim"
)

// renderState is the state pane's tagged text, w cells wide (0: rows
// unwrapped): each firewall's conntrack table, the helper's expectations
// and the router's NAT table at the step, rows new at this step marked
// with '+' and the changed style. A row wider than w continues on
// indented lines, cut between its parts (see packRow), never inside an
// address or an arrow.
func renderState(sc sim.Scenario, cur, prev sim.State, th Theme, w int) string {
	var b strings.Builder
	head := func(s string) { fmt.Fprintf(&b, "%s%s[-:-:-]\n", th.tag("title"), tview.Escape(s)) }
	row := func(changed bool, tag string, parts []string) {
		mark := "  "
		if changed {
			mark, tag = "+ ", th.tag("changed")
		}
		for i, l := range packRow(parts, w-len(mark)) {
			if i > 0 {
				mark = "  "
			}
			fmt.Fprintf(&b, "%s%s%s[-:-:-]\n", tag, mark, tview.Escape(l))
		}
	}
	tracked := false
	for _, f := range sc.Firewalls {
		if !f.Tracks() {
			fmt.Fprintf(&b, "%s%s on %s: stateless, no conntrack[-:-:-]\n", th.tag("dim"), f.Name, f.Host)
			continue
		}
		tracked = true
		head(fmt.Sprintf("conntrack %s (%s)", f.Name, f.Host))
		n := 0
		for _, e := range cur.Conntrack {
			if e.Host != f.Host {
				continue
			}
			n++
			tag := th.tag("base")
			if e.Related {
				tag = th.tag("helper")
			}
			row(!slices.Contains(prev.Conntrack, e), tag, ctLine(e))
		}
		if n == 0 {
			row(false, th.tag("dim"), []string{"(empty)"})
		}
	}
	if !tracked && len(sc.Firewalls) == 0 {
		fmt.Fprintf(&b, "%sno firewall anywhere: nothing tracks connections[-:-:-]\n", th.tag("dim"))
	}
	if tracked {
		head("expectations (ftp helper)")
		if len(cur.Expectations) == 0 {
			row(false, th.tag("dim"), []string{"(none)"})
		}
		for _, e := range cur.Expectations {
			row(!slices.Contains(prev.Expectations, e), th.tag("helper"), expLine(e, cur.Time))
		}
	}
	if hasNAT(sc) {
		head("NAT table (" + sc.RouterHost + ")")
		if len(cur.NAT) == 0 {
			row(false, th.tag("dim"), []string{"(empty)"})
		}
		for _, m := range cur.NAT {
			row(!slices.Contains(prev.NAT, m), th.tag("nat"), []string{fmt.Sprintf("c%d", m.Conn), string(m.Kind), m.From.String() + " →", m.To.String(), m.Rule})
		}
	}
	return b.String()
}

// packRow lays a row's parts out in lines of at most w cells, each
// line after the first indented by two (w <= 0: one line). A part wider
// than a line is cut at its last space.
func packRow(parts []string, w int) []string {
	var words []string
	for _, p := range parts {
		if i := strings.LastIndex(p, " "); w > 0 && len([]rune(p))+2 > w && i > 0 {
			words = append(words, p[:i], p[i+1:]) // "reply from" | its address
		} else {
			words = append(words, p)
		}
	}
	var out []string
	line := ""
	for _, p := range words {
		switch {
		case p == "":
		case line == "":
			line = p
		case w > 0 && len([]rune(line))+1+len([]rune(p)) > w:
			out = append(out, line)
			line = "  " + p
		default:
			line += " " + p
		}
	}
	return append(out, line)
}

// ctLine is one conntrack entry, in the words of `conntrack -L`: what
// decides a verdict (state, RELATED, helper) first, then the tuples, in
// parts that packRow keeps whole. The reply tuple, when it is not the
// original reversed, says what a translation changed: its source (DNAT:
// who really answers), its destination (SNAT), or both.
func ctLine(e sim.CTEntry) []string {
	out := []string{fmt.Sprintf("c%d", e.Conn), e.State}
	if e.Related {
		out = append(out, fmt.Sprintf("RELATED to c%d", e.Master))
	}
	if e.Helper != "" {
		out = append(out, "helper="+e.Helper)
	}
	if e.SNAT {
		out = append(out, "SNAT")
	}
	if e.DNAT {
		out = append(out, "DNAT")
	}
	out = append(out, e.Orig.Src.String()+" →", e.Orig.Dst.String())
	switch rev := e.Orig.Reverse(); {
	case rev == e.Reply:
	case rev.Dst == e.Reply.Dst:
		out = append(out, "reply from "+e.Reply.Src.String())
	case rev.Src == e.Reply.Src:
		out = append(out, "reply to "+e.Reply.Dst.String())
	default:
		out = append(out, "reply "+e.Reply.Src.String()+" →", e.Reply.Dst.String())
	}
	return out
}

// expLine is one expectation of the helper.
func expLine(e sim.Expectation, now int64) []string {
	out := []string{e.Host + ":", e.Src.String() + ":* →", e.Dst.String(), fmt.Sprintf("master c%d", e.Master)}
	if e.NAT && e.SavedPort != 0 {
		out = append(out, fmt.Sprintf("(to :%d, %s)", e.SavedPort, e.Dir))
	}
	return append(out, fmt.Sprintf("%ds left", max(0, (e.Expires-now)/1000)))
}
