package sim

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// queryTimeline is a run in which a passive data connection is dropped,
// the client retries and is refused.
func queryTimeline() *Timeline {
	t := newTimeline()
	for i, e := range []Event{
		{Conn: 1, Label: LabelControlConnect, Host: HostClient},
		{Conn: 1, Label: LabelFWAccept, Host: HostClient, Firewall: "client-fw", Rule: "cli_out_all"},
		{Conn: 1, Label: CmdLabel("PASV"), Host: HostClient},
		{Conn: 1, Label: ReplyLabel("227"), Host: HostServer},
		{Conn: 2, Label: LabelDataConnect, Host: HostClient},
		{Conn: 2, Label: LabelFWAccept, Host: HostRouter, Firewall: "router-fw", Rule: "rtr_fwd_new"},
		{Conn: 2, Label: LabelFWDrop, Host: HostServer, Firewall: "server-fw", Rule: "srv_in_new_DROP"},
		{Conn: 2, Label: LabelTimeout, Host: HostClient, Firewall: "server-fw", Rule: "srv_in_new_DROP"},
		{Conn: 1, Label: CmdLabel("PASV"), Host: HostClient},
		{Conn: 3, Label: LabelDataConnect, Host: HostClient},
		{Conn: 3, Label: LabelRefused, Host: HostClient, Firewall: HostRouter, Text: "nothing listens"},
		{Conn: 1, Label: LabelClose, Host: HostClient},
	} {
		e.Seq, e.Time = i+1, int64(i+1)
		t.add(e, State{})
	}
	return t
}

func TestNthOccurrenceCount(t *testing.T) {
	tl := queryTimeline()
	for _, c := range []struct {
		label string
		n     int
		want  int
	}{
		{"cmd.PASV", 1, 3}, {"cmd.PASV", 2, 9}, {"cmd.PASV", 3, 0},
		{LabelDataConnect, 2, 10}, {LabelClose, 1, 12}, {"reply.500", 1, 0}, {"cmd.PASV", 0, 0},
	} {
		if got := tl.Nth(c.label, c.n); got != c.want {
			t.Errorf("Nth(%s, %d) = %d, want %d", c.label, c.n, got, c.want)
		}
		if c.want != 0 {
			if got := tl.Occurrence(c.want); got != c.n {
				t.Errorf("Occurrence(%d) = %d, want %d", c.want, got, c.n)
			}
		}
	}
	for _, step := range []int{-1, 0, 13} {
		if got := tl.Occurrence(step); got != 0 {
			t.Errorf("Occurrence(%d) = %d, want 0", step, got)
		}
	}
	for _, c := range []struct {
		label string
		upTo  int
		want  int
	}{
		{"cmd.PASV", 2, 0}, {"cmd.PASV", 3, 1}, {"cmd.PASV", 8, 1}, {"cmd.PASV", 9, 2}, {"cmd.PASV", 99, 2},
		{LabelFWAccept, 12, 2}, {LabelFWAccept, 0, 0}, {LabelFWAccept, -5, 0},
	} {
		if got := tl.Count(c.label, c.upTo); got != c.want {
			t.Errorf("Count(%s, %d) = %d, want %d", c.label, c.upTo, got, c.want)
		}
	}
}

