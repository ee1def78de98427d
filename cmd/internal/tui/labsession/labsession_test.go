package labsession

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"ftplab/realnet/lab"
	"ftplab/realnet/lab/labrun"
	"ftplab/sim"
)

// start starts a real lab run (server, client, firewalls) the way the UI
// does.
func start(t *testing.T, id string, mode sim.Mode, script []string) *session {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s, err := Starter(1)(ctx, sim.Run{Scenario: id, Mode: mode, Script: script})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s.(*session)
}

// stepToEnd releases the run's operations one by one, as a student
// pressing Space does, until the run's own session is over.
func stepToEnd(t *testing.T, s *session) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for steps := 0; ; steps++ {
		select {
		case <-s.Done():
			t.Logf("run over after %d steps, %d events", steps, s.Timeline().Len())
			return
		default:
		}
		n := s.Timeline().Len()
		s.Step()
		// wait for the operation's event (or the end)
		for s.Timeline().Len() == n {
			select {
			case <-s.Done():
			case <-s.Changed():
			case <-time.After(5 * time.Millisecond):
			case <-deadline:
				t.Fatalf("the run did not end after %d steps; labels: %v", steps, s.Timeline().Labels())
			}
			if isDone(s) {
				break
			}
		}
	}
}

func isDone(s *session) bool {
	select {
	case <-s.Done():
		return true
	default:
		return false
	}
}

func pace(s *session) lab.Pace {
	p, _ := s.r.Lab.Stepper.Pace()
	return p
}

// TestCommandsAfterSteppedRun steps a real run to its end, then types
// PASV and LIST: each runs without steps (the stepper goes at full speed
// for the command, then holds again), the replies are the server's, and
// the commands' events join the timeline.
func TestCommandsAfterSteppedRun(t *testing.T) {
	s := start(t, "a", sim.ModeEPSV, nil)
	if p := pace(s); p != lab.Stepping {
		t.Fatalf("a UI run starts at pace %v, want Stepping", p)
	}
	// before the end the lab refuses commands, and releases nothing
	n := s.Timeline().Len()
	if _, err := s.Command(context.Background(), "PASV"); err == nil {
		t.Fatal("a command was taken while the run's own session was going")
	}
	time.Sleep(20 * time.Millisecond)
	if m := s.Timeline().Len(); m != n || pace(s) != lab.Stepping {
		t.Fatalf("a refused command let the run go on: %d events → %d, pace %v", n, m, pace(s))
	}

	stepToEnd(t, s)
	if out, blocked := s.Outcome(); out != "ok" {
		t.Fatalf("run: %s (%s)", out, blocked)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	before := s.Timeline().Len()
	out, err := s.Command(ctx, "PASV")
	if err != nil || !strings.HasPrefix(out, "227 ") {
		t.Fatalf("PASV: %q, %v", out, err)
	}
	if p := pace(s); p != lab.Stepping {
		t.Errorf("after a command the pace is %v, want Stepping again", p)
	}
	out, err = s.Command(ctx, "LIST")
	if err != nil || !strings.Contains(out, labrun.FileName) || !strings.Contains(out, "226") {
		t.Fatalf("LIST: %q, %v", out, err)
	}
	labels := s.Timeline().Labels()
	typed := labels[before:]
	for _, want := range []string{"cmd.PASV", "reply.227", "cmd.LIST", "reply.150", "reply.226"} {
		if !slices.Contains(typed, want) {
			t.Errorf("the timeline lacks %s after the typed commands: %v", want, typed)
		}
	}
	if p := pace(s); p != lab.Stepping {
		t.Errorf("after the commands the pace is %v, want Stepping again", p)
	}
}

// TestScriptReachesRun: a lesson's script (sim.Run.Script) is sent by the
// lab's client after login; its overrides reach the scenario the lab
// builds; a run that does not resolve starts nothing.
func TestScriptReachesRun(t *testing.T) {
	run := sim.Run{Scenario: "i1", Mode: sim.ModePASV, Script: []string{"NOOP"},
		Overrides: map[string]string{"pasv_address": "203.0.113.1"}}
	opts, err := options(shipped, run, 7)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(opts.Script, run.Script) {
		t.Errorf("labrun.Options.Script = %v, want %v", opts.Script, run.Script)
	}
	if got := opts.Scenario.Announced().String(); got != "203.0.113.1" {
		t.Errorf("the run announces %s, want the override's 203.0.113.1", got)
	}
	if _, err := Starter(1)(context.Background(), sim.Run{Scenario: "nosuch", Mode: sim.ModePASV}); err == nil {
		t.Error("an unknown scenario started a run")
	}

	s := start(t, "a", sim.ModeEPSV, []string{"NOOP"})
	stepToEnd(t, s)
	labels := s.Timeline().Labels()
	i, j := slices.Index(labels, "cmd.NOOP"), slices.Index(labels, "cmd.RETR")
	if i < 0 {
		t.Fatalf("the script's NOOP is not in the timeline: %v", labels)
	}
	if j >= 0 && j < i {
		t.Errorf("NOOP after RETR: the script runs after login, before the download: %v", labels)
	}
	if out, blocked := s.Outcome(); out != "ok" {
		t.Errorf("run: %s (%s)", out, blocked)
	}
}

// TestFullSpeed: FullSpeed(true) lets the run go to its end without a
// step; FullSpeed(false) holds again.
func TestFullSpeed(t *testing.T) {
	s := start(t, "a", sim.ModeEPSV, nil)
	s.FullSpeed(true)
	if p := pace(s); p != lab.FullSpeed {
		t.Errorf("pace %v, want FullSpeed", p)
	}
	select {
	case <-s.Done():
	case <-time.After(20 * time.Second):
		t.Fatalf("the run did not end at full speed; labels %v", s.Timeline().Labels())
	}
	s.FullSpeed(false)
	if p := pace(s); p != lab.Stepping {
		t.Errorf("pace %v, want Stepping", p)
	}
	if out, blocked := s.Outcome(); out != "ok" {
		t.Errorf("run: %s (%s)", out, blocked)
	}
}
