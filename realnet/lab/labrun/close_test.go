package labrun

import (
	"context"
	"fmt"
	"testing"
	"time"

	"ftplab/realnet/lab"
	"ftplab/sim"
)

// TestCloseMidSession closes a stepped run while its client is still in
// the middle of the session (at the greeting, in Login, at the data
// connection), as a student does who leaves a lab halfway: Close must
// return promptly, and (run with -race) must not talk to the client the
// run's own goroutine is using.
func TestCloseMidSession(t *testing.T) {
	sc, _ := shipped.Lookup("a")
	for _, steps := range []int{0, 1, 3, 6, 12} {
		t.Run(fmt.Sprintf("after %d steps", steps), func(t *testing.T) {
			r, err := Start(context.Background(), Options{Scenario: sc, Mode: sim.ModePASV, Seed: 1, Pace: lab.Stepping})
			if err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(5 * time.Second)
			for done := 0; done < steps && time.Now().Before(deadline); {
				if r.Lab.Stepper.Waiting() > 0 {
					r.Lab.Stepper.Step(1)
					done++
					continue
				}
				time.Sleep(time.Millisecond)
			}
			closed := make(chan error, 1)
			go func() { closed <- r.Close() }()
			select {
			case err := <-closed:
				if err != nil {
					t.Errorf("Close: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Close did not return within 10 s")
			}
		})
	}
}
