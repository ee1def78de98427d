package watch

import (
	"context"
	"sync"

	"ftplab/realnet/proxy"
)

// Hold keeps each control line of a proxied session until it is let
// through, so that a real session can be walked one line at a time: give
// its Gate to proxy.Config.Gate. A session runs free once Free(id, true).
// Real clients have timeouts of their own: a line held too long ends
// their session, which the timeline then shows.
type Hold struct {
	mu       sync.Mutex
	held     map[uint64]*gate
	watchers []chan struct{} // signalled when a line starts waiting (Watch)
}

// gate is one session's: lines it may pass, whether it runs free, the
// line now waiting, and a channel closed when any of these change.
type gate struct {
	credit  int
	free    bool
	waiting string
	wake    chan struct{}
}

// NewHold returns a Hold that holds every session until told otherwise.
func NewHold() *Hold { return &Hold{held: map[uint64]*gate{}} }

func (h *Hold) get(id uint64) *gate {
	g := h.held[id]
	if g == nil {
		g = &gate{wake: make(chan struct{})}
		h.held[id] = g
	}
	return g
}

// Gate waits until ev's line may pass: a Step, Free, or ctx's end.
func (h *Hold) Gate(ctx context.Context, ev proxy.Event) error {
	for {
		h.mu.Lock()
		g := h.get(ev.Session)
		if g.free || g.credit > 0 {
			if !g.free {
				g.credit--
			}
			g.waiting = ""
			h.mu.Unlock()
			return nil
		}
		who := "client"
		if ev.Kind == proxy.ServerLine {
			who = "server"
		}
		if w := who + ": " + mask(ev.Line); g.waiting != w {
			g.waiting = w
			signal(h.watchers)
		}
		wake := g.wake
		h.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Step lets session id's next control line through (now, or when it
// comes).
func (h *Hold) Step(id uint64) {
	h.change(id, func(g *gate) { g.credit++ })
}

// Free lets session id run without holding (on) or holds it again.
func (h *Hold) Free(id uint64, on bool) {
	h.change(id, func(g *gate) { g.free = on })
}

// Waiting is the line session id holds now ("client: RETR f"), or "".
func (h *Hold) Waiting(id uint64) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if g := h.held[id]; g != nil {
		return g.waiting
	}
	return ""
}

// Forget drops what is kept of session id (call it when it ends).
func (h *Hold) Forget(id uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.held, id)
}

func (h *Hold) change(id uint64, f func(*gate)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	g := h.get(id)
	f(g)
	close(g.wake)
	g.wake = make(chan struct{})
}

// Watch returns a channel signalled (coalesced) when a line starts
// waiting, and a function that stops it.
func (h *Hold) Watch() (<-chan struct{}, func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ch := make(chan struct{}, 1)
	h.watchers = append(h.watchers, ch)
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.watchers = unwatch(h.watchers, ch)
	}
}
