package livesession

import (
	"context"
	"errors"
	"strings"
	"sync"

	"ftplab/realnet/watch"
	"ftplab/sim"
)

// session is one live session as the lab shows it. Until a client
// connects it has no id and an empty timeline.
type session struct {
	w       *Watcher
	changed chan struct{}
	done    chan struct{}
	stop    context.CancelFunc

	mu      sync.Mutex
	id      uint64
	pending int  // steps asked before a session was chosen
	full    bool // the UI plays at full speed
	closed  bool
}

func (w *Watcher) start() *session {
	ctx, stop := context.WithCancel(context.Background())
	s := &session{w: w, changed: make(chan struct{}, 1), done: make(chan struct{}), stop: stop}
	s.bind()
	go s.follow(ctx)
	return s
}

// bind chooses the session to show if none is yet, and hands it the
// steps and pace asked for meanwhile.
func (s *session) bind() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.id != 0 || s.closed {
		return s.id
	}
	if s.id = s.w.choose(); s.id != 0 && s.w.hold != nil {
		for ; s.pending > 0; s.pending-- {
			s.w.hold.Step(s.id)
		}
		s.w.hold.Free(s.id, s.full)
	}
	return s.id
}

// follow forwards the recorder's changes until the session ends.
func (s *session) follow(ctx context.Context) {
	ch, unwatch := s.w.rec.Watch()
	defer unwatch()
	var held <-chan struct{} // the line held changes: the notes do
	if s.w.hold != nil {
		c, unhold := s.w.hold.Watch()
		defer unhold()
		held = c
	}
	for {
		id := s.bind()
		if id != 0 {
			select {
			case s.changed <- struct{}{}:
			default:
			}
			if s.w.rec.Ended(id) {
				close(s.done)
				return
			}
		}
		select {
		case <-ch:
		case <-held:
		case <-ctx.Done():
			return
		}
	}
}

func (s *session) Timeline() *sim.Timeline {
	s.mu.Lock()
	id := s.id
	s.mu.Unlock()
	if tl, err := s.w.rec.Timeline(id); err == nil {
		return tl
	}
	tl, _ := sim.ObserveEvents(nil)
	return tl
}

func (s *session) Changed() <-chan struct{} { return s.changed }
func (s *session) Done() <-chan struct{}    { return s.done }
func (s *session) FileSize() int64          { return 0 }

func (s *session) Outcome() (string, string) {
	return watch.FrameOf(s.Timeline()).Outcome, "-"
}

// Step lets the held session's next control line through; without a
// hold the session runs at its own pace and there is nothing to release.
func (s *session) Step() {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.w.hold == nil || s.closed:
	case s.id == 0:
		s.pending++
	default:
		s.w.hold.Step(s.id)
	}
}

func (s *session) FullSpeed(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.full = on
	if s.w.hold != nil && s.id != 0 && !s.closed {
		s.w.hold.Free(s.id, on)
	}
}

// Command takes the lab's command line: "session N" picks the session
// the next start (r) shows, "sessions" lists them. FTP commands belong
// to the real client.
func (s *session) Command(_ context.Context, line string) (string, error) {
	f := strings.Fields(line)
	switch {
	case len(f) == 2 && strings.EqualFold(f[0], "session"):
		return s.w.pick(f[1])
	case len(f) == 1 && strings.EqualFold(f[0], "sessions"):
		return strings.Join(s.w.Notes(), "\n"), nil
	}
	return "", errors.New("a real session: type FTP commands in its own client; here \"session N\" picks the session r shows next, \"sessions\" lists them")
}

// Close stops following; a held session left behind runs free, so that
// its client is not stuck on a line nobody will step.
func (s *session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		s.stop()
		if s.w.hold != nil && s.id != 0 {
			s.w.hold.Free(s.id, true)
		}
	}
	return nil
}
