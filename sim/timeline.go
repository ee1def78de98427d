package sim

import (
	"fmt"
	"net/netip"
)

// Listener is a host's listening socket.
type Listener struct {
	Host    string         `json:"host"`
	Addr    netip.AddrPort `json:"addr"`
	Control bool           `json:"control,omitempty"`
}

// Connection statuses.
const (
	StatusConnecting = "connecting"
	StatusOpen       = "open"
	StatusDropped    = "dropped"
	StatusRefused    = "refused"
	StatusClosed     = "closed"
)

// ConnState is one connection as both of its ends see it: the dialer's
// endpoints and, once delivered, the acceptor's (after NAT).
type ConnState struct {
	ID                ConnID         `json:"id"`
	Control           bool           `json:"control,omitempty"`
	Dialer            string         `json:"dialer"`
	Acceptor          string         `json:"acceptor,omitempty"`
	DialerLocal       netip.AddrPort `json:"dialer_local"`
	DialerRemote      netip.AddrPort `json:"dialer_remote"`
	AcceptorLocal     netip.AddrPort `json:"acceptor_local,omitzero"`
	AcceptorRemote    netip.AddrPort `json:"acceptor_remote,omitzero"`
	Status            string         `json:"status"`
	TLS               bool           `json:"tls,omitempty"`
	BytesFromDialer   int64          `json:"bytes_from_dialer,omitempty"`
	BytesFromAcceptor int64          `json:"bytes_from_acceptor,omitempty"`
}

// NATKind says which address a NAT mapping changed.
type NATKind string

// NAT kinds, in nftables' words.
const (
	NATSource      NATKind = "SNAT" // the source: masquerade, snat
	NATDestination NATKind = "DNAT" // the destination: dnat, a port forward
)

// NATMapping is one translation the router made for a connection.
type NATMapping struct {
	Host string         `json:"host"`
	Conn ConnID         `json:"conn"`
	Rule string         `json:"rule"`
	Kind NATKind        `json:"kind"`
	From netip.AddrPort `json:"from"`
	To   netip.AddrPort `json:"to"`
}

// State is the whole simulated network after one step.
type State struct {
	Step         int           `json:"step"`
	Time         int64         `json:"time_ms"`
	Listeners    []Listener    `json:"listeners"`
	Conns        []ConnState   `json:"conns"`
	Conntrack    []CTEntry     `json:"conntrack"`
	Expectations []Expectation `json:"expectations"`
	NAT          []NATMapping  `json:"nat"`
}

func (s State) clone() State {
	c := s
	c.Listeners = append([]Listener(nil), s.Listeners...)
	c.Conns = append([]ConnState(nil), s.Conns...)
	c.Conntrack = append([]CTEntry(nil), s.Conntrack...)
	c.Expectations = append([]Expectation(nil), s.Expectations...)
	c.NAT = append([]NATMapping(nil), s.NAT...)
	return c
}

// Timeline is the ordered list of events of a Net with the state after
// each of them. Step 0 is the state before the first event; step k the
// state after event k.
type Timeline struct {
	events []Event
	states []State
	// finalOnly marks a timeline read from JSON, which keeps the state
	// before the first event and after the last one, not those between.
	finalOnly bool
}

func newTimeline() *Timeline {
	return &Timeline{states: []State{{}}}
}

func (t *Timeline) add(e Event, s State) {
	s.Step = e.Seq
	s.Time = e.Time
	t.events = append(t.events, e)
	t.states = append(t.states, s)
}

// Len is the number of events.
func (t *Timeline) Len() int { return len(t.events) }

// Events returns a copy of all events in order.
func (t *Timeline) Events() []Event { return append([]Event(nil), t.events...) }

// Event returns event step (1-based).
func (t *Timeline) Event(step int) (Event, error) {
	if step < 1 || step > len(t.events) {
		return Event{}, fmt.Errorf("sim: event step %d out of range 1..%d", step, len(t.events))
	}
	return t.events[step-1], nil
}

// At returns the state after event step (0 = before the first event). The
// snapshot is a copy the caller may keep.
func (t *Timeline) At(step int) (State, error) {
	if step < 0 || step >= len(t.states) {
		return State{}, fmt.Errorf("sim: state step %d out of range 0..%d", step, len(t.states)-1)
	}
	if t.finalOnly && step != 0 && step != len(t.events) {
		return State{}, fmt.Errorf("sim: state after step %d not recorded: a timeline read from JSON keeps only its final state (step %d)", step, len(t.events))
	}
	return t.states[step].clone(), nil
}

// Labels returns the label of every event in order: handy for tests and
// lesson checkpoints.
func (t *Timeline) Labels() []string {
	out := make([]string, len(t.events))
	for i, e := range t.events {
		out[i] = e.Label
	}
	return out
}

// Prefix returns the timeline as it was at step: its first step events
// and the states after them (a step past the end gives the whole
// timeline). Like a Snapshot it shares the events and states.
func (t *Timeline) Prefix(step int) *Timeline {
	step = max(0, min(step, len(t.events)))
	p := &Timeline{events: t.events[:step:step], states: t.states[: step+1 : step+1], finalOnly: t.finalOnly}
	if t.finalOnly && step != len(t.events) {
		p.states = t.states[:1:1] // only the final state is known: none of p's
	}
	return p
}

// Snapshot returns a copy of the timeline as it is now, safe to read while
// the Net goes on adding events: events and states are never changed once
// added, so the copy shares them.
func (t *Timeline) Snapshot() *Timeline {
	return &Timeline{events: t.events[:len(t.events):len(t.events)], states: t.states[:len(t.states):len(t.states)], finalOnly: t.finalOnly}
}
