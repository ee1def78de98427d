package capture

import (
	"fmt"
	"sort"
	"time"

	"ftplab/sim"
)

// observe turns what one segment changed in a flow into events.
func (a *analyzer) observe(f *flow, before *flow) {
	s := f.sess
	if s == nil {
		return
	}
	if before.syns == 0 && f.syns > 0 {
		if f.dc != nil {
			s.dataConnectEvent(f.dc, a.now)
		} else {
			s.connectEvent(f, a.now)
		}
	}
	if !before.synAck && f.synAck {
		s.acceptEvent(f, a.now)
	}
	if f.dc != nil || s.ctl != f {
		return
	}
	if before.rst == 0 && !before.fin[0] && !before.fin[1] && (f.rst != 0 || f.fin[0] || f.fin[1]) {
		by := f.dialer
		how := "closes (FIN)"
		if f.rst != 0 {
			how = "resets (RST)"
			if f.rst == 2 {
				by = f.acceptor
			}
		} else if f.fin[1] {
			by = f.acceptor
		}
		to := f.acceptor
		if by == f.acceptor {
			to = f.dialer
		}
		s.emit(a.now, sim.Event{Host: s.role(by), Conn: 1, Label: sim.LabelClose, From: by, To: to,
			Text: fmt.Sprintf("%s %s the control connection", s.role(by), how)})
	}
}

// acceptEvent records the SYN-ACK: the acceptor took the connection.
func (s *Session) acceptEvent(f *flow, at time.Time) {
	host, conn, label := s.role(f.acceptor), sim.ConnID(1), sim.LabelControlAccept
	if f.dc != nil {
		conn, label = f.dc.Conn, sim.LabelDataAccept
		host = map[bool]string{true: "client", false: "server"}[f.dc.ByServer]
	}
	s.emit(at, sim.Event{Host: host, Conn: conn, Label: label, From: f.dialer, To: f.acceptor,
		Text: fmt.Sprintf("%s answers the SYN from %s on %s (SYN-ACK)", host, f.dialer, f.acceptor)})
}

func (s *Session) connectEvent(f *flow, at time.Time) {
	s.emit(at, sim.Event{Host: "client", Conn: 1, Label: sim.LabelControlConnect, From: f.dialer, To: f.acceptor,
		Text: fmt.Sprintf("client dials %s from %s (control connection)", f.acceptor, f.dialer)})
}

func (s *Session) dataConnectEvent(dc *DataConn, at time.Time) {
	host := "client"
	if dc.ByServer {
		host = "server"
	}
	s.emit(at, sim.Event{Host: host, Conn: dc.Conn, Label: sim.LabelDataConnect, From: dc.From, To: dc.To,
		Text: fmt.Sprintf("%s dials %s from %s (data connection)", host, dc.To, dc.From)})
}

// dataEnd sums up a data connection once its flow is over: how it ended,
// how many bytes it carried.
func (s *Session) dataEnd(dc *DataConn, end time.Time) {
	if dc.closedSeen {
		return
	}
	dc.closedSeen = true
	f := dc.flow
	host := map[bool]string{true: "server", false: "client"}[dc.ByServer]
	dc.SYNs = f.syns
	dc.Bytes = f.dir[0].sent() + f.dir[1].sent()
	dc.Gap = f.dir[0].gap + f.dir[1].gap
	ev := sim.Event{Host: host, Conn: dc.Conn, From: dc.From, To: dc.To}
	switch {
	case f.established():
		dc.Verdict = "ok"
		dc.Seconds = f.last.Sub(f.first).Seconds()
		if dc.Bytes > 0 {
			from, to := dc.From, dc.To
			if f.dir[1].sent() > f.dir[0].sent() {
				from, to = to, from
			}
			e := ev
			e.Label, e.From, e.To, e.Bytes = sim.LabelDataBytes, from, to, int(dc.Bytes)
			e.Host = s.role(from)
			e.Text = fmt.Sprintf("%s sends %d bytes on the data connection", e.Host, dc.Bytes)
			if dc.Gap > 0 {
				e.Text += fmt.Sprintf(" (%d of them not in the capture: a gap)", dc.Gap)
			}
			s.emit(f.last, e)
		}
		e := ev
		e.Label = sim.LabelDataClose
		e.Text = "the data connection closes"
		if f.rst != 0 {
			e.Text = "the data connection is reset (RST)"
		} else if !f.fin[0] && !f.fin[1] {
			e.Text = "the capture ends with the data connection still open"
		}
		s.emit(f.last, e)
	case f.rst == 2:
		dc.Verdict = "refused"
		ev.Label = sim.LabelRefused
		ev.Text = fmt.Sprintf("%s is answered by a RST: nothing accepts connections on %s (or a firewall rejects it)", host, dc.To)
		s.emit(f.rstAt, ev)
	case f.unreach != nil:
		dc.Verdict = "unreachable"
		ev.Label = sim.LabelRefused
		ev.Text = fmt.Sprintf("ICMP destination unreachable (type %d code %d) from %s for the SYN to %s", f.unreach.Type, f.unreach.Code, f.unreach.From, dc.To)
		s.emit(f.unreachAt, ev)
	case f.syns > 0:
		dc.Verdict = "timeout"
		dc.Seconds = f.lastSYN.Sub(f.first).Seconds()
		ev.Label = sim.LabelTimeout
		ev.Text = fmt.Sprintf("the SYN to %s was never answered: sent %d times (%d retransmissions over %.1f s), no SYN-ACK, RST or ICMP came back",
			dc.To, f.syns, f.syns-1, dc.Seconds)
		s.emit(f.lastSYN.Add(time.Millisecond), ev)
	default:
		dc.Verdict = "unknown"
	}
}

// finish closes the session's books: the data connections' ends, each
// attempt's outcome, the events in time order.
func (s *Session) finish(end time.Time) {
	s.closeBurst()
	for _, at := range s.Attempts {
		for _, dc := range at.Data {
			s.dataEnd(dc, end)
		}
		at.verdict()
	}
	s.verdict()
	sort.SliceStable(s.events, func(i, j int) bool { return s.events[i].at.Before(s.events[j].at) })
}
