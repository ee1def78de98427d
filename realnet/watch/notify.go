package watch

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
		for i, w := range r.watchers {
			if w == ch {
				r.watchers = append(r.watchers[:i], r.watchers[i+1:]...)
				break
			}
		}
	}
}

// notifyLocked signals every watcher without blocking; r.mu is held.
func (r *Recorder) notifyLocked() {
	for _, w := range r.watchers {
		select {
		case w <- struct{}{}:
		default:
		}
	}
}

// Ended reports whether session id has closed.
func (r *Recorder) Ended(id uint64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.sessions[id]
	return s != nil && s.ended
}
