package player

import (
	"net/netip"
	"strconv"
	"strings"

	"ftplab/lessons"
	"ftplab/sim"
)

// Events adapts the lab's events to what lessons read (answer_from).
func Events(es []sim.Event) []lessons.Event {
	out := make([]lessons.Event, len(es))
	for i, e := range es {
		out[i] = eventFields{e}
	}
	return out
}

// eventFields is a sim.Event as a lessons.Event: the fields of
// lessons.Fields.
type eventFields struct{ e sim.Event }

func (v eventFields) Label() string { return v.e.Label }

func (v eventFields) Field(name string) (string, bool) {
	e := v.e
	nonEmpty := func(s string) (string, bool) { return s, s != "" }
	switch name {
	case "host":
		return nonEmpty(e.Host)
	case "src", "src.addr", "src.port":
		return apField(e.From, strings.TrimPrefix(name, "src"))
	case "dst", "dst.addr", "dst.port":
		return apField(e.To, strings.TrimPrefix(name, "dst"))
	case "line":
		l := strings.TrimRight(e.Line, "\r\n")
		return l, l != ""
	case "arg":
		if !strings.HasPrefix(e.Label, "cmd.") {
			return "", false
		}
		_, arg, ok := strings.Cut(strings.TrimRight(e.Line, "\r\n"), " ")
		return strings.TrimSpace(arg), ok
	case "code":
		code, ok := strings.CutPrefix(e.Label, "reply.")
		return code, ok
	case "verdict":
		return nonEmpty(e.Verdict)
	case "firewall":
		return nonEmpty(e.Firewall)
	case "rule":
		return nonEmpty(e.Rule)
	}
	return "", false
}

// apField returns an address:port (part ""), its address (".addr") or
// its port (".port").
func apField(ap netip.AddrPort, part string) (string, bool) {
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

var _ lessons.Event = eventFields{}
