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
