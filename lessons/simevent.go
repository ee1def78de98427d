package lessons

import (
	"net/netip"
	"strconv"
	"strings"

	"ftplab/sim"
)

// SimEvents adapts the lab's events to what lessons read (Event), with
// the fields of Fields. Validation reads choice_from and answer_from
// through it.
func SimEvents(es []sim.Event) []Event {
	out := make([]Event, len(es))
	for i, e := range es {
		out[i] = simEvent{e}
	}
	return out
}

type simEvent struct{ e sim.Event }

func (v simEvent) Label() string { return v.e.Label }

func (v simEvent) Field(name string) (string, bool) {
	e := v.e
	nonEmpty := func(s string) (string, bool) { return s, s != "" }
	switch name {
	case "host":
		return nonEmpty(e.Host)
	case "src", "src.addr", "src.port":
		return addrPortField(e.From, strings.TrimPrefix(name, "src"))
	case "dst", "dst.addr", "dst.port":
		return addrPortField(e.To, strings.TrimPrefix(name, "dst"))
	case "line":
		return nonEmpty(strings.TrimRight(e.Line, "\r\n"))
	case "arg":
		if !strings.HasPrefix(e.Label, "cmd.") {
			return "", false
		}
		_, arg, ok := strings.Cut(strings.TrimRight(e.Line, "\r\n"), " ")
		return strings.TrimSpace(arg), ok
	case "code":
		return strings.CutPrefix(e.Label, "reply.")
	case "verdict":
		return nonEmpty(e.Verdict)
	case "firewall":
		return nonEmpty(e.Firewall)
	case "rule":
		return nonEmpty(e.Rule)
	case "state":
		if e.CT == sim.CTUntracked {
			return "stateless", true
		}
		return nonEmpty(string(e.CT))
	case "line.addr", "line.verb":
		return lineField(e, name)
	case "failure":
		return nonEmpty(e.Failure())
	}
	return "", false
}

// lineField reads a control line as the FTP helper does (sim.HelperScan):
// the address it announces, or its verb (a reply's code; for helper.parse
// the pattern read).
func lineField(e sim.Event, name string) (string, bool) {
	line := strings.TrimRight(e.Line, "\r\n")
	var m sim.HelperMatch
	switch {
	case strings.HasPrefix(e.Label, "cmd."):
		m = sim.HelperScan(line, true)
	case strings.HasPrefix(e.Label, "reply."):
		m = sim.HelperScan(line, false)
	case e.Label == sim.LabelHelperParse:
		if m = sim.HelperScan(line, true); m.Result == sim.HelperNone {
			m = sim.HelperScan(line, false)
		}
	default:
		return "", false
	}
	if name == "line.addr" {
		if m.Result != sim.HelperFound || !m.Addr.IsValid() {
			return "", false
		}
		return m.Addr.String(), true
	}
	switch {
	case e.Label == sim.LabelHelperParse:
		return m.Pattern, m.Result != sim.HelperNone
	case strings.HasPrefix(e.Label, "cmd."):
		return strings.TrimPrefix(e.Label, "cmd."), true
	}
	return strings.TrimPrefix(e.Label, "reply."), true
}

// addrPortField returns an address:port (part ""), its address (".addr")
// or its port (".port").
func addrPortField(ap netip.AddrPort, part string) (string, bool) {
	if !ap.IsValid() {
		return "", false
	}
	switch part {
	case ".addr":
		return ap.Addr().String(), true
	case ".port":
		return strconv.Itoa(int(ap.Port())), true
	}
	return ap.String(), true
}
