package tui

import (
	"github.com/gdamore/tcell/v2"

	"ftplab/sim"
)

// drawVerdict marks on connection cs's row y where it was stopped, from
// the step its firewall decided: a ✘ on that firewall's bar. The big
// diagram (a projector) says it in a box on the wire, in the verdict's
// colour: ✘ DROPPED or ✘ REJECTED at the firewall, ✘ REFUSED at the far
// end when no firewall was in the way (nothing listened there), and
// ✔ ACCEPTED at the step a firewall lets the connection through.
func drawVerdict(c *canvas, l netLayout, n netScene, cs sim.ConnState, y int, far side) {
	th := n.theme
	stopped := cs.Status != sim.StatusOpen && cs.Status != sim.StatusClosed
	if e, ok := n.tl.LastOn(cs.ID, n.step, sim.LabelFWDrop, sim.LabelFWReject); ok && stopped {
		word := "DROPPED"
		if e.Label == sim.LabelFWReject {
			word = "REJECTED"
		}
		fwMark(c, l, n, cs, e.Host, y, '✘', word, th.Drop)
		return
	}
	if !l.big {
		return
	}
	if cs.Status == sim.StatusRefused {
		label := "✘ REFUSED"
		fx := l.boxX(n.sc, far.host)
		near, _ := ends(n.sc, cs)
		x := fx + l.boxW // the far box is left of the wire (the attacker's)
		if fx > l.boxX(n.sc, near.host) {
			x = fx - markerWidth(label) - 1
		}
		drawMarker(c, x, y, label, th.Drop)
		return
	}
	if ev, ok := n.current(); ok && ev.Conn == cs.ID && ev.Label == sim.LabelFWAccept {
		fwMark(c, l, n, cs, ev.Host, y, '✔', "ACCEPTED", th.Accept)
	}
}

// fwMark marks connection cs's row y at the bar of host's firewall that
// it crossed: mark alone on a small diagram; on a big one a box with
// mark and word, on the wire's side of the bar (away from host's box).
func fwMark(c *canvas, l netLayout, n netScene, cs sim.ConnState, host string, y int, mark rune, word string, st tcell.Style) {
	xs, ok := l.fwX[host]
	if !ok {
		return
	}
	x := xs[0]
	if len(xs) > 1 && cs.Dialer == n.sc.ServerHost {
		x = xs[1]
	}
	if !l.big {
		c.set(x, y, mark, st)
		return
	}
	label := string(mark) + " " + word
	if x < l.boxX(n.sc, host) {
		x -= markerWidth(label) - 1
	}
	drawMarker(c, x, y, label, st)
}

// markerWidth is the cells of a verdict's box around label.
func markerWidth(label string) int { return len([]rune(label)) + 4 }

// drawMarker draws label in a heavy box from column x, its middle row
// on row y.
func drawMarker(c *canvas, x, y int, label string, st tcell.Style) {
	w := markerWidth(label)
	for _, r := range []struct {
		y           int
		left, right rune
	}{{y - 1, '┏', '┓'}, {y, '┃', '┃'}, {y + 1, '┗', '┛'}} {
		c.set(x, r.y, r.left, st)
		c.hline(x+1, x+w-2, r.y, '━', st)
		c.set(x+w-1, r.y, r.right, st)
	}
	c.text(x+1, y, w-2, " "+label+" ", st)
}
