package labrun

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"ftplab/sim"
)

// TestListAfterDroppedPassive is issue 9 item 12, headless: scenario e,
// PASV, played to its end; then PASV (the firewall drops the client's
// SYN to the passive port) and LIST. The server answers 425 after the
// lab's logical timeout, as a real one does after its data timeout,
// instead of waiting for ever.
//
// In i3 the client is refused by the router, at an address the server
// does not have (its pasv_address): the server gives up the same way.
func TestListAfterDroppedPassive(t *testing.T) {
	for _, c := range []struct{ id, outcome string }{{"e", "timeout"}, {"i3", "refused"}, {"i1", "timeout"}} {
		t.Run(c.id, func(t *testing.T) { listAfterFailedPassive(t, c.id, c.outcome) })
	}
}

func listAfterFailedPassive(t *testing.T, id, outcome string) {
	sc, err := shipped.Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Start(context.Background(), Options{Scenario: sc, Mode: sim.ModePASV, Seed: 1, KeepOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	stuck := false // a command still waiting holds the run: Close would wait too
	t.Cleanup(func() {
		if !stuck {
			r.Close()
		}
	})
	<-r.Done()
	if res := r.Result(); res.Outcome != outcome {
		t.Fatalf("%s/PASV: %+v, want %s", id, res, outcome)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := r.Command(ctx, "PASV")
	if !strings.HasPrefix(out, "227 ") {
		t.Fatalf("PASV: %q, %v", out, err)
	}
	before := r.Lab.Timeline().Len()
	start := time.Now()
	out, err = r.Command(ctx, "LIST")
	if ctx.Err() != nil {
		stuck = true
		t.Fatalf("LIST still waiting after %v: %q, %v", time.Since(start), out, err)
	}
	if !strings.HasPrefix(out, "425 ") {
		t.Fatalf("LIST: %q, %v; want a 425 reply", out, err)
	}
	evs := r.Lab.Timeline().Events()[before:]
	var labels []string
	var gaveUp, r425 *sim.Event
	for i, e := range evs {
		labels = append(labels, e.Label)
		switch {
		case e.Label == sim.LabelTimeout && e.Host == sc.ServerHost:
			gaveUp = &evs[i]
		case e.Label == "reply.425":
			r425 = &evs[i]
		}
	}
	if gaveUp == nil || r425 == nil || r425.Seq < gaveUp.Seq {
		t.Fatalf("after LIST the timeline shows %v; want the server's timeout, then reply.425", labels)
	}
	want := fmt.Sprintf("after %d ms", sim.DefaultTimeoutMs)
	if !strings.Contains(gaveUp.Text, want) || gaveUp.Time-evs[0].Time < sim.DefaultTimeoutMs {
		t.Errorf("server's timeout %q at %d ms, LIST at %d ms: want %q of logical time", gaveUp.Text, gaveUp.Time, evs[0].Time, want)
	}
}

// TestTimeoutInLogicalTime: the client's error names the lab's logical
// wait, the one the timeline shows, not the real time the dial took
// (none, headless): issue 9 item 14 ("timeout after 0s").
func TestTimeoutInLogicalTime(t *testing.T) {
	sc, err := shipped.Lookup("e")
	if err != nil {
		t.Fatal(err)
	}
	res, tl, err := Exec(context.Background(), Options{Scenario: sc, Mode: sim.ModePASV, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ev, ok := tl.Blocked()
	wait := time.Duration(sim.DefaultTimeoutMs) * time.Millisecond
	if !ok || !strings.Contains(ev.Text, fmt.Sprintf("after %d ms", sim.DefaultTimeoutMs)) {
		t.Fatalf("timeline's timeout: %q, %v", ev.Text, ok)
	}
	if res.Err == nil || !strings.Contains(res.Err.Error(), fmt.Sprintf("timeout after %v", wait)) {
		t.Errorf("client's error %v; want \"timeout after %v\"", res.Err, wait)
	}
}
