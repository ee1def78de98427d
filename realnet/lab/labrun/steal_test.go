package labrun

import (
	"context"
	"strings"
	"testing"

	"ftplab/sim"
)

// stealRun runs scenario steal and returns its result and timeline.
func stealRun(t *testing.T, mode sim.Mode, script ...string) (Result, *sim.Timeline) {
	t.Helper()
	sc, err := shipped.Lookup("steal")
	if err != nil {
		t.Fatal(err)
	}
	res, tl, err := Exec(context.Background(), Options{Scenario: sc, Mode: mode, Seed: 1, Script: script})
	if err != nil {
		t.Fatal(err)
	}
	return res, tl
}

// checkSteals checks every connection mallory made: it reached the
// passive port the server had just announced, ahead of the client; the
// server accepted it, got no data on it, and closed it itself when the
// transfer command came, before its 150 reply; the client's own data
// connection then carried the whole file. It returns how many there were.
func checkSteals(t *testing.T, tl *sim.Timeline) int {
	t.Helper()
	evs := tl.Events()
	find := func(from int, ok func(sim.Event) bool) int {
		for i := from; i < len(evs); i++ {
			if ok(evs[i]) {
				return i
			}
		}
		return -1
	}
	steals := 0
	for i, e := range evs {
		if e.Host != sim.HostAttacker || e.Label != sim.LabelDataConnect {
			continue
		}
		steals++
		thief := e.Conn
		announced := find(0, func(x sim.Event) bool { return x.Label == sim.LabelDataListen && x.To.Port() == e.To.Port() })
		if announced < 0 || announced > i || e.From.Addr().String() != "198.51.100.66" {
			t.Errorf("step %d: mallory dials %s from %s, not a port the server announced before", e.Seq, e.To, e.From)
		}
		accept := find(i, func(x sim.Event) bool { return x.Conn == thief && x.Label == sim.LabelDataAccept })
		client := find(i, func(x sim.Event) bool { return x.Host == sim.HostClient && x.Label == sim.LabelDataConnect })
		retr := find(i, func(x sim.Event) bool { return x.Label == "cmd.RETR" })
		closed := find(i, func(x sim.Event) bool { return x.Conn == thief && x.Label == sim.LabelDataClose })
		opening := find(i, func(x sim.Event) bool { return x.Label == "reply.150" })
		if accept != i+1 || evs[accept].Host != sim.HostServer {
			t.Errorf("step %d: the server does not accept mallory's connection at once", e.Seq)
		}
		if client < 0 || evs[client].To != e.To || client < accept {
			t.Fatalf("step %d: no client connection to %s after mallory's", e.Seq, e.To)
		}
		if closed < 0 || evs[closed].Host != sim.HostServer {
			t.Fatalf("step %d: mallory's connection c%d is not closed by the server", e.Seq, thief)
		}
		if !(client < retr && retr < closed && closed < opening) {
			t.Errorf("order: client connect %d, RETR %d, server closes mallory %d, 150 %d: want them in that order", client, retr, closed, opening)
		}
		if b := find(i, func(x sim.Event) bool { return x.Conn == thief && x.Label == sim.LabelDataBytes }); b >= 0 {
			t.Errorf("step %d: data on mallory's connection", evs[b].Seq)
		}
		got := 0
		for _, x := range evs[client:] {
			if x.Conn == evs[client].Conn && x.Label == sim.LabelDataBytes {
				got += x.Bytes
			}
		}
		if got != FileSize {
			t.Errorf("the client's data connection c%d carried %d bytes, want %d", evs[client].Conn, got, FileSize)
		}
	}
	return steals
}

