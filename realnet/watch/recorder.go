package watch

import (
	"fmt"
	"slices"
	"sync"
	"time"

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
	r.record(ev.Session, ev.Time, ev.Kind == proxy.SessionClose, func(s *session) { s.add(ev) })
}

// record applies one event of session id at t through add, under the
// lock, then tells onClose (without the lock) if the event ended it. The
// proxy's and the server's observers share it.
func (r *Recorder) record(id uint64, t time.Time, ends bool, add func(*session)) {
	r.mu.Lock()
	s := r.sessionLocked(id, t)
	add(s)
	r.tookLocked(s, ends)
	r.mu.Unlock()
	if ends && r.closed != nil {
		r.closed(id)
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

// MaxKept is how many sessions a recorder keeps: past it, the oldest
// ended session is forgotten as another ends, so that a long-running
// proxy or server does not grow without bound.
const MaxKept = 1000

// sessionLocked returns session id, new if unseen; r.mu is held.
func (r *Recorder) sessionLocked(id uint64, t time.Time) *session {
	s := r.sessions[id]
	if s == nil {
		s = &session{start: t, conns: map[connKey]sim.ConnID{}}
		r.sessions[id] = s
		r.order = append(r.order, id)
	}
	return s
}

// tookLocked follows an event of s: it marks s ended if it is, forgets
// the oldest ended session past MaxKept, and tells the watchers.
func (r *Recorder) tookLocked(s *session, ended bool) {
	if ended && !s.ended {
		s.ended = true
		if len(r.order) > MaxKept {
			i := slices.IndexFunc(r.order, func(id uint64) bool { return r.sessions[id].ended })
			delete(r.sessions, r.order[i])
			r.order = slices.Delete(r.order, i, i+1)
		}
	}
	r.notifyLocked()
}
