package classroom

import (
	"fmt"
	"sort"
	"sync"

	"ftplab/cmd/internal/tui"
	"ftplab/lessons"
)

// Class is who is in the class and what each answered: the dashboard's
// model. Students' labs report to it (each student is its tui.Observer);
// the dashboard reads snapshots. Safe for concurrent use.
type Class struct {
	course  []*lessons.Lesson
	max     int           // the cap on students connected at once
	changed chan struct{} // signalled (coalesced) on every change

	mu       sync.Mutex
	students map[string]*student
	leader   string // follow mode: the student whose run the class follows
	revealed map[qkey]bool
}

// qkey names one checkpoint of one lesson.
type qkey struct {
	Lesson     string
	Checkpoint int
}

// student is one student of the class (connected or gone).
type student struct {
	class     *Class
	name      string
	addr      string
	connected bool
	pos       tui.Position
	answers   map[qkey]tui.Answer // the latest per checkpoint
	app       *tui.App            // while connected
}

func newClass(course []*lessons.Lesson, max int) *Class {
	return &Class{course: course, max: max, changed: make(chan struct{}, 1),
		students: map[string]*student{}, revealed: map[qkey]bool{}}
}

// Changed is signalled after changes (coalesced).
func (c *Class) Changed() <-chan struct{} { return c.changed }

func (c *Class) notify() {
	select {
	case c.changed <- struct{}{}:
	default:
	}
}

// join admits student name from addr, unless the class is full or the
// name is connected already (their progress has one writer).
func (c *Class) join(name, addr string) (*student, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, s := range c.students {
		if s.connected {
			n++
		}
	}
	s := c.students[name]
	switch {
	case s != nil && s.connected:
		return nil, fmt.Errorf("%s is already connected: choose another name, or close the other session first", name)
	case n >= c.max:
		return nil, fmt.Errorf("the class is full (%d students)", c.max)
	case s == nil:
		s = &student{class: c, name: name, answers: map[qkey]tui.Answer{}, pos: tui.Position{Asking: -1}}
		c.students[name] = s
	}
	s.addr, s.connected = addr, true
	c.notify()
	return s, nil
}

// attach gives the class the student's lab (for follow mode); a student
// joining while the class follows someone follows too.
func (c *Class) attach(s *student, app *tui.App) {
	c.mu.Lock()
	s.app = app
	var lead tui.Position
	following := c.leader != "" && c.leader != s.name
	if l := c.students[c.leader]; following && l != nil {
		lead = l.pos
	}
	c.mu.Unlock()
	if following && lead.Lesson != "" {
		app.Follow(lead.Lesson, lead.Step)
	}
}

func (c *Class) leave(s *student) {
	c.mu.Lock()
	s.connected, s.app = false, nil
	if c.leader == s.name {
		c.leader = ""
		c.unfollowLocked()
	}
	c.mu.Unlock()
	c.notify()
}

// Moved is the student's lab reporting a new position (tui.Observer). The
// leader's moves move every other connected student.
func (s *student) Moved(p tui.Position) {
	c := s.class
	c.mu.Lock()
	s.pos = p
	var apps []*tui.App
	if c.leader == s.name && p.Lesson != "" && p.Run == 0 {
		apps = c.followersLocked()
	}
	c.mu.Unlock()
	for _, a := range apps {
		a.Follow(p.Lesson, p.Step)
	}
	c.notify()
}

// Answered records the student's answer (tui.Observer).
func (s *student) Answered(a tui.Answer) {
	c := s.class
	c.mu.Lock()
	s.answers[qkey{a.Lesson, a.Checkpoint}] = a
	c.mu.Unlock()
	c.notify()
}

var _ tui.Observer = (*student)(nil)

// followersLocked lists the labs that follow the leader (c.mu held).
func (c *Class) followersLocked() []*tui.App {
	var apps []*tui.App
	for _, s := range c.students {
		if s.connected && s.app != nil && s.name != c.leader {
			apps = append(apps, s.app)
		}
	}
	return apps
}

