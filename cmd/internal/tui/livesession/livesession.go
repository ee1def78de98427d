package livesession

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"ftplab/cmd/internal/tui"
	"ftplab/realnet/watch"
	"ftplab/sim"
)

// Watcher is the live sessions of one recorder and which one the UI
// shows. hold is nil when nothing is held.
type Watcher struct {
	rec  *watch.Recorder
	hold *watch.Hold

	mu       sync.Mutex
	picked   uint64 // the session asked for with ":session N"; 0: the next one
	watching uint64 // the session on screen; 0: none yet
	shown    map[uint64]bool
}

// New returns a watcher of rec's sessions; hold may be nil.
func New(rec *watch.Recorder, hold *watch.Hold) *Watcher {
	return &Watcher{rec: rec, hold: hold, shown: map[uint64]bool{}}
}

// Starter returns the lab's Starter: each start (and restart, r) shows
// the session picked with ":session N", else the first one not shown
// yet, waiting for it if no client has connected.
func (w *Watcher) Starter() tui.Starter {
	return func(ctx context.Context, _ sim.Run) (tui.Session, error) {
		return w.start(), nil
	}
}

// choose returns the session to show now (0: none yet) and marks it
// shown.
func (w *Watcher) choose() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	id := w.picked
	if id == 0 {
		for _, s := range w.rec.Sessions() {
			if !w.shown[s] {
				id = s
				break
			}
		}
	}
	if id != 0 {
		w.picked, w.watching, w.shown[id] = 0, id, true
	}
	return id
}

// Notes are the lines the lesson pane shows: the sessions, the one on
// screen, the line held, and how to switch.
func (w *Watcher) Notes() []string {
	w.mu.Lock()
	watching := w.watching
	w.mu.Unlock()
	var out []string
	if w.hold != nil {
		out = append(out, "--hold: each control line waits for your step (→ or Space); p plays the rest at full speed. Real clients have timeouts (curl's --connect-timeout and --max-time, lftp's net:timeout, FileZilla's 20 s): step before they give up, or the session ends with their timeout. Sessions you are not watching wait too, until you watch them (:session N, r).")
		if watching != 0 {
			if l := w.hold.Waiting(watching); l != "" {
				out = append(out, "Held now: "+l)
			}
		}
	}
	ids := w.rec.Sessions()
	if len(ids) == 0 {
		return append(out, "No client yet: connect an FTP client to see its session here.")
	}
	var b strings.Builder
	b.WriteString("Sessions (:session N then r to watch another):")
	for _, id := range ids {
		tl, err := w.rec.Timeline(id)
		if err != nil {
			continue
		}
		f := watch.FrameOf(tl)
		mark := " "
		if id == watching {
			mark = "▶"
		}
		fmt.Fprintf(&b, "\n%s %d  client %s  %s  %d events", mark, id, f.Client, f.Outcome, tl.Len())
	}
	return append(out, b.String())
}

// pick chooses the session the next start shows.
func (w *Watcher) pick(arg string) (string, error) {
	id, err := strconv.ParseUint(strings.TrimSpace(arg), 10, 64)
	if err != nil {
		return "", fmt.Errorf("session %q: want a session number from the list", arg)
	}
	if _, err := w.rec.Timeline(id); err != nil {
		return "", fmt.Errorf("no session %d yet", id)
	}
	w.mu.Lock()
	w.picked = id
	w.mu.Unlock()
	return fmt.Sprintf("session %d is next: press r to watch it", id), nil
}
