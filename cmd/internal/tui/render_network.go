package tui

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/gdamore/tcell/v2"

	"ftplab/sim"
)

// netScene is everything the network diagram shows at one step.
type netScene struct {
	sc     sim.Scenario
	st     sim.State
	events []sim.Event // events 1..step
	theme  Theme
	size   int64 // the downloaded file's size (Session.FileSize); 0 = unknown
	// move, if set, is a frame of the current line travelling along
	// its wire (App.anim); nil draws the step at rest.
	move *wireMove
}

// wireMove is one frame of a step's animation: a marker on connection
// conn, frame of frames on its way from host's end to the other end.
type wireMove struct {
	conn          sim.ConnID
	host          string // the sender
	frame, frames int    // the marker is frame/(frames-1) of the way
}

// current is the event of the step, if any.
func (n netScene) current() (sim.Event, bool) {
	if len(n.events) == 0 {
		return sim.Event{}, false
	}
	return n.events[len(n.events)-1], true
}

// netLayout places the three hosts across a width, and the attacker's
// box to the right of the server's when the scenario has one.
type netLayout struct {
	w, boxW         int
	cx, rx, sx      int // left edges of the client, router and server boxes
	mx              int // left edge of the attacker's box; -1 without one
	fwX             map[string][]int
	top, head, rows int // first box row, header lines, item rows
}

func layoutFor(sc sim.Scenario, w int) netLayout {
	boxW := max(14, min(32, (w-20)/3))
	l := netLayout{w: w, boxW: boxW, cx: 0, sx: w - boxW, mx: -1, fwX: map[string][]int{}}
	l.rx = (w - boxW) / 2
	if sc.AttackerHost != "" {
		// compact: four boxes in a row, the attacker's last (it is on
		// the server's network, beside the server)
		l.boxW = max(16, min(32, (w-14)/4))
		g := max(0, w-4*l.boxW)
		g3 := max(4, g/4)
		g1 := (g - g3) / 2
		l.rx = l.boxW + g1
		l.sx = l.rx + l.boxW + (g - g3 - g1)
		l.mx = l.sx + l.boxW + g3
		boxW = l.boxW
	}
	for _, f := range sc.Firewalls {
		switch f.Host {
		case sc.ClientHost:
			l.fwX[f.Host] = []int{l.cx + boxW + 1}
		case sc.ServerHost:
			l.fwX[f.Host] = []int{l.sx - 2}
		case sc.RouterHost:
			l.fwX[f.Host] = []int{l.rx - 2, l.rx + boxW + 1}
		}
	}
	return l
}

// boxX returns the left edge of host's box.
func (l netLayout) boxX(sc sim.Scenario, host string) int {
	switch host {
	case sc.ClientHost:
		return l.cx
	case sc.ServerHost:
		return l.sx
	}
	if sc.AttackerHost != "" && host == sc.AttackerHost {
		return l.mx
	}
	return l.rx
}

// attackerConn reports whether one end of cs is the scenario's attacker.
func attackerConn(sc sim.Scenario, cs sim.ConnState) bool {
	if sc.AttackerHost == "" {
		return false
	}
	near, far := ends(sc, cs)
	return near.host == sc.AttackerHost || far.host == sc.AttackerHost
}

// attackerTitle is the attacker box's title, and the header line that
// says "attacker" when the title is too long for the box.
func attackerTitle(host string, boxW int) (title, line string) {
	title = host + " (attacker)"
	if len(title)+2 <= boxW-4 {
		return title, ""
	}
	return host, "(attacker)"
}

// netItem is one row of the diagram: a listener or a connection.
type netItem struct {
	listener *sim.Listener
	conn     *sim.ConnState
}

