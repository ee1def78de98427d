package diagnose

import (
	"net/netip"
	"strings"
)

// Mode is one way of opening a data connection, named as the lab and the
// kernel oracle name it.
type Mode string

// The five modes, each tried alone, never falling back to another.
const (
	PASV      Mode = "PASV"       // PASV, connect to the address in the 227 reply
	PASVCtlIP Mode = "PASV_CTLIP" // PASV, connect to the control peer with the 227 port
	EPSV      Mode = "EPSV"       // EPSV, connect to the control peer with the 229 port
	PORT      Mode = "PORT"       // PORT: the server connects to us
	EPRT      Mode = "EPRT"       // EPRT: the server connects to us
)

// Modes lists every mode in the order attempts are reported.
var Modes = []Mode{PASV, PASVCtlIP, EPSV, PORT, EPRT}

// Passive reports whether the client opens the data connection.
func (m Mode) Passive() bool { return m == PASV || m == PASVCtlIP || m == EPSV }

// Ending says how an attempt's data connection ended.
type Ending string

const (
	// Established: the data connection opened and the transfer finished.
	Established Ending = "established"
	// Refused: the connection was answered with a reset (RST).
	Refused Ending = "refused"
	// NoAnswer: nothing came back in time: a SYN unanswered (passive), or
	// the server neither connected nor replied (active).
	NoAnswer Ending = "no-answer"
	// Unreachable: a router or firewall answered ICMP unreachable.
	Unreachable Ending = "unreachable"
	// Reply425: the server said it could not open the data connection
	// (425 or 426), after Attempt.Seconds.
	Reply425 Ending = "425"
	// CommandRefused: the server refused PASV, EPSV, PORT or EPRT itself
	// (a 5xx reply, e.g. "500 Illegal PORT command").
	CommandRefused Ending = "command-refused"
	// TransferRefused: the server refused the transfer command for a
	// reason that is not the data connection (550: no such file).
	TransferRefused Ending = "transfer-refused"
	// TLSFailed: the data connection opened but its TLS handshake failed.
	TLSFailed Ending = "tls-failed"
	// Failed: anything else, such as a control connection lost.
	Failed Ending = "error"
	// NotRun: the attempt could not start (no login, run time used up).
	NotRun Ending = "not-run"
	// NotApplicable: the mode cannot name an address of the control
	// connection's family (PASV and PORT over IPv6), so it was not tried;
	// not a failure.
	NotApplicable Ending = "not-applicable"
)

// dataFailure reports an ending that says the data connection itself
// could not be made: what firewalls and NAT cause.
func (e Ending) dataFailure() bool {
	switch e {
	case Refused, NoAnswer, Unreachable, Reply425, TLSFailed:
		return true
	}
	return false
}

// made reports an ending of an attempt that was made: neither not run
// nor not applicable.
func (e Ending) made() bool { return e != NotRun && e != NotApplicable }

// Line is one line of an attempt's transcript: "> " a command sent, "< "
// a reply read, "data: ..." and "tls: ..." what happened to the data
// connection, At seconds after the attempt started.
type Line struct {
	At   float64 `json:"t"`
	Text string  `json:"line"`
}

// Attempt is one data connection tried in one mode, on its own control
// connection.
type Attempt struct {
	Mode Mode `json:"mode"`
	TLS  bool `json:"tls"`
	// Command is the transfer command: "LIST path" or "RETR file".
	Command string `json:"command"`
	// Announced is what the 227 or 229 reply, or our PORT or EPRT
	// command, named: "10.0.0.5:40003"; ":40003" for a 229 reply.
	Announced string `json:"announced,omitempty"`
	// DataTo is where the data connection went: the address dialled
	// (passive) or our listener (active). DataFrom is its other end when
	// it opened: our local address (passive) or the address the server's
	// connection came from (active).
	DataTo   string `json:"data_to,omitempty"`
	DataFrom string `json:"data_from,omitempty"`
	Ending   Ending `json:"ending"`
	// Reply is the reply code that ended the attempt, if one did.
	Reply int `json:"reply,omitempty"`
	// Seconds is how long the data connection took to end as it did:
	// from the mode's command to the ending.
	Seconds float64 `json:"seconds"`
	Bytes   int64   `json:"bytes"`
	// Detail is the error, in the client's words.
	Detail string `json:"detail,omitempty"`
	// Write is the --write-test upload in this mode, when asked for.
	Write      *WriteTest `json:"write,omitempty"`
	Transcript []Line     `json:"transcript"`
}

