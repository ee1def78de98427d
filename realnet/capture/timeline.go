package capture

import (
	"ftplab/sim"
)

// Timeline is the session as a lab timeline: the events in capture order,
// times in milliseconds from the session's first packet, and after each
// event the connections as this capture point saw them. There is no
// firewall state: a capture shows packets, not rulesets.
func (s *Session) Timeline() (*sim.Timeline, error) {
	events := make([]sim.Event, len(s.events))
	states := make([]sim.State, len(s.events))
	var st sim.State
	index := map[sim.ConnID]int{}
	for i, se := range s.events {
		e := se.ev
		e.Time = se.at.Sub(s.Start).Milliseconds()
		events[i] = e
		if e.Conn != 0 {
			applyConn(&st, index, e)
		}
		states[i] = st
		st.Conns = append([]sim.ConnState(nil), st.Conns...)
	}
	return sim.ObservedTimeline(events, states)
}

// applyConn updates the connection an event concerns.
func applyConn(st *sim.State, index map[sim.ConnID]int, e sim.Event) {
	i, ok := index[e.Conn]
	if !ok {
		i = len(st.Conns)
		index[e.Conn] = i
		c := sim.ConnState{ID: e.Conn, Control: e.Conn == 1, Dialer: e.Host, DialerLocal: e.From, DialerRemote: e.To, Status: sim.StatusOpen}
		if e.Label == sim.LabelControlConnect || e.Label == sim.LabelDataConnect {
			c.Status = sim.StatusConnecting
		}
		st.Conns = append(st.Conns, c)
	}
	c := &st.Conns[i]
	switch e.Label {
	case sim.LabelControlAccept, sim.LabelDataAccept:
		c.Status, c.Acceptor, c.AcceptorLocal, c.AcceptorRemote = sim.StatusOpen, e.Host, e.To, e.From
	case sim.LabelTimeout:
		c.Status = sim.StatusDropped
	case sim.LabelRefused:
		c.Status = sim.StatusRefused
	case sim.LabelDataClose, sim.LabelClose:
		c.Status = sim.StatusClosed
	case sim.LabelTLSStart:
		c.TLS = true
	case sim.LabelDataBytes:
		if e.From == c.DialerLocal {
			c.BytesFromDialer += int64(e.Bytes)
		} else {
			c.BytesFromAcceptor += int64(e.Bytes)
		}
	}
}
