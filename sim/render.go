package sim

import (
	"encoding/json"
	"fmt"
	"strings"
)

// RenderText renders a timeline as plain text, one event per line:
// step, logical time, host, label, connection, endpoints, then what
// happened (with firewall, rule and verdict when a firewall decided).
// The output is stable: fit for golden files.
func RenderText(t *Timeline) string {
	var b strings.Builder
	for _, e := range t.events {
		conn := "-"
		if e.Conn != 0 {
			conn = fmt.Sprintf("c%d", e.Conn)
		}
		fmt.Fprintf(&b, "%4d %6dms %-7s %-17s %-3s", e.Seq, e.Time, e.Host, e.Label, conn)
		if e.From.IsValid() || e.To.IsValid() {
			fmt.Fprintf(&b, " %s -> %s", addrOrDash(e.From.String(), e.From.IsValid()), addrOrDash(e.To.String(), e.To.IsValid()))
		}
		fmt.Fprintf(&b, " | %s", e.Text)
		if e.Rule != "" {
			var tag []string
			for _, x := range []string{e.Firewall, e.Rule, e.Verdict} {
				if x != "" {
					tag = append(tag, x)
				}
			}
			fmt.Fprintf(&b, " [%s]", strings.Join(tag, " "))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func addrOrDash(s string, ok bool) string {
	if ok {
		return s
	}
	return "-"
}

// timelineJSON is the JSON form of a timeline.
type timelineJSON struct {
	Events []Event `json:"events"`
	Final  State   `json:"final"`
}

// RenderJSON renders a timeline's events and its final state as indented
// JSON.
func RenderJSON(t *Timeline) ([]byte, error) {
	final, err := t.At(t.Len())
	if err != nil {
		return nil, err
	}
	v := timelineJSON{Events: t.Events(), Final: final}
	if v.Events == nil {
		v.Events = []Event{}
	}
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("sim: render timeline as JSON: %w", err)
	}
	return append(out, '\n'), nil
}