// renderNetwork draws the hosts, their firewalls, open ports and
// connections at one step, w cells wide. The last row explains the step.
func renderNetwork(n netScene, w int) *canvas {
	th := n.theme
	sc := n.sc
	l := layoutFor(sc, w)
	hosts := []string{sc.ClientHost, sc.RouterHost, sc.ServerHost}
	titles := map[string]string{}
	if sc.AttackerHost != "" {
		hosts = append(hosts, sc.AttackerHost)
	}
	heads := map[string][]string{}
	for _, h := range hosts {
		heads[h] = hostHeader(sc, n.st, h, l.boxW-2)
		titles[h] = h
		if h == sc.AttackerHost {
			title, line := attackerTitle(h, l.boxW)
			titles[h] = title
			if line != "" {
				heads[h] = append([]string{line}, heads[h]...)
			}
		}
		l.head = max(l.head, len(heads[h]))
	}
	var items []netItem
	for i := range n.st.Listeners {
		items = append(items, netItem{listener: &n.st.Listeners[i]})
	}
	for i := range n.st.Conns {
		// the attacker's connections stay, closed: the server cut them
		if n.st.Conns[i].Status != sim.StatusClosed || attackerConn(sc, n.st.Conns[i]) {
			items = append(items, netItem{conn: &n.st.Conns[i]})
		}
	}
	l.top = 1
	l.rows = max(len(items), 1)
	boxH := 2 + l.head + l.rows
	c := newCanvas(w, l.top+boxH+1, th.Base)

	ev, hasEv := n.current()
	// firewalls: label on row 0, a bar down the boxes' height
	for _, f := range sc.Firewalls {
		st := th.FW
		if hasEv && ev.Kind == sim.KindFW && ev.Host == f.Host {
			st = th.Accept
			if ev.Label != sim.LabelFWAccept {
				st = th.Drop
			}
		}
		xs := l.fwX[f.Host]
		name := f.Name
		lx := xs[0] - len(name)/2
		if f.Host == sc.ClientHost {
			lx = xs[0]
		} else if f.Host == sc.ServerHost {
			lx = xs[0] - len(name) + 1
		}
		c.text(max(0, lx), 0, len(name), name, st)
		for _, x := range xs {
			for y := l.top; y < l.top+boxH; y++ {
				c.set(x, y, '┃', st)
			}
		}
	}
	// boxes
	for _, h := range hosts {
		x := l.boxX(sc, h)
		drawBox(c, x, l.top, l.boxW, boxH, titles[h], th)
		for i, line := range heads[h] {
			st := th.Dim
			if strings.HasPrefix(line, "NAT") || strings.HasPrefix(line, "c") {
				st = th.NAT
			}
			if h == sc.AttackerHost && line == "(attacker)" {
				st = th.Drop
			}
			c.text(x+1, l.top+1+i, l.boxW-2, line, st)
		}
	}
	if len(items) == 0 {
		c.text(l.cx+2, l.top+1+l.head, l.boxW-3, "no sockets", th.Dim)
	}
	for i, it := range items {
		y := l.top + 1 + l.head + i
		if it.listener != nil {
			drawListener(c, l, sc, *it.listener, y, th)
			continue
		}
		drawConn(c, l, n, *it.conn, y)
	}
	// the explanation of the step
	c.text(0, c.h-1, w, truncate(stepLine(n), w), stepStyle(n))
	return c
}

// hostHeader is the lines under a host's name: its addresses and, on a
// router that translates, its NAT table.
func hostHeader(sc sim.Scenario, st sim.State, host string, w int) []string {
	h, ok := sc.Topology.Host(host)
	if !ok {
		return nil
	}
	var out []string
	for _, ifc := range h.Interfaces {
		if len(h.Interfaces) == 1 {
			out = append(out, ifc.Addr.Addr().String())
		} else if line := ifc.Name + " " + ifc.Addr.Addr().String(); sc.AttackerHost != "" && len(line) > w {
			// the compact layout: the address matters more than the name
			out = append(out, truncate(ifc.Addr.Addr().String(), w))
		} else {
			out = append(out, truncate(line, w))
		}
	}
	if host == sc.RouterHost && hasNAT(sc) {
		if len(st.NAT) == 0 {
			out = append(out, "NAT table empty")
		}
		for _, m := range st.NAT {
			out = append(out, truncate(fmt.Sprintf("c%d %s→%s", m.Conn, shortNAT(m), m.To), w))
		}
	}
	return out
}

