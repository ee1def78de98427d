package proxy

import (
	"net/netip"
	"time"
)

// EventKind says what a proxy Event reports.
type EventKind int

const (
	SessionOpen  EventKind = iota // a client connected and upstream answered the dial
	SessionClose                  // both control connections are closed
	ClientLine                    // a control line from the client (Line; Sent is what went upstream)
	ServerLine                    // a control line from the server (Line; Sent is what reached the client)
	Refused                       // the proxy answered the client itself (Line: its reply)
	DataListen                    // the proxy listens for one data connection (Local)
	DataOpen                      // a data connection is relayed: From dialled To through the proxy
	DataBytes                     // one direction of a data connection ended: its bytes (Up or Down)
	DataClose                     // a relayed data connection ended (Up and Down in all, Err)
	DataFailed                    // a data connection could not be made (Err says how)
	Opaque                        // AUTH TLS succeeded: the control connection is ciphertext from here on
)

var kindNames = [...]string{
	SessionOpen: "session.open", SessionClose: "session.close",
	ClientLine: "client.line", ServerLine: "server.line", Refused: "refused",
	DataListen: "data.listen", DataOpen: "data.open", DataBytes: "data.bytes", DataClose: "data.close",
	DataFailed: "data.failed", Opaque: "opaque",
}

func (k EventKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Event is one step of a proxied session, in the proxy's terms.
type Event struct {
	Session uint64
	Kind    EventKind
	Time    time.Time

	// The control connection: the client's address and the server's.
	Client, Server netip.AddrPort

	Line string // the line as read, without CRLF
	Sent string // the line as relayed after rewriting; empty if not relayed

	// A data connection: who dialled whom, as each end saw it. Local is
	// the proxy's own listening address for DataListen.
	From, To, Local netip.AddrPort
	// Passive is true for a data connection the client dialled (PASV,
	// EPSV), false for one the server dialled (PORT, EPRT).
	Passive bool
	// Bytes relayed by a data connection (DataBytes, DataClose): Up from
	// the client to the server, Down from the server to the client.
	Up, Down int64
	Err      error
	Note     string // a finding in plain words, e.g. the 227 address is not the server's
}
