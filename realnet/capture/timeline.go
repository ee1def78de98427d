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
	for i, se := range s.events {
		events[i] = se.ev
		events[i].Time = se.at.Sub(s.Start).Milliseconds()
	}
	return sim.ObserveEvents(events)
}
