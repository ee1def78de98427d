package tui

import (
	"fmt"
	"ftplab/sim"
	"net/netip"
	"strings"

	"github.com/gdamore/tcell/v2"
)

// side is one end of a connection as the diagram places it.
type side struct {
	host string
	port uint16
	ok   bool           // the end exists (the connection reached it)
	addr netip.AddrPort // the end's address, as its host sees it
}

// ends returns the connection's client-side and far-side ends: the far
// side is the server's box, or the router's when the router itself was
// dialled.
func ends(sc sim.Scenario, cs sim.ConnState) (near, far side) {
	dial := side{cs.Dialer, cs.DialerLocal.Port(), true, cs.DialerLocal}
	acc := side{cs.Acceptor, cs.AcceptorLocal.Port(), cs.Acceptor != "", cs.AcceptorLocal}
	if !acc.ok {
		acc.host = targetHost(sc, cs.Dialer, cs.DialerRemote.Addr())
		acc.port, acc.addr = cs.DialerRemote.Port(), cs.DialerRemote
	}
	if dial.host == sc.ClientHost || acc.host == sc.ServerHost || acc.host == sc.RouterHost && dial.host != sc.ServerHost {
		return dial, acc
	}
	return acc, dial
}

// targetHost is the host that owns addr, seen from the dialer.
func targetHost(sc sim.Scenario, dialer string, addr netip.Addr) string {
	for _, h := range sc.Topology.Hosts {
		if h.Owns(addr) {
			return h.Name
		}
	}
	if dialer == sc.ServerHost {
		return sc.ClientHost
	}
	return sc.ServerHost
}

// connLook is how connection cs is drawn: its kind ("ctl", "data", with
// " TLS"), its wire's rune and style, and its ends' style.
func connLook(n netScene, cs sim.ConnState) (kind string, wire rune, wireSt, portSt tcell.Style) {
	th := n.theme
	kind = "data"
	if cs.Control {
		kind = "ctl"
	}
	if cs.TLS {
		kind += " TLS"
	}
	portSt, wireSt, wire = th.Port, th.Wire, '─'
	switch cs.Status {
	case sim.StatusConnecting:
		wire = '╌'
	case sim.StatusDropped, sim.StatusRefused:
		wire, wireSt, portSt = '╌', th.Drop, th.Drop
	case sim.StatusClosed:
		wire, wireSt, portSt = '╌', th.Dim, th.Dim
		if closedNow(n, cs.ID) {
			wireSt, portSt = th.Drop, th.Drop
		}
	}
	return kind, wire, wireSt, portSt
}

// drawConn draws connection cs on row y: its two ends in their boxes,
// the wire between them, and what sits on it.
func drawConn(c *canvas, l netLayout, n netScene, cs sim.ConnState, y int) {
	th := n.theme
	sc := n.sc
	near, far := ends(sc, cs)
	kind, wire, wireSt, portSt := connLook(n, cs)
	closed := cs.Status == sim.StatusClosed // an attacker's connection, cut
	nx, fx := drawEnds(c, l, n, cs, y, kind, portSt)
	// the wire, from the left box's right edge to the right box's left
	// edge (the near end is on the left but for the attacker's, which is
	// right of the server)
	left, lx, rx := near, nx, fx
	if fx < nx {
		left, lx, rx = far, fx, nx
	}
	x0, x1 := lx+l.boxW-1, rx
	if x1 <= x0 {
		return
	}
	for x := x0; x <= x1; x++ {
		switch r := c.at(x, y); {
		case x == x0:
			c.set(x, y, '├', wireSt)
		case x == x1:
			c.set(x, y, '┤', wireSt)
		case r == '┃':
			c.set(x, y, '╂', c.cells[y*c.w+x].st)
		case r == '│':
			c.set(x, y, '┼', th.Border)
		default:
			c.set(x, y, wire, wireSt)
		}
	}
	// the arrow points at the end that accepts; a cut connection has a
	// cross instead, at the end that closed it
	switch {
	case closed:
		x := x0 + 1
		if closer, ok := n.tl.LastOn(cs.ID, n.step, sim.LabelDataClose, sim.LabelClose); ok && l.boxX(sc, closer.Host) == rx {
			x = x1 - 1
		}
		c.set(x, y, '✘', portSt)
	case left.host == cs.Dialer:
		c.set(x1-1, y, '▶', wireSt)
	default:
		c.set(x0+1, y, '◀', wireSt)
	}
	drawOnWire(c, l, n, cs, y, far, x0, x1, rx)
	drawVerdict(c, l, n, cs, y, far)
}

