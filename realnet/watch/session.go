package watch

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"syscall"
	"time"

	"ftplab/realnet/proxy"
	"ftplab/realnet/wire"
	"ftplab/sim"
)

// connKey names a data connection by its ends.
type connKey struct{ from, to netip.AddrPort }

// session is one proxied session turned into lab events.
type session struct {
	start  time.Time
	now    int64 // the current event's time, ms after start
	events []sim.Event
	conns  map[connKey]sim.ConnID
	next   sim.ConnID
	code   string // the reply in progress, for continuation lines
	client netip.AddrPort
	server netip.AddrPort
	// The server's data connection (server events): dialler's end and
	// acceptor's, and whether the client dialled.
	dataEnds    [2]netip.AddrPort
	dataPassive bool
	ended       bool // the session has closed
}

func (s *session) emit(e sim.Event) {
	e.Time = s.now
	e.Kind = sim.Kind(strings.SplitN(e.Label, ".", 2)[0])
	s.events = append(s.events, e)
}

func (s *session) finding(host, note string) {
	if note != "" {
		s.emit(sim.Event{Host: host, Conn: 1, Label: sim.LabelFinding, Text: note})
	}
}

// open starts the timeline with the control connection from client to
// server; dialNote and acceptNote tell what stood between them.
func (s *session) open(client, server netip.AddrPort, dialNote, acceptNote string) {
	s.client, s.server, s.next = client, server, 2
	s.emit(sim.Event{Host: "client", Conn: 1, Label: sim.LabelControlConnect, From: client, To: server,
		Text: fmt.Sprintf("client dials %s from %s (control connection%s)", server, client, dialNote)})
	s.emit(sim.Event{Host: "server", Conn: 1, Label: sim.LabelControlAccept, From: client, To: server,
		Text: "server accepts the control connection" + acceptNote})
}

// add turns one proxy event into lab events.
func (s *session) add(ev proxy.Event) {
	s.now = ev.Time.Sub(s.start).Milliseconds()
	switch ev.Kind {
	case proxy.SessionOpen:
		s.open(ev.Client, ev.Server, ", through the proxy", fmt.Sprintf(" (the proxy relays %s)", ev.Client))
	case proxy.ClientLine:
		s.line(ev, true)
	case proxy.ServerLine:
		s.line(ev, false)
	case proxy.Refused:
		s.refused(ev)
	case proxy.DataListen:
		s.emit(sim.Event{Host: "proxy", Label: sim.LabelDataListen, To: ev.Local,
			Text: fmt.Sprintf("the proxy listens on %s (data)", ev.Local)})
	case proxy.DataOpen, proxy.DataBytes, proxy.DataClose, proxy.DataFailed:
		s.data(ev)
	case proxy.Opaque:
		s.emit(sim.Event{Host: "client", Conn: 1, Label: sim.LabelTLSStart, From: s.client, To: s.server,
			Text: "AUTH TLS accepted: the control connection is encrypted from here on"})
		s.finding("proxy", ev.Note)
	case proxy.SessionClose:
		s.emit(sim.Event{Host: "server", Conn: 1, Label: sim.LabelClose, From: s.server, To: s.client,
			Text: "the control connection closes"})
	}
}

// line records a control line and what a netfilter FTP helper would
// make of it.
func (s *session) line(ev proxy.Event, fromClient bool) {
	e := sim.Event{Conn: 1, Line: mask(ev.Line)}
	if fromClient {
		e.Host, e.From, e.To, e.Label = "client", s.client, s.server, cmdLabel(ev.Line)
		e.Text = fmt.Sprintf("client sends %q", e.Line)
	} else {
		e.Host, e.From, e.To, e.Label = "server", s.server, s.client, s.replyLabel(ev.Line)
		e.Text = fmt.Sprintf("server sends %q", e.Line)
	}
	if ev.Sent != "" && ev.Sent != ev.Line {
		e.Text += fmt.Sprintf("; the proxy relays it as %q", ev.Sent)
	}
	s.emit(e)
	if h := helperNote(ev.Line, fromClient, s.client, s.server); h != "" {
		s.emit(sim.Event{Host: "helper", Conn: 1, Label: sim.LabelHelperParse, Line: ev.Line, Text: h})
	}
	s.finding("proxy", ev.Note)
}

func cmdLabel(line string) string {
	cmd, err := wire.ParseCommand(line)
	if err != nil {
		return sim.CmdLabel("?")
	}
	return sim.CmdLabel(cmd.Verb)
}

// replyLabel is reply.<code>; a continuation line of a multi-line reply
// keeps the code of the reply it belongs to.
func (s *session) replyLabel(line string) string {
	if len(line) >= 3 && isDigits(line[:3]) {
		if len(line) > 3 && line[3] == '-' {
			s.code = line[:3]
		} else {
			s.code = ""
		}
		return sim.ReplyLabel(line[:3])
	}
	if s.code != "" {
		return sim.ReplyLabel(s.code)
	}
	return sim.ReplyLabel("?")
}

func isDigits(s string) bool {
	return strings.Trim(s, "0123456789") == ""
}

