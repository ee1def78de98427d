package classroom

import (
	"sync"
	"sync/atomic"
	"time"
)

// pace tells whether the class is behind: some student's key still waits
// for its frame. The labs ask it before an animation's frame
// (tui.Options.Busy) and, while it says busy, show steps at rest: when
// the class presses together (the first keys, a checkpoint everyone
// reaches, the start of a run) each key waited behind the others'
// animation frames, a quarter of the server's work.
type pace struct {
	now  func() time.Time
	mu   sync.Mutex
	keys map[*keyWait]struct{}
}

// keyWait is a student's key not yet drawn: when it came, in Unix
// nanoseconds; 0 if none.
type keyWait struct{ since atomic.Int64 }

// staleKey is how long a key counts as waiting at most: a key that
// changes nothing may draw no frame, and its mark stays until the
// student's next frame.
const staleKey = time.Second

func newPace(now func() time.Time) *pace {
	return &pace{now: now, keys: map[*keyWait]struct{}{}}
}

// student registers a student's keys; done unregisters them.
func (p *pace) student() (k *keyWait, done func()) {
	k = &keyWait{}
	p.mu.Lock()
	p.keys[k] = struct{}{}
	p.mu.Unlock()
	return k, func() {
		p.mu.Lock()
		delete(p.keys, k)
		p.mu.Unlock()
	}
}

// key marks a key come (the oldest not drawn counts).
func (p *pace) key(k *keyWait) { k.since.CompareAndSwap(0, p.now().UnixNano()) }

// drawn marks the student's keys drawn (a frame shown).
func (k *keyWait) drawn() { k.since.Store(0) }

// busy says whether a student's key waits for its frame.
func (p *pace) busy() bool { return p.busyBut(nil) }

// busyBut is busy for the lab of the student of own: its own keys do not
// count. A → that waits for the lab draws nothing until the lab's event
// comes (tui's labwait.go), so the key still waits when that frame asks
// whether to animate the step: it is the very frame the key waits for.
func (p *pace) busyBut(own *keyWait) bool {
	oldest := p.now().Add(-staleKey).UnixNano()
	p.mu.Lock()
	defer p.mu.Unlock()
	for k := range p.keys {
		if t := k.since.Load(); k != own && t != 0 && t > oldest {
			return true
		}
	}
	return false
}
