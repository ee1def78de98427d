package classroom

import (
	"testing"
	"time"
)

func TestLimitsConnections(t *testing.T) {
	l := newLimits(2)
	steps := []struct {
		connect bool // else disconnect
		host    string
		want    bool
	}{
		{true, "10.0.0.1", true},
		{true, "10.0.0.1", true},
		{true, "10.0.0.1", false},
		{true, "10.0.0.2", true},
		{false, "10.0.0.1", true},
		{true, "10.0.0.1", true},
		{true, "10.0.0.1", false},
	}
	for i, s := range steps {
		if !s.connect {
			l.disconnect(s.host)
			continue
		}
		if got := l.connect(s.host); got != s.want {
			t.Errorf("#%d connect(%s) = %v, want %v", i, s.host, got, s.want)
		}
	}
}

func TestLimitsLogins(t *testing.T) {
	l := newLimits(1)
	t0 := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range l.maxFailures {
		if !l.mayLogin("a", t0) {
			t.Fatalf("refused after %d failures, want %d allowed", i, l.maxFailures)
		}
		l.failed("a", t0)
	}
	if l.mayLogin("a", t0.Add(time.Second)) {
		t.Errorf("allowed after %d failures", l.maxFailures)
	}
	if !l.mayLogin("b", t0) {
		t.Errorf("another address refused")
	}
	if !l.mayLogin("a", t0.Add(l.failWindow)) {
		t.Errorf("still refused once the window passed")
	}
}
