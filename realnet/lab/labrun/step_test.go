package labrun

import (
	"context"
	"strings"
	"testing"
	"time"

	"ftplab/realnet/lab"
	"ftplab/sim"
)

// TestSteppedEqualsFullSpeed steps a run one operation at a time, as the
// terminal UI does, and checks that it ends with the same timeline as a
// full-speed run: holding operations must not change their order.
func TestSteppedEqualsFullSpeed(t *testing.T) {
	for _, tc := range []struct {
		id   string
		mode sim.Mode
	}{{"d", sim.ModePORT}, {"e", sim.ModePASV}, {"h2", sim.ModeEPRT}, {"steal", sim.ModePASV}} {
		sc, _ := shipped.Lookup(tc.id)
		_, want, err := Exec(context.Background(), Options{Scenario: sc, Mode: tc.mode, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		r, err := Start(context.Background(), Options{Scenario: sc, Mode: tc.mode, Seed: 3, Pace: lab.Stepping})
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.After(10 * time.Second)
	stepping:
		for steps := 0; ; steps++ {
			select {
			case <-r.Done():
				break stepping
			case <-deadline:
				t.Fatalf("%s/%s: not done after %d steps", tc.id, tc.mode, steps)
			default:
			}
			if r.Lab.Stepper.Waiting() > 0 {
				r.Lab.Stepper.Step(1)
			}
			time.Sleep(time.Millisecond)
		}
		r.Close()
		if got := sim.RenderText(r.Lab.Timeline()); got != sim.RenderText(want) {
			t.Errorf("%s/%s: stepped run differs from full speed:\n%s\n---\n%s", tc.id, tc.mode, got, sim.RenderText(want))
		}
	}
}

// TestCommandAfterRun types commands into a run kept open, as a student
// does with the UI's command line: PASV, then LIST over the data
// connection it opened.
func TestCommandAfterRun(t *testing.T) {
	r := keptOpen(t, "a", sim.ModeEPSV)
	ctx := context.Background()
	out, err := r.Command(ctx, "PASV")
	if err != nil || !strings.HasPrefix(out, "227 ") {
		t.Fatalf("PASV: %q, %v", out, err)
	}
	out, err = r.Command(ctx, "LIST")
	if err != nil || !strings.Contains(out, FileName) || !strings.Contains(out, "226") {
		t.Fatalf("LIST: %q, %v", out, err)
	}
	out, err = r.Command(ctx, "PORT 203,0,113,25,0,25") // a bounce attempt
	if err != nil || !strings.HasPrefix(out, "500") {
		t.Fatalf("bounce PORT: %q, %v", out, err)
	}
	labels := strings.Join(r.Lab.Timeline().Labels(), " ")
	if !strings.Contains(labels, "cmd.LIST") || !strings.Contains(labels, "reply.500") {
		t.Errorf("typed commands missing from the timeline: %s", labels)
	}
}

// keptOpen starts a run of scenario id that stays logged in after its own
// download, and waits until that download ended ok.
func keptOpen(t *testing.T, id string, mode sim.Mode) *Run {
	t.Helper()
	sc, err := shipped.Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Start(context.Background(), Options{Scenario: sc, Mode: mode, Seed: 1, KeepOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	<-r.Done()
	if res := r.Result(); res.Outcome != "ok" {
		t.Fatalf("%s/%s: %+v", id, mode, res)
	}
	return r
}
