package tui

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"

	"ftplab/sim"
)

// netScene is everything the network diagram shows at one step.
type netScene struct {
	sc    sim.Scenario
	st    sim.State
	tl    *sim.Timeline
	step  int // the step shown: the scene knows nothing after it
	theme Theme
	size  int64 // the downloaded file's size (Session.FileSize); 0 = unknown
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
	if n.tl == nil || n.step < 1 {
		return sim.Event{}, false
	}
	e, err := n.tl.Event(n.step)
	return e, err == nil
}

// netLayout places the three hosts across a width, and the attacker's
// box to the right of the server's when the scenario has one.
type netLayout struct {
	w, boxW         int
	cx, rx, sx      int // left edges of the client, router and server boxes
	mx              int // left edge of the attacker's box; -1 without one
	fwX             map[string][]int
	top, head, rows int // first box row, header lines, item rows
	// big is the diagram of a wide screen (a projector): wider boxes,
	// an item every bigPitch rows with a second line of detail, a blank
	// line under the header, verdicts in boxes on the wires
	big bool
}

// bigWidth is the narrowest diagram drawn big; bigPitch the rows an item
// takes there (its line, its detail, a gap for the verdicts' boxes).
const (
	bigWidth = 150
	bigPitch = 3
)

// itemY is the row of item i.
func (l netLayout) itemY(i int) int {
	if l.big {
		return l.top + 2 + l.head + bigPitch*i
	}
	return l.top + 1 + l.head + i
}

// boxH is the boxes' height, borders included.
func (l netLayout) boxH() int {
	if l.big {
		return 3 + l.head + bigPitch*l.rows
	}
	return 2 + l.head + l.rows
}

// layoutFor places the boxes. A narrow diagram (half of an 80-column
// screen: a comparison, the what-if pane) shrinks the boxes so that they
// stay apart, each gap holding the firewalls' bars (two columns).
func layoutFor(sc sim.Scenario, w int, big bool) netLayout {
	boxW := min(max(14, min(32, (w-20)/3)), (w-4)/3)
	if big {
		boxW = min(48, (w-30)/3)
	}
	l := netLayout{w: w, boxW: boxW, cx: 0, sx: w - boxW, mx: -1, fwX: map[string][]int{}, big: big}
	l.rx = (w - boxW) / 2
	if sc.AttackerHost != "" {
		// compact: four boxes in a row, the attacker's last (it is on
		// the server's network, beside the server)
		l.boxW = min(max(16, min(32, (w-14)/4)), (w-8)/4)
		if big {
			l.boxW = min(40, (w-14)/4)
		}
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
// connections at one step, w cells wide, in as many rows as they take.
// The last row explains the step.
func renderNetwork(n netScene, w int) *canvas { return fitNetwork(n, w, 0) }

// netPlan is what the diagram holds at one step and where: its layout,
// each host's title and header lines, and its item rows.
type netPlan struct {
	l      netLayout
	hosts  []string
	titles map[string]string
	heads  map[string][]string
	items  []netItem
	hidden int // item rows left out for want of room
}

// height is the rows of the diagram: the firewalls' names, the boxes,
// the explanation.
func (p netPlan) height() int { return p.l.top + p.l.boxH() + 1 }

// planNetwork lays out the diagram w cells wide; big draws it big, noNAT
// leaves the router's NAT table out of its box (the state tables list
// it, and each wire through the router shows its own translation), and
// keep > 0 keeps only that many item rows (the step's own and the
// newest).
func planNetwork(n netScene, w int, big, noNAT bool, keep int) netPlan {
	sc := n.sc
	p := netPlan{l: layoutFor(sc, w, big), hosts: []string{sc.ClientHost, sc.RouterHost, sc.ServerHost},
		titles: map[string]string{}, heads: map[string][]string{}}
	if sc.AttackerHost != "" {
		p.hosts = append(p.hosts, sc.AttackerHost)
	}
	for _, h := range p.hosts {
		p.heads[h] = hostHeader(sc, n.st, h, p.l.boxW-2, !noNAT)
		p.titles[h] = h
		if h == sc.AttackerHost {
			title, line := attackerTitle(h, p.l.boxW)
			p.titles[h] = title
			if line != "" {
				p.heads[h] = append([]string{line}, p.heads[h]...)
			}
		}
		p.l.head = max(p.l.head, len(p.heads[h]))
	}
	for i := range n.st.Listeners {
		p.items = append(p.items, netItem{listener: &n.st.Listeners[i]})
	}
	for i := range n.st.Conns {
		// the attacker's connections stay, closed: the server cut them
		if n.st.Conns[i].Status != sim.StatusClosed || attackerConn(sc, n.st.Conns[i]) {
			p.items = append(p.items, netItem{conn: &n.st.Conns[i]})
		}
	}
	if keep > 0 && keep < len(p.items) {
		ev, _ := n.current()
		p.items, p.hidden = keepItems(p.items, keep, ev.Conn)
	}
	p.l.top = 1
	p.l.rows = max(len(p.items), 1)
	return p
}

// drawNetwork draws a planned diagram, in into's cells (see reuse).
func drawNetwork(into *canvas, n netScene, p netPlan) *canvas {
	th, sc, l := n.theme, n.sc, p.l
	boxH := l.boxH()
	c := reuse(into, l.w, p.height(), th.Base)
	drawFirewalls(c, l, n, boxH)
	for _, h := range p.hosts {
		x := l.boxX(sc, h)
		drawBox(c, x, l.top, l.boxW, boxH, p.titles[h], th)
		for i, line := range p.heads[h] {
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
	if p.hidden > 0 {
		c.text(l.cx+2, l.top+boxH-1, l.boxW-4, fmt.Sprintf(" +%d more ", p.hidden), th.Dim)
	}
	if len(p.items) == 0 {
		c.text(l.cx+2, l.itemY(0), l.boxW-3, "no sockets", th.Dim)
	}
	for i, it := range p.items {
		y := l.itemY(i)
		if it.listener != nil {
			drawListener(c, l, sc, *it.listener, y, th)
			continue
		}
		drawConn(c, l, n, *it.conn, y)
	}
	// the explanation of the step
	c.text(0, c.h-1, l.w, truncate(stepLine(n), l.w), stepStyle(n))
	return c
}

// drawFirewalls draws each firewall: its name on row 0, a bar down the
// boxes' height (boxH), lit when the step is its verdict.
func drawFirewalls(c *canvas, l netLayout, n netScene, boxH int) {
	th, sc := n.theme, n.sc
	ev, hasEv := n.current()
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
}

// hostHeader is the lines under a host's name: its addresses and, on a
// router that translates, its NAT table (if nat).
func hostHeader(sc sim.Scenario, st sim.State, host string, w int, nat bool) []string {
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
	if nat && host == sc.RouterHost && hasNAT(sc) {
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
	if m.Kind == sim.NATDestination {
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
	if l.big {
		// a second line: the address it listens on
		c.text(x+2, y, l.boxW-3, fmt.Sprintf("◉ :%d  listening (%s)", ln.Addr.Port(), longKind(kind)), th.Listen)
		c.text(x+4, y+1, l.boxW-5, ln.Addr.String(), th.Dim)
		return
	}
	c.text(x+2, y, l.boxW-3, fmt.Sprintf("◉ :%d listen %s", ln.Addr.Port(), kind), th.Listen)
}

// longKind spells out a kind of connection for the big diagram.
func longKind(kind string) string {
	return strings.Replace(kind, "ctl", "control", 1)
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