func TestLastQueries(t *testing.T) {
	tl := queryTimeline()
	for _, c := range []struct {
		name string
		got  func() (Event, bool)
		want int // step of the event found, 0 = none
	}{
		{"Last cmd.PASV up to 8", func() (Event, bool) { return tl.Last(8, "cmd.PASV") }, 3},
		{"Last cmd.PASV", func() (Event, bool) { return tl.Last(99, "cmd.PASV") }, 9},
		{"Last cmd.PASV up to 2", func() (Event, bool) { return tl.Last(2, "cmd.PASV") }, 0},
		{"Last of two labels", func() (Event, bool) { return tl.Last(12, LabelTimeout, LabelDataConnect) }, 10},
		{"LastOn c2 data.connect", func() (Event, bool) { return tl.LastOn(2, 12, LabelDataConnect) }, 5},
		{"LastOn c1 close", func() (Event, bool) { return tl.LastOn(1, 11, LabelClose) }, 0},
		{"LastVerdict c1", func() (Event, bool) { return tl.LastVerdict(1, 12) }, 2},
		{"LastVerdict c2", func() (Event, bool) { return tl.LastVerdict(2, 12) }, 7},
		{"LastVerdict c2 before the drop", func() (Event, bool) { return tl.LastVerdict(2, 6) }, 6},
		{"LastVerdict c3 (refused by a host)", func() (Event, bool) { return tl.LastVerdict(3, 12) }, 0},
		{"Blocked", tl.Blocked, 11},
	} {
		e, ok := c.got()
		if ok != (c.want != 0) || e.Seq != c.want {
			t.Errorf("%s: got step %d (%v), want %d", c.name, e.Seq, ok, c.want)
		}
	}
}

