package tui

import (
	"os"
	"strings"
	"testing"

	"ftplab/sim"
)

func sceneAt(t *testing.T, id string, mode sim.Mode, step int) netScene {
	t.Helper()
	sc, r := scripted(t, id, mode)
	st, err := r.TL.At(step)
	if err != nil {
		t.Fatal(err)
	}
	return netScene{sc: sc, st: st, tl: r.TL, step: step, theme: darkTheme()}
}

func TestNetworkPrint(t *testing.T) {
	if os.Getenv("TUI_PRINT") == "" {
		t.Skip("set TUI_PRINT=1 to print diagrams")
	}
	for _, c := range []struct {
		id   string
		mode sim.Mode
	}{{"d", sim.ModePORT}, {"c", sim.ModePORT}, {"h2", sim.ModePORT}, {"i1", sim.ModePASV}, {"steal", sim.ModePASV}} {
		_, r := scripted(t, c.id, c.mode)
		for _, step := range []int{5, r.TL.Len() - 3, r.TL.Len()} {
			n := sceneAt(t, c.id, c.mode, step)
			t.Logf("%s/%s step %d\n%s", c.id, c.mode, step, renderNetwork(n, 78))
		}
	}
}

func TestNetworkPorts(t *testing.T) {
	n := sceneAt(t, "d", sim.ModePORT, 1)
	if s := renderNetwork(n, 78).String(); !strings.Contains(s, ":21 listen") {
		t.Errorf("step 1: no listening port 21:\n%s", s)
	}
	n = sceneAt(t, "d", sim.ModePORT, 0)
	if s := renderNetwork(n, 78).String(); strings.Contains(s, ":21") {
		t.Errorf("step 0: port 21 before it opened:\n%s", s)
	}
}

// TestBytesBar: the bar fills in proportion to the run's file size
// (Session.FileSize), never past full; of unknown size any bytes fill it.
func TestBytesBar(t *testing.T) {
	for i, c := range []struct {
		b, size int64
		want    string
	}{
		{0, 200000, "░░░░░░░░"},
		{1, 200000, "█░░░░░░░"},
		{100000, 200000, "████░░░░"},
		{200000, 200000, "████████"},
		{400000, 200000, "████████"},
		{100000, 400000, "██░░░░░░"},
		{5, 0, "████████"},
	} {
		if got := bytesBar(c.b, c.size, 8); got != c.want {
			t.Errorf("#%d: bytesBar(%d, %d) = %s, want %s", i, c.b, c.size, got, c.want)
		}
	}
}