func shortNAT(m sim.NATMapping) string {
	if m.Kind == "DNAT" {
		return "D"
	}
	return "S"
}

// hasNAT reports whether the scenario's router translates addresses.
func hasNAT(sc sim.Scenario) bool {
	f, ok := sc.Firewall(sc.RouterHost)
	return ok && f.HasNAT()
}

func drawBox(c *canvas, x, y, w, h int, title string, th Theme) {
	c.set(x, y, '┌', th.Border)
	c.set(x+w-1, y, '┐', th.Border)
	c.set(x, y+h-1, '└', th.Border)
	c.set(x+w-1, y+h-1, '┘', th.Border)
	c.hline(x+1, x+w-2, y, '─', th.Border)
	c.hline(x+1, x+w-2, y+h-1, '─', th.Border)
	for yy := y + 1; yy < y+h-1; yy++ {
		c.set(x, yy, '│', th.Border)
		c.set(x+w-1, yy, '│', th.Border)
	}
	c.text(x+2, y, w-4, " "+title+" ", th.Title)
}

func drawListener(c *canvas, l netLayout, sc sim.Scenario, ln sim.Listener, y int, th Theme) {
	x := l.boxX(sc, ln.Host)
	kind := "data"
	if ln.Control {
		kind = "ctl"
	}
	c.text(x+2, y, l.boxW-3, fmt.Sprintf("◉ :%d listen %s", ln.Addr.Port(), kind), th.Listen)
}

// side is one end of a connection as the diagram places it.
type side struct {
	host string
	port uint16
	ok   bool // the end exists (the connection reached it)
}

