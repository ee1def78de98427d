package watch

import (
	"fmt"
	"slices"
	"sync"

	"ftplab/realnet/proxy"
	"ftplab/sim"
)

// Recorder keeps the sessions a proxy reports. It is safe for concurrent
// use: give its Observe method to proxy.Config.Observer.
type Recorder struct {
	mu       sync.Mutex
	sessions map[uint64]*session
	order    []uint64
	closed   func(id uint64) // called when a session ends, if set
	watchers []chan struct{} // signalled after each event (Watch)
}

// NewRecorder returns an empty recorder. onClose, if not nil, is called
// (without the recorder's lock) with the id of each session that ends.
func NewRecorder(onClose func(id uint64)) *Recorder {
	return &Recorder{sessions: map[uint64]*session{}, closed: onClose}
}

// Observe records one proxy event.
func (r *Recorder) Observe(ev proxy.Event) {
	r.mu.Lock()
	s := r.sessions[ev.Session]
	if s == nil {
		s = &session{start: ev.Time, conns: map[connKey]sim.ConnID{}}
		r.sessions[ev.Session] = s
		r.order = append(r.order, ev.Session)
	}
	s.add(ev)
	s.ended = s.ended || ev.Kind == proxy.SessionClose
	r.notifyLocked()
	r.mu.Unlock()
	if ev.Kind == proxy.SessionClose && r.closed != nil {
		r.closed(ev.Session)
	}
}

// Sessions returns the ids of the sessions seen, in the order they began.
func (r *Recorder) Sessions() []uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.order)
}

// Timeline returns session id as a timeline, as far as it has gone.
func (r *Recorder) Timeline(id uint64) (*sim.Timeline, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.sessions[id]
	if s == nil {
		return nil, fmt.Errorf("watch: no session %d", id)
	}
	return sim.ObserveEvents(slices.Clone(s.events))
}
