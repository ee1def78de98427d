package watch

import (
	"fmt"
	"net/netip"

	"ftplab/realnet/ftpd"
	"ftplab/realnet/proxy"
	"ftplab/sim"
)

// ObserveServer records one event of ftplab's own server (give it to
// ftpd.Config.Observer): the same timelines as the proxy's, seen from
// the server's side, so there is nothing to rewrite and no relay.
func (r *Recorder) ObserveServer(ev ftpd.Event) {
	r.record(ev.Session, ev.Time, ev.Kind == ftpd.SessionClose, func(s *session) { s.addServer(ev) })
}

// addServer turns one server event into lab events.
func (s *session) addServer(ev ftpd.Event) {
	s.now = ev.Time.Sub(s.start).Milliseconds()
	switch ev.Kind {
	case ftpd.SessionOpen:
		s.open(ev.Client, ev.Server, "", "")
	case ftpd.Command:
		s.line(proxy.Event{Line: ev.Line, Sent: ev.Line}, true)
	case ftpd.Reply:
		s.line(proxy.Event{Line: ev.Line, Sent: ev.Line}, false)
	case ftpd.TLSStart:
		s.emit(sim.Event{Host: "server", Conn: 1, Label: sim.LabelTLSStart, From: s.server, To: s.client,
			Text: "AUTH TLS: the control connection is encrypted from here on (the server still reads it; a firewall's helper cannot)"})
	case ftpd.DataListen:
		s.emit(sim.Event{Host: "server", Label: sim.LabelDataListen, To: ev.Local,
			Text: fmt.Sprintf("server listens on %s (passive data port)", ev.Local)})
	case ftpd.DataOpen:
		s.serverDataOpen(ev)
	case ftpd.DataFailed:
		s.serverDataFailed(ev)
	case ftpd.DataClose:
		s.serverDataClose(ev)
	case ftpd.SessionClose:
		s.emit(sim.Event{Host: "server", Conn: 1, Label: sim.LabelClose, From: s.server, To: s.client,
			Text: "the control connection closes"})
	}
}

// dialerOf names who dialled a data connection.
func dialerOf(passive bool) (dialer, acceptor string) {
	if passive {
		return "client", "server"
	}
	return "server", "client"
}

func (s *session) serverDataOpen(ev ftpd.Event) {
	dialer, acceptor := dialerOf(ev.Passive)
	id := s.next
	s.next++
	s.conns[connKey{}] = id // the server has one data connection at a time
	s.emit(sim.Event{Host: dialer, Conn: id, Label: sim.LabelDataConnect, From: ev.From, To: ev.To,
		Text: fmt.Sprintf("%s dials %s from %s (data connection)", dialer, ev.To, ev.From)})
	s.emit(sim.Event{Host: acceptor, Conn: id, Label: sim.LabelDataAccept, From: ev.From, To: ev.To,
		Text: fmt.Sprintf("%s accepts the data connection", acceptor)})
	s.dataEnds = [2]netip.AddrPort{ev.From, ev.To}
	s.dataPassive = ev.Passive
}

func (s *session) serverDataFailed(ev ftpd.Event) {
	id := s.next
	s.next++
	if ev.Passive {
		s.emit(sim.Event{Host: "server", Conn: id, Label: sim.LabelTimeout, To: ev.Local,
			Text: fmt.Sprintf("nobody connected to the passive port %s: %v", ev.Local, ev.Err)})
		return
	}
	label := sim.LabelTimeout
	if refusedErr(ev.Err) {
		label = sim.LabelRefused
	}
	s.emit(sim.Event{Host: "server", Conn: id, Label: sim.LabelDataConnect, From: ev.From, To: ev.To,
		Text: fmt.Sprintf("server dials %s (active data connection)", ev.To)})
	s.emit(sim.Event{Host: "server", Conn: id, Label: label, From: ev.From, To: ev.To,
		Text: fmt.Sprintf("the data connection to %s failed: %v", ev.To, ev.Err)})
}

func (s *session) serverDataClose(ev ftpd.Event) {
	id, ok := s.conns[connKey{}]
	if !ok {
		return // the data connection never opened
	}
	delete(s.conns, connKey{})
	from, to := s.dataEnds[0], s.dataEnds[1] // dialler, acceptor
	serverDialled := !s.dataPassive
	host := "server"
	if ev.Upload {
		host = "client"
	}
	if ev.Bytes > 0 {
		if (host == "server") != serverDialled {
			from, to = to, from
		}
		s.emit(sim.Event{Host: host, Conn: id, Label: sim.LabelDataBytes, From: from, To: to, Bytes: int(ev.Bytes),
			Text: fmt.Sprintf("%s sends %d bytes (%s)", host, ev.Bytes, ev.Verb)})
	}
	text := "the data connection closes"
	if ev.Err != nil {
		text = fmt.Sprintf("the data connection ends badly: %v", ev.Err)
	}
	s.emit(sim.Event{Host: "server", Conn: id, Label: sim.LabelDataClose, From: s.dataEnds[0], To: s.dataEnds[1], Text: text})
}
