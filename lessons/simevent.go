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
	}
	return "", false
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