// drawEnds writes connection cs's two ends on row y, in their hosts'
// boxes (the big diagram adds each end's address below), and returns
// the boxes' left edges: the near end's (the client's) and the far
// end's (the server's or the router's).
func drawEnds(c *canvas, l netLayout, n netScene, cs sim.ConnState, y int, kind string, portSt tcell.Style) (nx, fx int) {
	near, far := ends(n.sc, cs)
	endText := func(s side) string {
		if cs.Status == sim.StatusClosed {
			if t := fmt.Sprintf("✘ :%d closed", s.port); len([]rune(t)) <= l.boxW-3 {
				return t
			}
			return "✘ closed"
		}
		if l.big {
			return fmt.Sprintf("● :%d  %s", s.port, longKind(kind))
		}
		return fmt.Sprintf("● :%d %s", s.port, kind)
	}
	nx = l.boxX(n.sc, near.host)
	c.text(nx+2, y, l.boxW-3, endText(near), portSt)
	fx = l.boxX(n.sc, far.host)
	farText := endText(far)
	if !far.ok {
		mark := "○"
		if cs.Status != sim.StatusConnecting {
			mark = "✘"
		}
		farText = fmt.Sprintf("%s :%d %s", mark, far.port, cs.Status)
		if l.big {
			farText = fmt.Sprintf("%s :%d  %s", mark, far.port, strings.ToUpper(cs.Status))
		}
	}
	c.text(fx+2, y, l.boxW-3, farText, portSt)
	if l.big {
		for _, e := range []struct {
			x int
			s side
		}{{nx, near}, {fx, far}} {
			if e.s.addr.IsValid() {
				c.text(e.x+4, y+1, l.boxW-5, e.s.addr.String(), n.theme.Dim)
			}
		}
	}
	return nx, fx
}

// drawOnWire draws what sits on connection cs's wire between x0 and x1
// (rx is the right box's edge): the router's translation, the step's
// line on its way or at rest.
func drawOnWire(c *canvas, l netLayout, n netScene, cs sim.ConnState, y int, far side, x0, x1, rx int) {
	th, sc := n.theme, n.sc
	// inside the router's box: its translation for this connection
	if far.host != sc.RouterHost {
		for _, m := range n.st.NAT {
			if m.Conn == cs.ID {
				c.text(l.rx+1, y, l.boxW-2, truncate(fmt.Sprintf(" %s :%d→:%d ", m.Kind, m.From.Port(), m.To.Port()), l.boxW-2), th.NAT)
				break
			}
		}
	}
	// the step's line on its way: a marker between the two ends
	if mv := n.move; mv != nil && mv.conn == cs.ID && mv.frame < mv.frames {
		from, to := x0+1, x1-1
		if l.boxX(sc, mv.host) == rx {
			from, to = to, from
		}
		x := from
		if mv.frames > 1 {
			x = from + (to-from)*mv.frame/(mv.frames-1)
		}
		c.set(x, y, '●', th.Message)
		return
	}
	// what travels on the wire at this step
	label, st := wireLabel(n, cs, l.boxX(sc, n.sender()) == rx, l.boxX(sc, cs.Dialer) != rx)
	if label != "" {
		span := x1 - x0 - 3
		label = truncate(label, span)
		lx := x0 + 2 + (span-len([]rune(label)))/2
		c.text(lx, y, span, label, st)
	}
}

// sender is the host of the current event ("" without one).
func (n netScene) sender() string {
	ev, _ := n.current()
	return ev.Host
}

// closedNow reports whether the current event closed connection id.
func closedNow(n netScene, id sim.ConnID) bool {
	ev, ok := n.current()
	return ok && ev.Conn == id && (ev.Label == sim.LabelDataClose || ev.Label == sim.LabelClose)
}

// wireLabel is the control line, the data or the verdict travelling on
// connection cs at the current step; fromRight says the sender's box is
// the right end of the wire (it decides the arrow on the attacker's
// connections, right of the server's box), dialerLeft that the left box
// opened the connection. A message's arrow (→ ←) is the way it travels:
// a reply, even as a helper reads it, goes server→client; the wire's end
// triangle (▶ ◀) is who opened the connection. The data bar fills from
// the end the bytes come from.
func wireLabel(n netScene, cs sim.ConnState, fromRight, dialerLeft bool) (string, tcell.Style) {
	th := n.theme
	ev, ok := n.current()
	if ok && ev.Conn == cs.ID && ev.Line != "" {
		arrow := "→ "
		if ev.Host == n.sc.ServerHost || isReply(ev.Line) {
			arrow = "← "
		}
		if attackerConn(n.sc, cs) {
			arrow = "→ "
			if fromRight {
				arrow = "← "
			}
		}
		st := th.Message
		if ev.Kind == sim.KindNAT {
			st = th.NAT
			arrow = "⇄ "
		}
		return " " + arrow + ev.Line + " ", st
	}
	if !cs.Control {
		b := cs.BytesFromDialer + cs.BytesFromAcceptor
		if b > 0 {
			fromLeft := (cs.BytesFromDialer >= cs.BytesFromAcceptor) == dialerLeft
			bar := bytesBar(b, n.size, 8)
			if !fromLeft {
				return " ← " + reverse(bar) + fmt.Sprintf(" %d B ", b), th.Bytes
			}
			return " " + bar + " → " + fmt.Sprintf("%d B ", b), th.Bytes
		}
	}
	return "", th.Base
}

// isReply reports whether a control line is a reply (three digits).
func isReply(line string) bool {
	if len(line) < 3 {
		return false
	}
	for _, r := range line[:3] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return len(line) == 3 || line[3] == ' ' || line[3] == '-'
}

// reverse is s backwards (a bar filling from the right).
func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// bytesBar is a bar of n cells filled in proportion to b of the file's
// size; of unknown size, any bytes fill it.
func bytesBar(b, size int64, n int) string {
	if size <= 0 {
		size = max(b, 1)
	}
	full := int(min(b, size) * int64(n) / size)
	if b > 0 && full == 0 {
		full = 1
	}
	return strings.Repeat("█", full) + strings.Repeat("░", n-full)
}