// TestSteal: in scenario steal, mallory connects to the passive port
// first; the lab's server closes it and the client gets the file intact.
// Two runs give the same timeline.
func TestSteal(t *testing.T) {
	for _, mode := range []sim.Mode{sim.ModePASV, sim.ModeEPSV, sim.ModePASVCtlIP} {
		for _, script := range [][]string{nil, {"!steal"}} {
			t.Run(string(mode)+"/"+strings.Join(script, ","), func(t *testing.T) {
				var texts [2]string
				for i := range texts {
					res, tl := stealRun(t, mode, script...)
					if res.Outcome != "ok" || res.Err != nil || res.BlockedAt != "-" {
						t.Fatalf("outcome %s (%v), blocked at %s\n%s", res.Outcome, res.Err, res.BlockedAt, sim.RenderText(tl))
					}
					if n := checkSteals(t, tl); n != 1 {
						t.Errorf("%d connections from mallory, want 1\n%s", n, sim.RenderText(tl))
					}
					texts[i] = sim.RenderText(tl)
				}
				if texts[0] != texts[1] {
					t.Errorf("two runs differ:\n%s\n---\n%s", texts[0], texts[1])
				}
			})
		}
	}
}

// TestStealDirective: the scenario's attacker takes the first passive port
// (here a typed PASV); "!steal" arms it again for the download's.
func TestStealDirective(t *testing.T) {
	res, tl := stealRun(t, sim.ModeEPSV, "PASV", "RETR data.bin", "!steal")
	if res.Outcome != "ok" {
		t.Fatalf("outcome %s (%v)\n%s", res.Outcome, res.Err, sim.RenderText(tl))
	}
	if n := checkSteals(t, tl); n != 2 {
		t.Errorf("%d connections from mallory, want 2\n%s", n, sim.RenderText(tl))
	}
	// Without the directive, only the typed PASV is attacked.
	_, tl = stealRun(t, sim.ModeEPSV, "PASV", "RETR data.bin")
	if n := checkSteals(t, tl); n != 1 {
		t.Errorf("%d connections from mallory, want 1\n%s", n, sim.RenderText(tl))
	}
}

// TestStealActive: in active mode there is no passive port to steal.
func TestStealActive(t *testing.T) {
	res, tl := stealRun(t, sim.ModePORT)
	if res.Outcome != "ok" {
		t.Fatalf("outcome %s (%v)", res.Outcome, res.Err)
	}
	for _, e := range tl.Events() {
		if e.Host == sim.HostAttacker {
			t.Errorf("mallory acts in active mode: %s", e.Text)
		}
	}
}

// TestStealErrors: a directive needs a scenario with an attacker, and
// only known directives run.
func TestStealErrors(t *testing.T) {
	a, _ := shipped.Lookup("a")
	steal, _ := shipped.Lookup("steal")
	for _, tc := range []struct {
		sc     sim.Scenario
		script string
		want   string
	}{
		{a, "!steal", "no attacker"},
		{steal, "!bounce", "unknown lab directive"},
	} {
		res, tl, err := Exec(context.Background(), Options{Scenario: tc.sc, Mode: sim.ModePASV, Seed: 1, Script: []string{tc.script}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Outcome != "error" || res.Err == nil || !strings.Contains(res.Err.Error(), tc.want) {
			t.Errorf("%s %s: outcome %s (%v), want an error saying %q", tc.sc.ID, tc.script, res.Outcome, res.Err, tc.want)
		}
		for _, e := range tl.Events() {
			if strings.HasPrefix(e.Line, "!") {
				t.Errorf("the directive went on the wire: %s", e.Text)
			}
		}
	}
}

// TestStealTyped: a student types !steal, PASV and RETR into a run kept
// open; mallory goes after the typed PASV's port too.
func TestStealTyped(t *testing.T) {
	r := keptOpen(t, "steal", sim.ModeEPSV)
	ctx := context.Background()
	out, err := r.Command(ctx, "!steal")
	if err != nil || !strings.Contains(out, "mallory") {
		t.Fatalf("!steal: %q, %v", out, err)
	}
	if out, err = r.Command(ctx, "PASV"); err != nil || !strings.HasPrefix(out, "227 ") {
		t.Fatalf("PASV: %q, %v", out, err)
	}
	out, err = r.Command(ctx, "RETR "+FileName)
	if err != nil || !strings.Contains(out, "(200000 bytes on the data connection)") || !strings.Contains(out, "226") {
		t.Fatalf("RETR: %q, %v", out, err)
	}
	if n := checkSteals(t, r.Lab.Timeline()); n != 2 {
		t.Errorf("%d connections from mallory, want 2\n%s", n, sim.RenderText(r.Lab.Timeline()))
	}
}
