package tui

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/rivo/tview"

	"ftplab/lessons"
	"ftplab/sim"
)

// LessonSource gives the lesson pane its text for a run at a step: tagged
// text and the row to scroll to.
type LessonSource interface {
	Lesson(sc sim.Scenario, mode sim.Mode, labels []string, th Theme) (text string, row int)
}

// scenarioText is the lesson pane without lessons: the scenario's title,
// its setup and the current event's text.
type scenarioText struct{}

func (scenarioText) Lesson(sc sim.Scenario, mode sim.Mode, labels []string, th Theme) (string, int) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s: %s[-:-:-]\n\n%s\n", th.tag("title"), sc.ID, tview.Escape(sc.Title), tview.Escape(sc.Setup))
	return b.String(), 0
}

// Lessons returns a LessonSource showing the lesson whose main run is the
// scenario in that mode, up to the section bound to the labels seen so
// far, scrolled to that section. Other runs get the scenario's own title
// and setup: a lesson's text about another run (lesson 10's "the router
// drops the SYN" for i1) would contradict what the free lab shows.
func Lessons(ls []*lessons.Lesson) LessonSource { return lessonText{ls} }

type lessonText struct{ ls []*lessons.Lesson }

func (t lessonText) find(sc sim.Scenario, mode sim.Mode) *lessons.Lesson {
	for _, l := range t.ls {
		if l.Err() == nil && l.Setup.Scenario == sc.ID && l.Setup.Mode == mode {
			return l
		}
	}
	return nil
}

func (t lessonText) Lesson(sc sim.Scenario, mode sim.Mode, labels []string, th Theme) (string, int) {
	l := t.find(sc, mode)
	if l == nil {
		return scenarioText{}.Lesson(sc, mode, labels, th)
	}
	return lessonPane(l, sc, mode, labels, th)
}

// lessonPane is lesson l's text for a run of sc in mode that has produced
// labels: the sections of that run reached so far, and the row where the
// current one starts. Another run than the main one opens with the
// lesson's title and a line naming the run, instead of the opening text,
// which describes the main run's scenario.
func lessonPane(l *lessons.Lesson, sc sim.Scenario, mode sim.Mode, labels []string, th Theme) (string, int) {
	run := sim.Run{Scenario: sc.ID, Mode: mode}
	cur := l.Current(run, labels)
	var b strings.Builder
	main := run.Same(l.Setup)
	if !main || len(l.Sections) == 0 || !strings.HasPrefix(string(l.Sections[0].Markdown), "# "+l.Title+"\n") {
		// the title, unless the text shown starts with it: a line counts
		// at 80x24
		fmt.Fprintf(&b, "%s%s[-:-:-]\n\n", th.tag("title"), tview.Escape(l.Title))
	}
	if !main {
		fmt.Fprintf(&b, "%s[-:-:-]\n\n", tview.Escape(runLine(run, l.Setup)))
	}
	row := 0
	for _, i := range shownSections(l, run, labels) {
		if i == cur {
			row = strings.Count(b.String(), "\n")
		}
		b.WriteString(th.markdown(l.Sections[i].Markdown))
		b.WriteString("\n")
	}
	return b.String(), row
}

// runLine names run, another run of a lesson than its main one, main:
// "Run b/PORT — this lesson's main run is c/PORT".
func runLine(run, main sim.Run) string {
	return fmt.Sprintf("Run %s/%s — this lesson's main run is %s/%s", run.Scenario, run.Mode, main.Scenario, main.Mode)
}

// shownSections are the indexes of lesson l's sections to show in run
// once it has produced labels: in the main run the opening section, then
// each section bound to that run (a marker without scenario and mode is
// the main run's) whose event has happened. The opening section
// describes the main run's scenario, a section of another run talks
// about a run not on screen, and one whose event is still to come would
// tell what the run has not reached yet.
func shownSections(l *lessons.Lesson, run sim.Run, labels []string) []int {
	seen := map[string]int{}
	for _, lb := range labels {
		seen[lb]++
	}
	out := []int{}
	for i, s := range l.Sections {
		if i == 0 {
			if run.Same(l.Setup) {
				out = append(out, i)
			}
			continue
		}
		sr := sim.Run{Scenario: cmp.Or(s.Scenario, l.Setup.Scenario), Mode: cmp.Or(s.Mode, l.Setup.Mode)}
		if sr.Same(run) && (s.At == "" || seen[s.At] >= s.Nth) {
			out = append(out, i)
		}
	}
	return out
}
