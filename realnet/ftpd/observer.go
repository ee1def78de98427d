package ftpd

import (
	"net"
	"net/netip"
	"strings"
	"time"

	"ftplab/realnet/wire"
)

// EventKind says what an observer Event reports.
type EventKind int

const (
	SessionOpen  EventKind = iota // a client connected (Client, Server)
	Command                       // a command line read from the client (Line; PASS's argument hidden)
	Reply                         // one line of a reply sent to the client (Line)
	TLSStart                      // the control connection is TLS from here on (AUTH TLS)
	DataListen                    // a passive port is listening (Local)
	DataOpen                      // a data connection is established: From dialled To (Passive)
	DataFailed                    // a data connection could not be made (Err; To: whom, Local: the passive port)
	DataClose                     // a transfer's data connection ended (Bytes, Upload, Err)
	SessionClose                  // the control connection is closed
)

var eventKindNames = [...]string{
	SessionOpen: "session.open", Command: "command", Reply: "reply", TLSStart: "tls.start",
	DataListen: "data.listen", DataOpen: "data.open", DataFailed: "data.failed", DataClose: "data.close",
	SessionClose: "session.close",
}

func (k EventKind) String() string {
	if int(k) < len(eventKindNames) {
		return eventKindNames[k]
	}
	return "unknown"
}

// Event is one step of a session, in the server's terms. Config.Observer
// receives them.
type Event struct {
	Session uint64
	Kind    EventKind
	Time    time.Time
	// Client and Server are the control connection's ends.
	Client, Server netip.AddrPort
	Line           string // Command, Reply
	// From dialled To (DataOpen, DataFailed); Local is the passive port.
	From, To, Local netip.AddrPort
	Passive         bool   // the client dialled (PASV, EPSV), not the server (PORT, EPRT)
	Verb            string // the transfer command (DataClose)
	Bytes           int64  // bytes moved by the transfer (DataClose)
	Upload          bool   // Bytes went from the client to the server
	Err             error  // how a data connection failed or ended badly
}

// observe tells the Observer, if any, about ev.
func (s *session) observe(ev Event) {
	obs := s.srv.cfg.Observer
	if obs == nil {
		return
	}
	ev.Session, ev.Time, ev.Client, ev.Server = s.id, time.Now(), s.peer, s.local
	obs(ev)
}

// observeCommand reports a command line, with PASS's argument hidden.
func (s *session) observeCommand(line string) {
	if len(line) > 5 && strings.EqualFold(line[:5], "PASS ") {
		line = line[:5] + "****"
	}
	s.observe(Event{Kind: Command, Line: line})
}

// observeReply reports each line of a reply.
func (s *session) observeReply(code int, msg string) {
	if s.srv.cfg.Observer == nil {
		return
	}
	for _, l := range strings.Split(strings.TrimRight(wire.FormatReply(code, msg), "\r\n"), "\r\n") {
		s.observe(Event{Kind: Reply, Line: l})
	}
}

// observeData reports the opening of the data connection d, or why it
// failed.
func (s *session) observeData(d dataOpener, c net.Conn, err error) {
	ev := Event{Kind: DataOpen}
	switch d := d.(type) {
	case *passiveListener:
		ev.Passive, ev.From, ev.To = true, s.peer, addrPortOf(d.l.Addr())
		ev.Local = ev.To
	case *activeTransfer:
		ev.From, ev.To = s.local, d.remote
	}
	if err != nil {
		ev.Kind, ev.Err = DataFailed, err
		if ev.Passive {
			ev.To = netip.AddrPort{} // nobody came
		}
	} else {
		ev.From, ev.To = addrPortOf(c.RemoteAddr()), addrPortOf(c.LocalAddr())
		if !ev.Passive {
			ev.From, ev.To = ev.To, ev.From
		}
	}
	s.observe(ev)
}

// observeTransfer reports the end of a transfer's data connection.
func (s *session) observeTransfer(verb string, n int64, err error) {
	up := verb == "STOR" || verb == "APPE" || verb == "STOU"
	s.observe(Event{Kind: DataClose, Verb: verb, Bytes: n, Upload: up, Err: err})
}
