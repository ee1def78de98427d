package tui

import (
	"encoding/json"
	"sync"
	"time"

	"ftplab/lessons"
)

// saver writes the progress off the UI goroutine (Options.SaveAside):
// one writer at a time, and only the newest progress waiting.
type saver struct {
	mu      sync.Mutex
	next    *lessons.Progress // the newest progress not written yet
	running bool              // a writer is on its way
	done    chan struct{}     // closed when that writer ends
}

// saveAside hands a copy of p to the writer (on the UI goroutine).
func (a *App) saveAside(p *lessons.Progress) {
	c, err := copyProgress(p)
	if err != nil {
		a.msg = "progress not saved: " + err.Error()
		return
	}
	s := &a.saver
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next = c
	if s.running {
		return
	}
	s.running, s.done = true, make(chan struct{})
	go a.writeSaves(s.done)
}

// writeSaves writes the progress waiting until none is; a failure shows
// in the status bar.
func (a *App) writeSaves(done chan struct{}) {
	defer close(done)
	s := &a.saver
	for {
		a.quietMoment()
		s.mu.Lock()
		p := s.next
		s.next = nil
		if p == nil {
			s.running = false
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		if err := a.opts.Store.Save(p); err != nil {
			msg := "progress not saved: " + err.Error()
			go a.post(func() { // never blocks the writer, even once stopped
				a.msg = msg
				a.refresh()
			})
		}
	}
}

// quietMoment waits, at most saveWait, while the machine is behind
// (Options.Busy: in the classroom, keys waiting for their frames). A
// save is a burst of file system work (a temporary file, its sync, a
// rename: about 1.5 ms of CPU), and a class answers a checkpoint
// together: sixty saves among sixty verdicts doubled the slowest
// verdicts' wait. Progress that comes meanwhile replaces the waiting one.
func (a *App) quietMoment() {
	if a.opts.Busy == nil {
		return
	}
	for deadline := time.Now().Add(saveWait); a.opts.Busy() && time.Now().Before(deadline); {
		time.Sleep(saveRetry)
	}
}

// A save waits for a quiet moment at most saveWait, looking every
// saveRetry.
const (
	saveWait  = time.Second
	saveRetry = 10 * time.Millisecond
)

// waitSaves returns once the progress handed to the writer is written.
func (a *App) waitSaves() {
	a.saver.mu.Lock()
	done := a.saver.done
	a.saver.mu.Unlock()
	if done != nil {
		<-done
	}
}

// copyProgress is a copy of p sharing nothing with it, made as the store
// would write it.
func copyProgress(p *lessons.Progress) (*lessons.Progress, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	var c lessons.Progress
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, err
	}
	return &c, nil
}
