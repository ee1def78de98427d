package sim

import "fmt"

// ObservedTimeline builds a timeline from events seen on a real network
// (a capture file, a proxy) rather than made by a Net: the caller gives
// each event and the state after it. Events are numbered from 1 in the
// order given.
func ObservedTimeline(events []Event, after []State) (*Timeline, error) {
	if len(events) != len(after) {
		return nil, fmt.Errorf("sim: observed timeline: %d events but %d states", len(events), len(after))
	}
	t := newTimeline()
	for i, e := range events {
		e.Seq = i + 1
		t.add(e, after[i].clone())
	}
	return t, nil
}

// ObserveEvents builds a timeline from observed events alone: the state
// after each event holds the connections as the observer saw them (who
// dialled whom, accepted, refused, dropped, closed, TLS, bytes each way),
// derived from the events; there is no firewall, helper or NAT state,
// since an observer sees packets or lines, not rulesets.
func ObserveEvents(events []Event) (*Timeline, error) {
	states := make([]State, len(events))
	var st State
	index := map[ConnID]int{}
	for i, e := range events {
		if e.Conn != 0 {
			observeConn(&st, index, e)
		}
		states[i] = st
		st.Conns = append([]ConnState(nil), st.Conns...)
	}
	return ObservedTimeline(events, states)
}

// observeConn updates the connection an observed event concerns.
func observeConn(st *State, index map[ConnID]int, e Event) {
	i, ok := index[e.Conn]
	if !ok {
		i = len(st.Conns)
		index[e.Conn] = i
		c := ConnState{ID: e.Conn, Control: e.Conn == 1, Dialer: e.Host, DialerLocal: e.From, DialerRemote: e.To, Status: StatusOpen}
		if e.Label == LabelControlConnect || e.Label == LabelDataConnect {
			c.Status = StatusConnecting
		}
		st.Conns = append(st.Conns, c)
	}
	c := &st.Conns[i]
	switch e.Label {
	case LabelControlAccept, LabelDataAccept:
		c.Status, c.Acceptor, c.AcceptorLocal, c.AcceptorRemote = StatusOpen, e.Host, e.To, e.From
	case LabelTimeout:
		c.Status = StatusDropped
	case LabelRefused:
		c.Status = StatusRefused
	case LabelDataClose, LabelClose:
		c.Status = StatusClosed
	case LabelTLSStart:
		c.TLS = true
	case LabelDataBytes:
		if e.From == c.DialerLocal {
			c.BytesFromDialer += int64(e.Bytes)
		} else {
			c.BytesFromAcceptor += int64(e.Bytes)
		}
	}
}
