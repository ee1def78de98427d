package tui

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/rivo/tview"

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

// TestLessonOtherRunsOpen: at step 0 of every run of every shipped
// lesson other than its main run, the lesson pane names the run and the
// main run, and does not show the opening section (which describes the
// main run's scenario); the main run's pane starts with it.
func TestLessonOtherRunsOpen(t *testing.T) {
	th := monoTheme()
	plain := func(tagged string) string {
		return strings.Join(strings.Fields(tview.NewTextView().SetDynamicColors(true).SetText(tagged).GetText(true)), " ")
	}
	others := 0
	for _, l := range shipped(t) {
		opening := firstSentence(plain(th.markdown(l.Sections[0].Markdown)), l.Title)
		if opening == "" {
			t.Fatalf("%s: no opening sentence", l.ID)
		}
		for ri, run := range l.Runs() {
			sc, err := catalogue.Lookup(run.Scenario)
			if err != nil {
				t.Fatal(err)
			}
			text, _ := lessonPane(l, sc, run.Mode, nil, th)
			pane := plain(text)
			if !strings.HasPrefix(pane, l.Title) {
				t.Errorf("%s run %d (%s): the pane does not start with the title %q:\n%s", l.ID, ri, run, l.Title, pane)
			}
			name := fmt.Sprintf("Run %s/%s — this lesson's main run is %s/%s", run.Scenario, run.Mode, l.Setup.Scenario, l.Setup.Mode)
			if ri == 0 {
				if !strings.Contains(pane, opening) || strings.Contains(pane, "this lesson's main run is") {
					t.Errorf("%s main run: want the opening %q and no run line:\n%s", l.ID, opening, pane)
				}
				continue
			}
			others++
			if strings.Contains(pane, opening) {
				t.Errorf("%s run %d (%s): the opening %q is shown:\n%s", l.ID, ri, run, opening, pane)
			}
			if !strings.Contains(pane, name) {
				t.Errorf("%s run %d (%s): the pane does not say %q:\n%s", l.ID, ri, run, name, pane)
			}
		}
	}
	if others < 5 {
		t.Errorf("%d runs other than a main run in the course, want at least 5 (lessons 6, 7, 9, 10, 11)", others)
	}
}

// firstSentence is the first sentence of text after the title, if text
// starts with it.
func firstSentence(text, title string) string {
	text = strings.TrimSpace(strings.TrimPrefix(text, title))
	if i := strings.Index(text, ". "); i >= 0 {
		return text[:i+1]
	}
	return text
}
