package classroom

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"ftplab/cmd/internal/tui"
)

// TestLogFollowsTheClass: the headless teacher's log reports an arrival
// and a departure that come in turn, although it looks at the class at
// most every logEvery; a burst of moves in between prints nothing.
func TestLogFollowsTheClass(t *testing.T) {
	c := newClass(course(t), 4)
	out := &output{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Log(ctx, c, out, nil) }()

	alice, err := c.join("alice", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	out.waitFor(t, "alice joined from 127.0.0.1\n")
	for i := 0; i < 200; i++ {
		alice.Moved(alice.pos)
	}
	c.leave(alice)
	out.waitFor(t, "alice left\n")
	if n := strings.Count(out.String(), "\n"); n != 2 {
		t.Errorf("the log has %d lines, want 2:\n%s", n, out.String())
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Log: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Log did not end with its context")
	}
}

// TestLogReportsABurst: a class joining, moving and answering at once is
// logged whole, although Log looks at most ten times a second; it ends
// with its context.
func TestLogReportsABurst(t *testing.T) {
	ls := course(t)
	c := newClass(ls, 60)
	var out output
	ctx, cancel := context.WithCancel(context.Background())
	ended := make(chan error, 1)
	go func() { ended <- Log(ctx, c, &out, nil) }()
	var want []string
	for i := range 60 {
		name := fmt.Sprintf("s%02d", i)
		s, err := c.join(name, "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		s.Moved(tui.Position{Lesson: ls[0].ID, Step: i % 5, Asking: -1})
		want = append(want, name+" joined from 10.0.0.1")
		if i%10 == 0 {
			s.Answered(tui.Answer{Lesson: ls[0].ID, Checkpoint: 0, Given: "1"})
			want = append(want, name+" answered 1 checkpoints")
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for missing := want; len(missing) > 0; {
		if time.Now().After(deadline) {
			t.Fatalf("not logged: %q\nlog:\n%s", missing, out.String())
		}
		time.Sleep(20 * time.Millisecond)
		log := out.String()
		missing = missing[:0:0]
		for _, w := range want {
			if !strings.Contains(log, w+"\n") {
				missing = append(missing, w)
			}
		}
	}
	cancel()
	select {
	case err := <-ended:
		if err != nil {
			t.Errorf("Log: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Log did not end with its context")
	}
}
