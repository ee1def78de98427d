package classroom

import (
	"testing"
	"time"
)

// TestPace: the class is busy while a student's key waits for its frame,
// not once it is drawn, nor once it waited longer than staleKey, nor once
// its student left.
func TestPace(t *testing.T) {
	now := time.Unix(1000, 0)
	p := newPace(func() time.Time { return now })
	a, leaveA := p.student()
	b, _ := p.student()
	tests := []struct {
		name string
		do   func()
		want bool
	}{
		{"no key", func() {}, false},
		{"a key of a", func() { p.key(a) }, true},
		{"a drawn", func() { a.drawn() }, false},
		{"a key of b", func() { p.key(b) }, true},
		{"b waits less than staleKey", func() { now = now.Add(staleKey - time.Millisecond) }, true},
		{"a second key of b keeps the first's time", func() { p.key(b); now = now.Add(time.Millisecond) }, false},
		{"b drawn, a key of a", func() { b.drawn(); p.key(a) }, true},
		{"a left", leaveA, false},
	}
	for _, tt := range tests {
		tt.do()
		if got := p.busy(); got != tt.want {
			t.Errorf("%s: busy %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestPaceButOwn: a lab asking for itself does not count its student's
// own key (the frame asking is the one that key waits for), but counts
// the others'.
func TestPaceButOwn(t *testing.T) {
	now := time.Unix(1000, 0)
	p := newPace(func() time.Time { return now })
	a, _ := p.student()
	b, _ := p.student()
	p.key(a)
	if !p.busy() || p.busyBut(a) || !p.busyBut(b) {
		t.Errorf("a's key waits: busy %v, but a %v, but b %v; want true, false, true", p.busy(), p.busyBut(a), p.busyBut(b))
	}
	p.key(b)
	if !p.busyBut(a) {
		t.Error("b's key waits too: the lab of a is busy")
	}
}
