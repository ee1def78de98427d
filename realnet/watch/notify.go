package watch

import "slices"

// Watch returns a channel signalled (coalesced) after each event the
// recorder takes, and a function that stops it.
func (r *Recorder) Watch() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	r.mu.Lock()
	r.watchers = append(r.watchers, ch)
	r.mu.Unlock()
	return ch, func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.watchers = unwatch(r.watchers, ch)
	}
}

// unwatch removes ch from list.
func unwatch(list []chan struct{}, ch chan struct{}) []chan struct{} {
	return slices.DeleteFunc(list, func(w chan struct{}) bool { return w == ch })
}

// signal signals each channel of list without blocking.
func signal(list []chan struct{}) {
	for _, w := range list {
		select {
		case w <- struct{}{}:
		default:
		}
	}
}

// notifyLocked signals every watcher without blocking; r.mu is held.
func (r *Recorder) notifyLocked() { signal(r.watchers) }

// Ended reports whether session id has closed.
func (r *Recorder) Ended(id uint64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.sessions[id]
	return s != nil && s.ended
}
