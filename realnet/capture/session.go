package capture

import (
	"net/netip"
	"time"

	"ftplab/sim"
)

// Session is one FTP control connection and what it carried, as seen at
// one capture point.
type Session struct {
	ID             int            `json:"id"`
	Client, Server netip.AddrPort `json:"-"`
	Start, End     time.Time      `json:"-"`
	// TLS is set after AUTH TLS was accepted: from there on the control
	// connection is ciphertext to the capture, as to a firewall's helper.
	TLS      bool       `json:"tls,omitempty"`
	Lines    []Line     `json:"lines"`
	Attempts []*Attempt `json:"attempts"`
	Outcome  string     `json:"outcome"`
	Detail   string     `json:"detail"`
	Gaps     int64      `json:"gap_bytes,omitempty"`

	ctl     *flow
	events  []stamped
	conns   int
	buf     [2][]byte // a line in progress, per direction
	lost    [2]bool   // bytes of the line in progress were not captured
	reply   []string  // the lines so far of a multi-line reply
	authTLS bool      // AUTH TLS sent, waiting for 234
	burst   *stamped  // opaque bytes in progress (after AUTH TLS)
}

// Line is one command or one whole reply of the control dialogue.
type Line struct {
	Time       time.Time `json:"-"`
	FromClient bool      `json:"from_client"`
	Text       string    `json:"text"`
}

// Attempt is one data connection set up by the dialogue: the command
// that announced it, the reply, the connections that came, the command
// it carried and how it ended.
type Attempt struct {
	Setup      string         `json:"setup,omitempty"`       // PORT/EPRT/PASV/EPSV line; empty when not readable (TLS)
	SetupReply string         `json:"setup_reply,omitempty"` // its reply
	Passive    bool           `json:"passive"`
	Announced  netip.AddrPort `json:"announced,omitzero"` // the address:port announced, as seen here
	Command    string         `json:"command,omitempty"`  // LIST, RETR, STOR ... that used it
	Replies    []string       `json:"replies,omitempty"`  // the replies to Command
	Data       []*DataConn    `json:"data"`
	Outcome    string         `json:"outcome"`
	Detail     string         `json:"detail"`

	sess     *Session
	cmdAt    time.Time
	finalAt  time.Time
	finished bool // Command's final reply seen: no more data connections
}

// DataConn is one data connection attempt.
type DataConn struct {
	Conn       sim.ConnID     `json:"conn"`
	From       netip.AddrPort `json:"from"`
	To         netip.AddrPort `json:"to"`
	ByServer   bool           `json:"by_server"` // dialled by the server (active mode)
	SYNs       int            `json:"syns"`
	Verdict    string         `json:"verdict"` // ok, timeout, refused, unreachable
	Bytes      int64          `json:"bytes"`
	Gap        int64          `json:"gap_bytes,omitempty"`
	Seconds    float64        `json:"seconds"`
	announced  bool
	flow       *flow
	closedSeen bool
}

// stamped is an event with its capture time, before the timeline numbers
// it.
type stamped struct {
	at time.Time
	ev sim.Event
}

func (s *Session) emit(at time.Time, e sim.Event) {
	e.Kind = kindOf(e.Label)
	s.events = append(s.events, stamped{at, e})
}

// kindOf is the family of a label: the part before the dot.
func kindOf(label string) sim.Kind {
	for i := 0; i < len(label); i++ {
		if label[i] == '.' {
			return sim.Kind(label[:i])
		}
	}
	return sim.Kind(label)
}

// role names the side of the session an address belongs to.
func (s *Session) role(a netip.AddrPort) string {
	if a == s.Server || a.Addr() == s.Server.Addr() && a != s.Client {
		return "server"
	}
	return "client"
}

func (s *Session) newConn() sim.ConnID {
	s.conns++
	return sim.ConnID(s.conns)
}