// Follow makes the class follow student name's run; "" leaves follow
// mode, every student back at their own pace.
func (c *Class) Follow(name string) error {
	c.mu.Lock()
	defer c.notify()
	defer c.mu.Unlock()
	if name == "" {
		c.leader = ""
		c.unfollowLocked()
		return nil
	}
	l := c.students[name]
	if l == nil || !l.connected {
		return fmt.Errorf("%s is not connected", name)
	}
	c.leader = name
	if l.pos.Lesson == "" {
		return nil // the class follows from the leader's first lesson step
	}
	for _, a := range c.followersLocked() {
		a.Follow(l.pos.Lesson, l.pos.Step)
	}
	return nil
}

func (c *Class) unfollowLocked() {
	for _, s := range c.students {
		if s.connected && s.app != nil {
			s.app.Unfollow()
		}
	}
}

// Reveal shows the answer of checkpoint cp of lesson to the students
// waiting for it (follow mode), and on the dashboard.
func (c *Class) Reveal(lesson string, cp int) {
	c.mu.Lock()
	c.revealed[qkey{lesson, cp}] = true
	var apps []*tui.App
	for _, s := range c.students {
		if s.connected && s.app != nil {
			apps = append(apps, s.app)
		}
	}
	c.mu.Unlock()
	for _, a := range apps {
		a.Reveal(lesson, cp)
	}
	c.notify()
}

// Row is one student on the dashboard.
type Row struct {
	Name, Addr        string
	Connected, Leader bool
	Pos               tui.Position
	Answered, Correct int
}

// Question is one checkpoint and the class's answers to it.
type Question struct {
	Lesson     string
	Checkpoint int
	Text       string
	Choices    []string
	AnswerIdx  int            // the right choice (-1: a typed answer)
	Counts     map[string]int // answers given, by text
	Correct    int
	Total      int
	Revealed   bool
	Waiting    int // students asked it right now
}

// Snapshot is the class at one moment.
type Snapshot struct {
	Rows      []Row
	Questions []Question // every checkpoint of the course, in order
	Leader    string
}

// Snapshot copies the class's state.
func (c *Class) Snapshot() Snapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	var snap Snapshot
	snap.Leader = c.leader
	qs := map[qkey]*Question{}
	for _, l := range c.course {
		for i, cp := range l.Checkpoints {
			snap.Questions = append(snap.Questions, Question{Lesson: l.ID, Checkpoint: i, Text: cp.Question,
				Choices: cp.Choices, AnswerIdx: cp.AnswerIndex, Counts: map[string]int{}, Revealed: c.revealed[qkey{l.ID, i}]})
		}
	}
	for i := range snap.Questions {
		q := &snap.Questions[i]
		qs[qkey{q.Lesson, q.Checkpoint}] = q
	}
	for _, s := range c.students {
		r := Row{Name: s.name, Addr: s.addr, Connected: s.connected, Leader: s.name == c.leader, Pos: s.pos}
		for k, a := range s.answers {
			r.Answered++
			if a.Correct {
				r.Correct++
			}
			if q := qs[k]; q != nil {
				q.Counts[a.Given]++
				q.Total++
				if a.Correct {
					q.Correct++
				}
			}
		}
		if q := qs[qkey{s.pos.Lesson, s.pos.Asking}]; s.connected && q != nil {
			q.Waiting++
		}
		snap.Rows = append(snap.Rows, r)
	}
	sort.Slice(snap.Rows, func(i, j int) bool { return snap.Rows[i].Name < snap.Rows[j].Name })
	return snap
}

// Results lists every answer: the CSV export's rows.
func (c *Class) Results() []Result {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Result
	for _, s := range c.students {
		for k, a := range s.answers {
			out = append(out, Result{Student: s.name, Lesson: k.Lesson, Checkpoint: k.Checkpoint, Given: a.Given, Correct: a.Correct})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Student != b.Student {
			return a.Student < b.Student
		}
		if a.Lesson != b.Lesson {
			return a.Lesson < b.Lesson
		}
		return a.Checkpoint < b.Checkpoint
	})
	return out
}

// Result is one student's answer to one checkpoint.
type Result struct {
	Student, Lesson string
	Checkpoint      int
	Given           string
	Correct         bool
}