func TestBlockedAt(t *testing.T) {
	ev := func(e Event) *Timeline {
		tl := queryTimeline()
		e.Seq, e.Time = tl.Len()+1, int64(tl.Len()+1)
		tl.add(e, State{})
		return tl
	}
	for _, c := range []struct {
		name string
		tl   *Timeline
		want string
	}{
		{"empty", newTimeline(), "-"},
		{"refused by a host", queryTimeline(), "router"},
		{"dropped by a rule", ev(Event{Label: LabelTimeout, Host: HostClient, Firewall: "server-fw", Rule: "srv_in_new_DROP"}), "server-fw:srv_in_new_DROP"},
		{"nothing listening", ev(Event{Label: LabelRefused, Host: HostServer, Text: "nothing listens on 10.0.0.20:40001"}), "server: nothing listens on 10.0.0.20:40001"},
		{"a later close does not matter", ev(Event{Label: LabelDataClose, Host: HostServer}), "router"},
	} {
		if got := c.tl.BlockedAt(); got != c.want {
			t.Errorf("%s: BlockedAt() = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestStops(t *testing.T) {
	for _, c := range []struct {
		label string
		want  bool
	}{
		{LabelFWDrop, true}, {LabelFWReject, true}, {LabelTimeout, true}, {LabelRefused, true},
		{LabelFWAccept, false}, {LabelClose, false}, {LabelDataClose, false}, {"reply.425", false},
	} {
		if got := (Event{Label: c.label}).Stops(); got != c.want {
			t.Errorf("%s: Stops() = %v, want %v", c.label, got, c.want)
		}
	}
}

// TestFailure: what the client meets when a transfer fails, and nothing
// for a failure of the server's own connection.
func TestFailure(t *testing.T) {
	for _, c := range []struct {
		label, host, want string
	}{
		{LabelTimeout, HostClient, "timeout"},
		{LabelRefused, HostClient, "refused"},
		{LabelTimeout, HostServer, ""},
		{LabelRefused, HostServer, ""},
		{"reply.425", HostServer, "425"},
		{"reply.500", HostServer, "500"},
		{"reply.226", HostServer, ""},
		{"reply.150", HostServer, ""},
		{LabelFWDrop, HostClient, ""},
		{"cmd.PORT", HostClient, ""},
	} {
		if got := (Event{Label: c.label, Host: c.host}).Failure(); got != c.want {
			t.Errorf("%s on %s: Failure() = %q, want %q", c.label, c.host, got, c.want)
		}
	}
}

// TestVerdictCT: each verdict carries the conntrack state the firewall
// saw: in d the data SYN is RELATED, its SYN-ACK ESTABLISHED; in e the
// passive SYN is NEW; b's firewalls track nothing.
func TestVerdictCT(t *testing.T) {
	for _, c := range []struct {
		scenario string
		mode     Mode
		want     []CTState // the CT of the verdicts on the data connection, in order
	}{
		{"d", ModePORT, []CTState{CTRelated, CTEstablished}},
		{"e", ModePASV, []CTState{CTNew}},
		{"b", ModePORT, []CTState{CTUntracked, CTUntracked, CTUntracked, CTUntracked}},
	} {
		sc, _ := shipped.Lookup(c.scenario)
		tl := playSession(t, sc, c.mode, 1).net.Timeline()
		data := tl.Nth(LabelDataConnect, 1)
		var got []CTState
		for _, e := range tl.Events()[data:] {
			if e.Kind == KindFW && e.Conn == tl.Events()[data-1].Conn {
				got = append(got, e.CT)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s %s: CT of the data connection's verdicts = %v, want %v", c.scenario, c.mode, got, c.want)
		}
	}
}

// TestReadJSONRoundTrip: reading a rendered timeline and rendering it
// again gives the same bytes, for every golden timeline of sim's scripted
// sessions (the lab's real runs are round-tripped in labrun).
func TestReadJSONRoundTrip(t *testing.T) {
	for _, sc := range shipped.All() {
		for _, m := range Modes() {
			tl := playSession(t, sc, m, 1).net.Timeline()
			want, err := RenderJSON(tl)
			if err != nil {
				t.Fatal(err)
			}
			back, err := ReadJSON(want)
			if err != nil {
				t.Fatalf("%s %s: %v", sc.ID, m, err)
			}
			got, err := RenderJSON(back)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s %s: JSON differs after a round trip", sc.ID, m)
			}
			if RenderText(back) != RenderText(tl) {
				t.Errorf("%s %s: text differs after a round trip", sc.ID, m)
			}
			if back.BlockedAt() != tl.BlockedAt() {
				t.Errorf("%s %s: BlockedAt %q after a round trip, want %q", sc.ID, m, back.BlockedAt(), tl.BlockedAt())
			}
		}
	}
}

// TestReadJSONStates: a timeline read from JSON has its first and final
// states, and says that it lacks those in between.
func TestReadJSONStates(t *testing.T) {
	sc, _ := shipped.Lookup("d")
	tl := playSession(t, sc, ModePORT, 1).net.Timeline()
	b, _ := RenderJSON(tl)
	back, err := ReadJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := tl.At(tl.Len())
	if got, err := back.At(back.Len()); err != nil || got.Step != want.Step || len(got.Conns) != len(want.Conns) {
		t.Errorf("final state: got step %d, %d conns, %v; want step %d, %d conns", got.Step, len(got.Conns), err, want.Step, len(want.Conns))
	}
	if _, err := back.At(0); err != nil {
		t.Errorf("At(0): %v", err)
	}
	if _, err := back.At(1); err == nil || !strings.Contains(err.Error(), "not recorded") {
		t.Errorf("At(1) = %v, want an error saying the state was not recorded", err)
	}
}

func TestReadJSONErrors(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"not JSON", `{`, "unexpected EOF"},
		{"unknown field", `{"events":[],"final":{"step":0},"extra":1}`, `unknown field "extra"`},
		{"no events", `{"final":{"step":0}}`, `no "events" list`},
		{"seq gap", `{"events":[{"seq":2,"label":"close"}],"final":{"step":1}}`, "event 1 has seq 2, want 1"},
		{"time goes back", `{"events":[{"seq":1,"time_ms":5},{"seq":2,"time_ms":4}],"final":{"step":2,"time_ms":4}}`, "goes back in time"},
		{"final step", `{"events":[{"seq":1}],"final":{"step":0}}`, "final state is of step 0, want 1"},
		{"trailing", `{"events":[],"final":{"step":0}} {}`, "data after the timeline"},
		{"bad address", `{"events":[{"seq":1,"from":"nowhere"}],"final":{"step":1}}`, "not an ip:port"},
	} {
		_, err := ReadJSON([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
}
