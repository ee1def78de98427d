package classroom

import (
	"context"
	"fmt"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// dashboard is the teacher's screen: the students, the question the class
// is answering, and every question's results.
type dashboard struct {
	app      *tview.Application
	srv      *Server
	dir      string // where exports go
	header   *tview.TextView
	students *tview.Table
	question *tview.TextView
	results  *tview.TextView
	footer   *tview.TextView

	snap   Snapshot
	q      int  // the question shown (index in snap.Questions)
	picked bool // the teacher chose it ([ ]); else it follows the class
	msg    string
}

// Dashboard runs the teacher's dashboard on the terminal until the
// teacher quits, ctx ends or the server stops.
func Dashboard(ctx context.Context, srv *Server, dir string, served <-chan error) error {
	d := newDashboard(srv, dir)
	errc := make(chan error, 1)
	go func() {
		select {
		case <-ctx.Done():
		case err := <-served:
			errc <- err
		}
		d.app.Stop()
	}()
	stop := make(chan struct{})
	defer close(stop)
	go d.watch(stop)
	if err := d.app.Run(); err != nil {
		return err
	}
	select {
	case err := <-errc:
		return err
	default:
		return nil
	}
}

func newDashboard(srv *Server, dir string) *dashboard {
	d := &dashboard{app: tview.NewApplication(), srv: srv, dir: dir}
	d.header = tview.NewTextView().SetDynamicColors(true)
	d.students = tview.NewTable().SetSelectable(true, false).SetFixed(1, 0)
	d.students.SetBorder(true).SetTitle(" students ")
	d.question = tview.NewTextView().SetDynamicColors(true).SetWrap(true)
	d.question.SetBorder(true).SetTitle(" the class's answers ")
	d.results = tview.NewTextView().SetDynamicColors(true)
	d.results.SetBorder(true).SetTitle(" results per question ")
	d.footer = tview.NewTextView().SetDynamicColors(true)
	right := tview.NewFlex().SetDirection(tview.FlexRow).AddItem(d.question, 0, 3, false).AddItem(d.results, 0, 2, false)
	body := tview.NewFlex().AddItem(d.students, 0, 1, true).AddItem(right, 0, 1, false)
	root := tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(d.header, 2, 0, false).AddItem(body, 0, 1, true).AddItem(d.footer, 1, 0, false)
	d.app.SetRoot(root, true).SetFocus(d.students)
	d.app.SetInputCapture(d.key)
	d.render()
	return d
}

// watch redraws on the class's changes, at most ten times a second.
func (d *dashboard) watch(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case <-d.srv.Class().Changed():
		}
		d.app.QueueUpdateDraw(d.render)
		select {
		case <-stop:
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// key handles the teacher's keys (on the UI goroutine).
func (d *dashboard) key(ev *tcell.EventKey) *tcell.EventKey {
	c := d.srv.Class()
	switch ev.Rune() {
	case 'q':
		d.app.Stop()
	case 'f':
		d.toggleFollow()
	case '[', ']':
		if n := len(d.snap.Questions); n > 0 {
			step := 1
			if ev.Rune() == '[' {
				step = n - 1
			}
			d.q, d.picked = (d.q+step)%n, true
		}
	case 'a':
		d.picked = false
	case 'r':
		if d.q < len(d.snap.Questions) {
			q := d.snap.Questions[d.q]
			c.Reveal(q.Lesson, q.Checkpoint)
			d.msg = fmt.Sprintf("revealed %s checkpoint %d", q.Lesson, q.Checkpoint+1)
		}
	case 'e':
		path, err := exportCSV(d.dir, c, time.Now())
		d.msg = "exported to " + path
		if err != nil {
			d.msg = err.Error()
		}
	default:
		return ev
	}
	d.render()
	return nil
}

// toggleFollow makes the class follow the selected student's run, or
// leaves follow mode.
func (d *dashboard) toggleFollow() {
	c := d.srv.Class()
	if d.snap.Leader != "" {
		c.Follow("")
		d.msg = "follow mode off: every student at their own pace"
		return
	}
	row, _ := d.students.GetSelection()
	if row < 1 || row > len(d.snap.Rows) {
		d.msg = "select the student whose run the class follows (your own lab: ssh in as teacher)"
		return
	}
	name := d.snap.Rows[row-1].Name
	if err := c.Follow(name); err != nil {
		d.msg = err.Error()
		return
	}
	d.msg = "the class follows " + name + "'s run; f again lets them go"
}
