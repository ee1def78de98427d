package classroom

import (
	"fmt"
	"ftplab/lessons"
	"sort"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// render pushes a new snapshot into the dashboard's widgets (on the UI
// goroutine).
func (d *dashboard) render() {
	c := d.srv.Class()
	d.snap = c.Snapshot()
	if !d.picked {
		d.q = busiest(d.snap.Questions, d.q)
	}
	follow := "off"
	if d.snap.Leader != "" {
		follow = "the class follows " + d.snap.Leader
	}
	d.header.SetText(fmt.Sprintf("[::b]ftplab classroom[::-] on %s · join code [::b]%s[::-] · host key %s\nstudents: %s · follow mode: %s",
		d.srv.Addr(), d.srv.Code(), d.srv.Fingerprint(), d.srv.JoinLine(), tview.Escape(follow)))
	d.renderStudents()
	if d.q < len(d.snap.Questions) {
		d.question.SetText(questionText(d.snap.Questions[d.q]))
	}
	d.results.SetText(resultsText(d.snap.Questions))
	foot := "↑↓ student · f follow them/stop · [ ] question · a auto · r reveal · e export CSV · q quit"
	if d.msg != "" {
		foot = tview.Escape(d.msg)
	}
	d.footer.SetText(foot)
}

func (d *dashboard) renderStudents() {
	t := d.students
	t.Clear()
	for i, h := range []string{"student", "", "lesson", "step", "asked", "answers"} {
		t.SetCell(0, i, tview.NewTableCell(h).SetSelectable(false).SetAttributes(tcell.AttrBold))
	}
	for i, r := range d.snap.Rows {
		cells := studentCells(r)
		for j, s := range cells {
			t.SetCell(i+1, j, tview.NewTableCell(tview.Escape(s)))
		}
	}
}

// studentCells is a student's row: name, state, lesson, step, the
// checkpoint on their screen, answers (right/given).
func studentCells(r Row) []string {
	state := "left"
	if r.Connected {
		state = "on"
	}
	if r.Leader {
		state = "leads"
	}
	lesson, step, asked := "-", "-", ""
	if r.Pos.Lesson != "" {
		lesson = r.Pos.Lesson
		if r.Pos.Run > 0 {
			lesson += fmt.Sprintf(" (run %d)", r.Pos.Run+1)
		}
	}
	if r.Pos.Steps > 0 || r.Pos.Step > 0 {
		step = fmt.Sprintf("%d/%d", r.Pos.Step, r.Pos.Steps)
	}
	if r.Pos.Asking >= 0 {
		asked = fmt.Sprintf("#%d", r.Pos.Asking+1)
	}
	return []string{r.Name, state, lesson, step, asked, fmt.Sprintf("%d/%d", r.Correct, r.Answered)}
}

// busiest is the question most students are asked now, else
// cur: the dashboard follows the class.
func busiest(qs []Question, cur int) int {
	best, n := cur, 0
	for i, q := range qs {
		if q.Waiting > n {
			best, n = i, q.Waiting
		}
	}
	return best
}

// questionText is one checkpoint and the class's answers: how many chose
// each choice (typed answers grouped), the right one marked only once
// revealed, so the screen can be projected before the reveal.
func questionText(q Question) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[::b]%s · checkpoint %d[::-]\n%s\n\n", tview.Escape(q.Lesson), q.Checkpoint+1, tview.Escape(q.Text))
	if len(q.Choices) > 0 {
		for i, ch := range q.Choices {
			mark := " "
			if q.Revealed && i == q.AnswerIdx {
				mark = "✔"
			}
			n := q.Counts[ch]
			fmt.Fprintf(&b, "%s %d. %-24s %3d %s\n", mark, i+1, tview.Escape(truncate(ch, 24)), n, bar(n, q.Total))
		}
	} else {
		for _, g := range grouped(q.Counts) {
			fmt.Fprintf(&b, "  %-26s %3d %s\n", tview.Escape(truncate(g.text, 26)), g.n, bar(g.n, q.Total))
		}
	}
	fmt.Fprintf(&b, "\n%d answered · %d being asked now", q.Total, q.Waiting)
	if q.Revealed {
		fmt.Fprintf(&b, " · %d right · revealed", q.Correct)
	} else {
		b.WriteString(" · not revealed (r reveals)")
	}
	return b.String()
}

// resultsText lists every question answered so far: answers, and right
// answers once revealed.
func resultsText(qs []Question) string {
	var b strings.Builder
	for _, q := range qs {
		if q.Total == 0 && q.Waiting == 0 {
			continue
		}
		right := "?"
		if q.Revealed {
			right = fmt.Sprint(q.Correct)
		}
		fmt.Fprintf(&b, "%s #%d: %d answered, %s right\n", tview.Escape(q.Lesson), q.Checkpoint+1, q.Total, right)
	}
	if b.Len() == 0 {
		return "no answers yet"
	}
	return b.String()
}

type group struct {
	text string
	n    int
}

// grouped is typed answers, most given first. Answers that
// lessons.Correct counts as the same (lessons.NormalAnswer) are one
// group, so a group is right or wrong as a whole.
func grouped(counts map[string]int) []group {
	m := map[string]int{}
	for s, n := range counts {
		m[lessons.NormalAnswer(s)] += n
	}
	var out []group
	for s, n := range m {
		out = append(out, group{s, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].n != out[j].n {
			return out[i].n > out[j].n
		}
		return out[i].text < out[j].text
	})
	return out
}

func bar(n, total int) string {
	if total == 0 {
		return ""
	}
	return strings.Repeat("█", (n*20+total-1)/total)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
