package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ReadJSON reads a timeline rendered by RenderJSON: RenderJSON of the
// result gives back the same bytes. The JSON form holds the events and
// the final state only, so the result answers every question about its
// events, and At gives the states before the first event and after the
// last one (an error in between).
func ReadJSON(b []byte) (*Timeline, error) {
	var v timelineJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("sim: read timeline JSON: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("sim: read timeline JSON: data after the timeline at byte %d", dec.InputOffset())
	}
	if v.Events == nil {
		return nil, fmt.Errorf("sim: read timeline JSON: no \"events\" list")
	}
	for i, e := range v.Events {
		if e.Seq != i+1 {
			return nil, fmt.Errorf("sim: read timeline JSON: event %d has seq %d, want %d", i+1, e.Seq, i+1)
		}
		if i > 0 && e.Time < v.Events[i-1].Time {
			return nil, fmt.Errorf("sim: read timeline JSON: event %d at %d ms goes back in time (event %d at %d ms)", e.Seq, e.Time, i, v.Events[i-1].Time)
		}
	}
	n := len(v.Events)
	if v.Final.Step != n {
		return nil, fmt.Errorf("sim: read timeline JSON: final state is of step %d, want %d (the last event)", v.Final.Step, n)
	}
	t := &Timeline{events: v.Events, states: make([]State, n+1), finalOnly: true}
	t.states[n] = v.Final
	return t, nil
}
