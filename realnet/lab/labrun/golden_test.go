package labrun

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"ftplab/sim"
	"ftplab/sim/golden"
)

// TestGoldenTimelines runs every scenario in every mode with the real
// server and client and compares the timelines with testdata/<id>.golden;
// each timeline also goes through sim's JSON renderer and reader and must
// come back the same.
// A change in what the lab shows a student shows up here as a diff; run
// with -update to accept it.
func TestGoldenTimelines(t *testing.T) {
	for _, sc := range shipped.All() {
		var b strings.Builder
		for _, m := range sim.Modes() {
			res, tl, err := Exec(context.Background(), Options{Scenario: sc, Mode: m, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString("## " + sc.ID + " " + string(m) + ": outcome " + res.Outcome + ", blocked at " + res.BlockedAt + "\n")
			b.WriteString(sim.RenderText(tl))
			b.WriteString("\n")
			checkJSONRoundTrip(t, sc.ID+" "+string(m), tl)
		}
		golden.Check(t, filepath.Join("testdata", sc.ID+".golden"), []byte(b.String()))
	}
}

// checkJSONRoundTrip checks that sim.ReadJSON is the inverse of
// sim.RenderJSON on a real run: read then render gives the same bytes,
// and the timeline read renders as the same text (the golden's).
func checkJSONRoundTrip(t *testing.T, name string, tl *sim.Timeline) {
	t.Helper()
	want, err := sim.RenderJSON(tl)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	back, err := sim.ReadJSON(want)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	got, err := sim.RenderJSON(back)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: JSON differs after ReadJSON and RenderJSON:\n%s", name, golden.FirstDiff(string(got), string(want)))
	}
	if g, w := sim.RenderText(back), sim.RenderText(tl); g != w {
		t.Errorf("%s: text of the timeline read from JSON differs:\n%s", name, golden.FirstDiff(g, w))
	}
}

// BenchmarkMatrix times one pass over every scenario and mode, what
// "ftplab run --matrix" does (target: under 5 s).
func BenchmarkMatrix(b *testing.B) {
	for b.Loop() {
		for _, sc := range shipped.All() {
			for _, m := range sim.Modes() {
				if _, _, err := Exec(context.Background(), Options{Scenario: sc, Mode: m, Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}
