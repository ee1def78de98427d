package tui

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"

	"ftplab/sim"
)

// markCurrent marks the current step in the timeline: a character, so it
// shows without colour, besides the Current style.
const markCurrent = '▶'

// timelineRow renders step k's row (0 is the start, before any event),
// w cells wide, into row y of c.
func timelineRow(c *canvas, y int, k int, e sim.Event, current bool, th Theme) {
	var text string
	if k == 0 {
		text = fmt.Sprintf("%4d  (start: nothing has happened)", 0)
	} else {
		conn := "  "
		if e.Conn != 0 {
			conn = fmt.Sprintf("c%d", e.Conn)
		}
		what := e.Text
		if e.Line != "" && e.Kind != sim.KindNAT {
			what = e.Line
		}
		if e.Rule != "" {
			what = e.Firewall + " " + e.Rule
		}
		text = fmt.Sprintf("%4d %-6s %-15s %s %s", k, e.Host, e.Label, conn, what)
	}
	st := eventStyle(e, k, th)
	mark := ' '
	if current {
		st, mark = th.Current, markCurrent
	}
	c.hline(0, c.w-1, y, ' ', st)
	c.set(0, y, mark, st)
	c.text(1, y, c.w-1, truncate(text, c.w-1), st)
}

// eventStyle colours an event by what it means.
func eventStyle(e sim.Event, k int, th Theme) tcell.Style {
	switch {
	case k == 0:
		return th.Dim
	case e.Label == sim.LabelFWAccept:
		return th.Accept
	case e.Label == sim.LabelFWDrop, e.Label == sim.LabelFWReject, e.Label == sim.LabelTimeout, e.Label == sim.LabelRefused:
		return th.Drop
	case e.Kind == sim.KindHelper:
		return th.Helper
	case e.Kind == sim.KindNAT:
		return th.NAT
	case e.Kind == sim.KindReply && strings.HasPrefix(e.Label, "reply.4"), strings.HasPrefix(e.Label, "reply.5"):
		return th.Drop
	case e.Kind == sim.KindCmd, e.Kind == sim.KindReply:
		return th.Message
	case e.Kind == sim.KindData && e.Label == sim.LabelDataBytes:
		return th.Bytes
	}
	return th.Base
}

// renderTimeline draws rows offset.. of the timeline (step 0 first) into
// a w×h canvas with cur marked, in into's cells (see reuse).
func renderTimeline(into *canvas, events []sim.Event, cur, offset, w, h int, th Theme) *canvas {
	c := reuse(into, w, h, th.Base)
	for y := 0; y < h; y++ {
		k := offset + y
		if k > len(events) {
			break
		}
		var e sim.Event
		if k > 0 {
			e = events[k-1]
		}
		timelineRow(c, y, k, e, k == cur, th)
	}
	return c
}

// scrollFor returns an offset that keeps row cur visible among h rows.
func scrollFor(offset, cur, h, rows int) int {
	if h <= 0 {
		return 0
	}
	if cur < offset {
		offset = cur
	}
	if cur >= offset+h {
		offset = cur - h + 1
	}
	return max(0, min(offset, rows-h))
}
