package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rivo/tview"

	"ftplab/sim"
)

// renderState is the state pane's tagged text: each firewall's conntrack
// table, the helper's expectations and the router's NAT table at the
// step, rows new at this step marked with '+' and the changed style.
func renderState(sc sim.Scenario, cur, prev sim.State, th Theme) string {
	var b strings.Builder
	head := func(s string) { fmt.Fprintf(&b, "%s%s[-:-:-]\n", th.tag("title"), tview.Escape(s)) }
	row := func(changed bool, tag, s string) {
		mark := "  "
		if changed {
			mark, tag = "+ ", th.tag("changed")
		}
		fmt.Fprintf(&b, "%s%s%s[-:-:-]\n", tag, mark, tview.Escape(s))
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
			row(false, th.tag("dim"), "(empty)")
		}
	}
	if !tracked && len(sc.Firewalls) == 0 {
		fmt.Fprintf(&b, "%sno firewall anywhere: nothing tracks connections[-:-:-]\n", th.tag("dim"))
	}
	if tracked {
		head("expectations (ftp helper)")
		if len(cur.Expectations) == 0 {
			row(false, th.tag("dim"), "(none)")
		}
		for _, e := range cur.Expectations {
			row(!slices.Contains(prev.Expectations, e), th.tag("helper"), expLine(e, cur.Time))
		}
	}
	if hasNAT(sc) {
		head("NAT table (" + sc.RouterHost + ")")
		if len(cur.NAT) == 0 {
			row(false, th.tag("dim"), "(empty)")
		}
		for _, m := range cur.NAT {
			row(!slices.Contains(prev.NAT, m), th.tag("nat"), fmt.Sprintf("c%d %s %s → %s  %s", m.Conn, m.Kind, m.From, m.To, m.Rule))
		}
	}
	return b.String()
}

// ctLine is one conntrack entry, in the words of `conntrack -L`: what
// decides a verdict (state, RELATED, helper) first, then the tuples.
func ctLine(e sim.CTEntry) string {
	s := fmt.Sprintf("c%d %s", e.Conn, e.State)
	if e.Related {
		s += fmt.Sprintf(" RELATED to c%d", e.Master)
	}
	if e.Helper != "" {
		s += " helper=" + e.Helper
	}
	if e.SNAT {
		s += " SNAT"
	}
	if e.DNAT {
		s += " DNAT"
	}
	s += fmt.Sprintf(" %s", e.Orig)
	if e.Orig.Reverse() != e.Reply {
		s += fmt.Sprintf(" reply %s", e.Reply)
	}
	return s
}

// expLine is one expectation of the helper.
func expLine(e sim.Expectation, now int64) string {
	s := fmt.Sprintf("%s: %s:* → %s  master c%d", e.Host, e.Src, e.Dst, e.Master)
	if e.NAT && e.SavedPort != 0 {
		s += fmt.Sprintf(" (to :%d, %s)", e.SavedPort, e.Dir)
	}
	return s + fmt.Sprintf("  %ds left", max(0, (e.Expires-now)/1000))
}