// ends returns the connection's client-side and far-side ends: the far
// side is the server's box, or the router's when the router itself was
// dialled.
func ends(sc sim.Scenario, cs sim.ConnState) (near, far side) {
	dial := side{cs.Dialer, cs.DialerLocal.Port(), true}
	acc := side{cs.Acceptor, cs.AcceptorLocal.Port(), cs.Acceptor != ""}
	if !acc.ok {
		acc.host = targetHost(sc, cs.Dialer, cs.DialerRemote.Addr())
		acc.port = cs.DialerRemote.Port()
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

func drawConn(c *canvas, l netLayout, n netScene, cs sim.ConnState, y int) {
	th := n.theme
	sc := n.sc
	near, far := ends(sc, cs)
	kind := "data"
	if cs.Control {
		kind = "ctl"
	}
	if cs.TLS {
		kind += " TLS"
	}
	portSt := th.Port
	wireSt := th.Wire
	wire := '─'
	closed := cs.Status == sim.StatusClosed // an attacker's connection, cut
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
	endText := func(s side) string {
		if closed {
			if t := fmt.Sprintf("✘ :%d closed", s.port); len([]rune(t)) <= l.boxW-3 {
				return t
			}
			return "✘ closed"
		}
		return fmt.Sprintf("● :%d %s", s.port, kind)
	}
	// the near end, in the client's box
	nx := l.boxX(sc, near.host)
	c.text(nx+2, y, l.boxW-3, endText(near), portSt)
	// the far end, in the server's (or router's) box
	fx := l.boxX(sc, far.host)
	farText := endText(far)
	if !far.ok {
		mark := "○"
		if cs.Status != sim.StatusConnecting {
			mark = "✘"
		}
		farText = fmt.Sprintf("%s :%d %s", mark, far.port, cs.Status)
	}
	c.text(fx+2, y, l.boxW-3, farText, portSt)
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
		if closer, ok := lastClose(n.events, cs.ID); ok && l.boxX(sc, closer) == rx {
			x = x1 - 1
		}
		c.set(x, y, '✘', portSt)
	case left.host == cs.Dialer:
		c.set(x1-1, y, '▶', wireSt)
	default:
		c.set(x0+1, y, '◀', wireSt)
	}
	// inside the router's box: its translation for this connection
	if far.host != sc.RouterHost {
		for _, m := range n.st.NAT {
			if m.Conn == cs.ID {
				c.text(l.rx+1, y, l.boxW-2, truncate(fmt.Sprintf(" %s :%d→:%d ", m.Kind, m.From.Port(), m.To.Port()), l.boxW-2), th.NAT)
				break
			}
		}
	}
	// where a failed connection was stopped
	if cs.Status == sim.StatusDropped || cs.Status == sim.StatusRefused {
		if e, ok := lastVerdict(n.events, cs.ID); ok {
			if xs, ok := l.fwX[e.Host]; ok {
				x := xs[0]
				if len(xs) > 1 && cs.Dialer == sc.ServerHost {
					x = xs[1]
				}
				c.set(x, y, '✘', th.Drop)
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
	label, st := wireLabel(n, cs, l.boxX(sc, n.sender()) == rx)
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

// lastClose returns the host that closed connection id.
func lastClose(events []sim.Event, id sim.ConnID) (string, bool) {
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		if e.Conn == id && (e.Label == sim.LabelDataClose || e.Label == sim.LabelClose) {
			return e.Host, true
		}
	}
	return "", false
}

// wireLabel is the control line, the data or the verdict travelling on
// connection cs at the current step; fromRight says the sender's box is
// the right end of the wire (it decides the arrow on the attacker's
// connections, right of the server's box).
func wireLabel(n netScene, cs sim.ConnState, fromRight bool) (string, tcell.Style) {
	th := n.theme
	ev, ok := n.current()
	if ok && ev.Conn == cs.ID && ev.Line != "" {
		arrow := "▶ "
		if ev.Host == n.sc.ServerHost {
			arrow = "◀ "
		}
		if attackerConn(n.sc, cs) {
			arrow = "▶ "
			if fromRight {
				arrow = "◀ "
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
			return " " + bytesBar(b, n.size, 8) + fmt.Sprintf(" %d B ", b), th.Bytes
		}
	}
	return "", th.Base
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

// lastVerdict finds the latest drop or reject of connection id.
func lastVerdict(events []sim.Event, id sim.ConnID) (sim.Event, bool) {
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		if e.Conn == id && (e.Label == sim.LabelFWDrop || e.Label == sim.LabelFWReject) {
			return e, true
		}
	}
	return sim.Event{}, false
}

// stepLine explains the current step in one line: a verdict with its
// firewall and rule, or what happened.
func stepLine(n netScene) string {
	ev, ok := n.current()
	if !ok {
		return "step 0: nothing has happened yet; press Space or → to step"
	}
	switch ev.Label {
	case sim.LabelFWAccept:
		return fmt.Sprintf("✔ %d: %s ACCEPT by rule %s — %s", ev.Seq, ev.Firewall, ev.Rule, ev.Text)
	case sim.LabelFWDrop, sim.LabelFWReject:
		return fmt.Sprintf("✘ %d: %s %s by rule %s — %s", ev.Seq, ev.Firewall, strings.ToUpper(ev.Verdict), ev.Rule, ev.Text)
	}
	return fmt.Sprintf("%d: %s", ev.Seq, ev.Text)
}

func stepStyle(n netScene) tcell.Style {
	ev, ok := n.current()
	switch {
	case !ok:
		return n.theme.Dim
	case ev.Label == sim.LabelFWAccept:
		return n.theme.Accept
	case ev.Label == sim.LabelFWDrop || ev.Label == sim.LabelFWReject || ev.Label == sim.LabelTimeout || ev.Label == sim.LabelRefused:
		return n.theme.Drop
	}
	return n.theme.Message
}
