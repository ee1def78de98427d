package tui

import (
	"io/fs"
	"strings"
	"testing"

	"ftplab/assets"
	"ftplab/lessons"
	"ftplab/sim"
)

func TestLessonFollowsSteps(t *testing.T) {
	sub, err := fs.Sub(assets.Lessons, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	ls, err := lessons.Load(sub)
	if err != nil {
		t.Fatal(err)
	}
	src := Lessons(ls)
	sc, r := scripted(t, "d", sim.ModePORT)
	labels := r.TL.Labels()
	th := monoTheme()
	start, row0 := src.Lesson(sc, sim.ModePORT, nil, th)
	k := indexOf(labels, sim.LabelHelperExpect) + 1
	later, row := src.Lesson(sc, sim.ModePORT, labels[:k], th)
	if len(later) <= len(start) || row <= row0 {
		t.Errorf("the lesson did not move on at helper.expect: %d→%d bytes, row %d→%d", len(start), len(later), row0, row)
	}
	// a scenario without a lesson shows its setup
	sc2, _ := catalogue.Lookup("h4")
	if text, _ := src.Lesson(sc2, sim.ModePORT, nil, th); !strings.Contains(text, "connect_from_port_20=NO") {
		t.Errorf("no setup text for h4:\n%s", text)
	}
}
