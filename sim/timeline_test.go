package sim

import (
	"bytes"
	"encoding/json"
	"ftplab/sim/golden"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeterminism: two runs of the same script give the same text and
// JSON, byte for byte; another seed changes the ports only.
func TestDeterminism(t *testing.T) {
	for _, id := range []string{"a", "d", "h2", "i1", "i5", "j3"} {
		for _, m := range Modes() {
			sc, _ := shipped.Lookup(id)
			r1, r2 := playSession(t, sc, m, 99), playSession(t, sc, m, 99)
			t1, t2 := RenderText(r1.net.Timeline()), RenderText(r2.net.Timeline())
			if t1 != t2 {
				t.Errorf("%s/%s: text differs between runs", id, m)
			}
			j1, err := RenderJSON(r1.net.Timeline())
			if err != nil {
				t.Fatal(err)
			}
			j2, _ := RenderJSON(r2.net.Timeline())
			if !bytes.Equal(j1, j2) {
				t.Errorf("%s/%s: JSON differs between runs", id, m)
			}
			r3 := playSession(t, sc, m, 100)
			if strings.Join(r3.net.Timeline().Labels(), " ") != strings.Join(r1.net.Timeline().Labels(), " ") {
				t.Errorf("%s/%s: another seed changed the event sequence", id, m)
			}
		}
	}
}

// TestTimelineSnapshots: At(k) is the state after event k, At(0) the empty
// start, and snapshots are independent copies.
func TestTimelineSnapshots(t *testing.T) {
	sc, _ := shipped.Lookup("d")
	s := playSession(t, sc, ModePORT, 1)
	tl := s.net.Timeline()
	s0, err := tl.At(0)
	if err != nil || len(s0.Listeners)+len(s0.Conns)+len(s0.Conntrack) != 0 {
		t.Errorf("At(0) = %+v, %v", s0, err)
	}
	if _, err := tl.At(tl.Len() + 1); err == nil {
		t.Error("At past the end: no error")
	}
	sawExpect, sawConsumed := false, false
	for k := 1; k <= tl.Len(); k++ {
		e, _ := tl.Event(k)
		st, _ := tl.At(k)
		if st.Step != k || st.Time != e.Time {
			t.Fatalf("At(%d): step %d time %d, event time %d", k, st.Step, st.Time, e.Time)
		}
		if e.Label == LabelHelperExpect {
			sawExpect = len(st.Expectations) == 1
		}
		if e.Label == LabelHelperRelated {
			sawConsumed = len(st.Expectations) == 0
		}
	}
	if !sawExpect || !sawConsumed {
		t.Errorf("expectation not visible (%v) or not consumed (%v) in snapshots", sawExpect, sawConsumed)
	}
	a, _ := tl.At(3)
	if len(a.Conns) > 0 {
		a.Conns[0].Status = "mangled"
		b, _ := tl.At(3)
		if b.Conns[0].Status == "mangled" {
			t.Error("At returns shared state")
		}
	}
	var v struct {
		Events []Event `json:"events"`
		Final  State   `json:"final"`
	}
	j, _ := RenderJSON(tl)
	if err := json.Unmarshal(j, &v); err != nil || len(v.Events) != tl.Len() {
		t.Errorf("JSON round trip: %v, %d events", err, len(v.Events))
	}
}

// TestGolden compares each scenario's five timelines with testdata/ (go
// test ./sim -run Golden -update rewrites them).
func TestGolden(t *testing.T) {
	for _, sc := range shipped.All() {
		var b strings.Builder
		b.WriteString("# " + sc.ID + ": " + sc.Title + "\n" + sc.Ruleset())
		for _, m := range Modes() {
			s := playSession(t, sc, m, 1)
			b.WriteString("\n## " + string(m) + ": " + s.outcome + "\n")
			b.WriteString(RenderText(s.net.Timeline()))
		}
		golden.Check(t, filepath.Join("testdata", sc.ID+".golden"), []byte(b.String()))
	}
}

// TestPrefix: the prefix at step k has k events and the states after
// each, the same as the whole timeline's; past the end it is all of it.
func TestPrefix(t *testing.T) {
	sc, _ := shipped.Lookup("d")
	tl := playSession(t, sc, ModePORT, 1).net.Timeline()
	for _, k := range []int{0, 1, tl.Len() / 2, tl.Len(), tl.Len() + 5} {
		p := tl.Prefix(k)
		want := min(k, tl.Len())
		if p.Len() != want {
			t.Fatalf("Prefix(%d).Len() = %d, want %d", k, p.Len(), want)
		}
		for j := 0; j <= want; j++ {
			a, err1 := p.At(j)
			b, err2 := tl.At(j)
			if err1 != nil || err2 != nil || a.Step != b.Step || len(a.Conns) != len(b.Conns) {
				t.Errorf("Prefix(%d).At(%d) = step %d (%d conns), %v; want step %d (%d conns)", k, j, a.Step, len(a.Conns), err1, b.Step, len(b.Conns))
			}
		}
		if _, err := p.At(want + 1); err == nil {
			t.Errorf("Prefix(%d).At(%d): no error past its end", k, want+1)
		}
	}
}