// helperNote says what Linux's FTP helper would read in line, or "".
func helperNote(line string, fromClient bool, client, server netip.AddrPort) string {
	m := sim.HelperScan(line, fromClient)
	switch m.Result {
	case sim.HelperPartial:
		return fmt.Sprintf("a netfilter FTP helper finds %s at the start of this line but cannot read the address: the kernel drops such a segment", m.Pattern)
	case sim.HelperNone:
		return ""
	}
	peer, other := server, client // 227 and 229 come from the server
	if fromClient {
		peer, other = client, server
	}
	if m.Pattern == "229" {
		return fmt.Sprintf("a netfilter FTP helper reads 229 and would expect a data connection from %s to %s port %d (the control connection's address)",
			other.Addr(), peer.Addr(), m.Port)
	}
	if m.Addr != peer.Addr() {
		return fmt.Sprintf("a netfilter FTP helper reads %s but records no expectation: %s is not the control connection's peer %s (a bounce defence, unless the helper runs with loose=1)",
			m, m.Addr, peer.Addr())
	}
	return fmt.Sprintf("a netfilter FTP helper reads %s and would expect a data connection from %s to %s",
		m, other.Addr(), netip.AddrPortFrom(m.Addr, m.Port))
}

// refused records a reply the proxy made itself, or a data connection it
// turned away.
func (s *session) refused(ev proxy.Event) {
	if ev.Line != "" {
		s.emit(sim.Event{Host: "proxy", Conn: 1, Label: s.replyLabel(ev.Line), From: s.server, To: s.client, Line: ev.Line,
			Text: fmt.Sprintf("the proxy answers %q itself, without relaying the command", ev.Line)})
	}
	s.finding("proxy", ev.Note)
}

// data records a data connection's open, close or failure.
func (s *session) data(ev proxy.Event) {
	dialer, acceptor := "server", "client"
	if ev.Passive {
		dialer, acceptor = "client", "server"
	}
	key := connKey{ev.From, ev.To}
	switch ev.Kind {
	case proxy.DataOpen:
		id := s.next
		s.next++
		s.conns[key] = id
		s.emit(sim.Event{Host: dialer, Conn: id, Label: sim.LabelDataConnect, From: ev.From, To: ev.To,
			Text: fmt.Sprintf("%s dials %s from %s (data connection, through the proxy)", dialer, ev.To, ev.From)})
		s.emit(sim.Event{Host: acceptor, Conn: id, Label: sim.LabelDataAccept, From: ev.From, To: ev.To,
			Text: fmt.Sprintf("%s accepts the data connection", acceptor)})
	case proxy.DataBytes:
		s.dataBytes(ev, key, dialer)
	case proxy.DataClose:
		s.emit(sim.Event{Host: dialer, Conn: s.conns[key], Label: sim.LabelDataClose, From: ev.From, To: ev.To,
			Text: "the data connection closes"})
	case proxy.DataFailed:
		s.dataFailed(ev, dialer)
	}
}

func (s *session) dataBytes(ev proxy.Event, key connKey, dialer string) {
	id := s.conns[key]
	// Up flows from the client, Down from the server.
	clientEnd, serverEnd := ev.From, ev.To
	if dialer == "server" {
		clientEnd, serverEnd = ev.To, ev.From
	}
	if ev.Down > 0 {
		s.emit(sim.Event{Host: "server", Conn: id, Label: sim.LabelDataBytes, From: serverEnd, To: clientEnd, Bytes: int(ev.Down),
			Text: fmt.Sprintf("server sends %d bytes, then closes its side", ev.Down)})
	}
	if ev.Up > 0 {
		s.emit(sim.Event{Host: "client", Conn: id, Label: sim.LabelDataBytes, From: clientEnd, To: serverEnd, Bytes: int(ev.Up),
			Text: fmt.Sprintf("client sends %d bytes, then closes its side", ev.Up)})
	}
}

func (s *session) dataFailed(ev proxy.Event, dialer string) {
	id := s.next
	s.next++
	label, how := sim.LabelTimeout, "was never answered"
	switch {
	case errors.Is(ev.Err, syscall.ECONNREFUSED):
		label, how = sim.LabelRefused, "was refused (RST)"
	case refusedErr(ev.Err):
		label, how = sim.LabelRefused, "found the host unreachable"
	case ev.To == (netip.AddrPort{}):
		// Nobody connected to the proxy's own listener.
		s.emit(sim.Event{Host: "proxy", Conn: id, Label: sim.LabelTimeout, To: ev.Local,
			Text: fmt.Sprintf("nobody connected to %s within the data timeout", ev.Local)})
		s.finding("proxy", ev.Note)
		return
	}
	s.emit(sim.Event{Host: dialer, Conn: id, Label: sim.LabelDataConnect, From: ev.From, To: ev.To,
		Text: fmt.Sprintf("the proxy dials %s for the %s (data connection)", ev.To, dialer)})
	s.emit(sim.Event{Host: dialer, Conn: id, Label: label, From: ev.From, To: ev.To,
		Text: fmt.Sprintf("the data connection to %s %s: %v", ev.To, how, ev.Err)})
	s.finding("proxy", ev.Note)
}

// mask hides the password of a PASS line.
func mask(line string) string {
	if len(line) > 5 && strings.EqualFold(line[:5], "PASS ") {
		return line[:5] + "****"
	}
	return line
}

// refusedErr tells a refused or unreachable connection (an answer) from
// one never answered.
func refusedErr(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH)
}