// Works reports whether the attempt's data connection did its job.
func (a Attempt) Works() bool { return a.Ending == Established }

// WriteTest is a small upload under a unique name, removed afterwards.
type WriteTest struct {
	Name    string `json:"name"`
	Ending  Ending `json:"ending"`
	Reply   int    `json:"reply,omitempty"`
	Removed bool   `json:"removed"`
	Detail  string `json:"detail,omitempty"`
}

// Session is what one logged-in control connection revealed (one without
// TLS, one with).
type Session struct {
	TLS bool `json:"tls"`
	// LoggedIn is false when the session could not log in; Error says why.
	LoggedIn bool   `json:"logged_in"`
	Error    string `json:"error,omitempty"`
	// Reply is the code of the reply that refused the login, if any.
	Reply int `json:"reply,omitempty"`
	// ClientAddr is our end of the control connection; ServerAddr is the
	// address it reached (the server, or the NAT in front of it).
	ClientAddr string `json:"client_addr,omitempty"`
	ServerAddr string `json:"server_addr,omitempty"`
	// ServerSeesClient is the address the server says it is connected
	// to (STAT's "Connected to" line), "" when it does not say.
	ServerSeesClient string `json:"server_sees_client,omitempty"`
	Transcript       []Line `json:"transcript,omitempty"`
}

// Evidence is everything a run recorded.
type Evidence struct {
	// Target is the server as given: "host:port".
	Target string `json:"target"`
	// Features are the FEAT lines (upper-case names); TLSOffered says
	// whether they list AUTH TLS.
	Features   []string  `json:"features,omitempty"`
	TLSOffered bool      `json:"tls_offered"`
	Sessions   []Session `json:"sessions"`
	Attempts   []Attempt `json:"attempts"`
	// TLSRequired: FTPS was asked for (--tls=on), so a TLS session that
	// cannot log in is a failed login.
	TLSRequired bool `json:"tls_required"`
	// TLSSkipped says why no FTPS attempts were made, when none were.
	TLSSkipped string `json:"tls_skipped,omitempty"`
	// IPv6: the control connection runs over IPv6, so PASV and PORT are
	// not applicable (their attempts end NotApplicable).
	IPv6 bool `json:"ipv6,omitempty"`
}

// session returns the session of that security, if there is one.
func (e Evidence) session(tls bool) (Session, bool) {
	for _, s := range e.Sessions {
		if s.TLS == tls && s.LoggedIn {
			return s, true
		}
	}
	return Session{}, false
}

// attempt returns the attempt in mode m with that security, if made.
func (e Evidence) attempt(m Mode, tls bool) (Attempt, bool) {
	for _, a := range e.Attempts {
		if a.Mode == m && a.TLS == tls && a.Ending.made() {
			return a, true
		}
	}
	return Attempt{}, false
}

// connectedTo finds the address in a STAT reply's "Connected to" line,
// the address the server sees for the client:
//
//	211-FTP server status:
//	     Connected to 10.200.2.1
//
// ProFTPD writes "Connected from 198.51.100.7 (198.51.100.7)". An
// address with a port is taken without it. It returns "" when no such
// line holds an address.
func connectedTo(stat string) string {
	for l := range strings.SplitSeq(stat, "\n") {
		low := strings.ToLower(l)
		i := strings.Index(low, "connected to ")
		if i < 0 {
			i = strings.Index(low, "connected from ")
		}
		if i < 0 {
			continue
		}
		rest := l[i+len("connected "):]
		for f := range strings.FieldsSeq(rest) {
			f = strings.Trim(f, "()[],;.")
			if a, err := netip.ParseAddr(f); err == nil {
				return a.Unmap().String()
			}
			if ap, err := netip.ParseAddrPort(f); err == nil {
				return ap.Addr().Unmap().String()
			}
		}
	}
	return ""
}

// hostOf returns the address part of "addr:port", or s itself.
func hostOf(s string) string {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().String()
	}
	return s
}
