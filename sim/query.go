package sim

import "strings"

// Questions a timeline answers about itself, so that the lab, the lessons
// and the UI do not each search its events their own way. Steps count
// from 1, as in Event; upTo is a step and clamps to the timeline's end.

// Nth returns the step of the nth event (from 1) labelled label, or 0 if
// the timeline has fewer.
func (t *Timeline) Nth(label string, n int) int {
	for i, e := range t.events {
		if e.Label == label {
			if n--; n == 0 {
				return i + 1
			}
		}
	}
	return 0
}

// Occurrence returns which event of its label event step is (from 1):
// the n for which Nth(label, n) == step. It is 0 for a step out of range.
func (t *Timeline) Occurrence(step int) int {
	if step < 1 || step > len(t.events) {
		return 0
	}
	return t.Count(t.events[step-1].Label, step)
}

// Count returns how many of the events up to step upTo are labelled label.
func (t *Timeline) Count(label string, upTo int) int {
	n := 0
	for _, e := range t.upTo(upTo) {
		if e.Label == label {
			n++
		}
	}
	return n
}

// Last returns the latest event up to step upTo labelled one of labels.
func (t *Timeline) Last(upTo int, labels ...string) (Event, bool) {
	return t.LastOn(0, upTo, labels...)
}

// LastOn returns the latest event up to step upTo on connection conn
// labelled one of labels; conn 0 means any connection, or none.
func (t *Timeline) LastOn(conn ConnID, upTo int, labels ...string) (Event, bool) {
	evs := t.upTo(upTo)
	for i := len(evs) - 1; i >= 0; i-- {
		e := evs[i]
		if conn != 0 && e.Conn != conn {
			continue
		}
		for _, l := range labels {
			if e.Label == l {
				return e, true
			}
		}
	}
	return Event{}, false
}

// LastVerdict returns the latest firewall verdict (fw.accept, fw.drop or
// fw.reject) on connection conn up to step upTo.
func (t *Timeline) LastVerdict(conn ConnID, upTo int) (Event, bool) {
	return t.LastOn(conn, upTo, LabelFWAccept, LabelFWDrop, LabelFWReject)
}

// Blocked returns the event that says what stopped the run: the last
// timeout (a dropped SYN, with the firewall and rule that dropped it) or
// refusal (a reject, or nothing listening) of the whole timeline.
func (t *Timeline) Blocked() (Event, bool) {
	return t.Last(len(t.events), LabelTimeout, LabelRefused)
}

// BlockedAt names what stopped the run, as the oracle's blocked_at
// column does: "firewall:rule", the firewall alone, "host: what happened"
// when no firewall decided (nothing listening), or "-" when nothing
// stopped a connection.
func (t *Timeline) BlockedAt() string {
	e, ok := t.Blocked()
	switch {
	case !ok:
		return "-"
	case e.Rule != "":
		return e.Firewall + ":" + e.Rule
	case e.Firewall != "":
		return e.Firewall
	}
	return e.Host + ": " + e.Text
}

// Stops reports whether the event says a packet or a connection was
// stopped: a firewall's drop or reject, a timeout, a refusal.
func (e Event) Stops() bool {
	switch e.Label {
	case LabelFWDrop, LabelFWReject, LabelTimeout, LabelRefused:
		return true
	}
	return false
}

// Failure names how a failure reaches the client, for the event that
// tells it: "timeout" (its connection got no answer), "refused" (a reset
// or an ICMP error answered it), or a failure reply's code (4yz, 5yz). It
// is "" for any other event, and for a timeout or refusal of another
// host's connection, which the client learns only from the reply that
// follows (425 when the server could not connect).
func (e Event) Failure() string {
	switch e.Label {
	case LabelTimeout, LabelRefused:
		if e.Host == HostClient {
			return e.Label
		}
	default:
		code, ok := strings.CutPrefix(e.Label, "reply.")
		if ok && (strings.HasPrefix(code, "4") || strings.HasPrefix(code, "5")) {
			return code
		}
	}
	return ""
}

// upTo returns the events of steps 1..upTo, clamped to the timeline.
func (t *Timeline) upTo(upTo int) []Event {
	return t.events[:max(0, min(upTo, len(t.events)))]
}
