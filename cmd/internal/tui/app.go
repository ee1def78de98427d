package tui

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"ftplab/cmd/internal/tui/player"
	"ftplab/lessons"
	"ftplab/sim"
)

// Minimum screen size; below it the lab asks for a larger window.
const (
	MinWidth  = 80
	MinHeight = 24
)

// Options configure the lab.
type Options struct {
	// Run is the run to open (mode PASV if none). Without a scenario the
	// lab opens a lesson of Course, or scenario c.
	Run sim.Run
	// Start starts a run; nil shows an empty timeline.
	Start Starter
	// StartIn starts runs resolved in another catalogue: the what-if's
	// edited scenario (R) beside the shipped ones. Nil: the what-if
	// shows and edits rulesets but cannot rerun.
	StartIn func(cat *sim.Catalogue) Starter
	// Theme is "dark" (default) or "projector"; Mono uses attributes
	// only (set it for NO_COLOR or --mono).
	Theme string
	Mono  bool
	// Mouse turns mouse support on.
	Mouse bool
	// Lessons supplies the lesson pane when no lesson is open; nil shows
	// the lesson of the scenario in Course, else the scenario's setup.
	Lessons LessonSource
	// Course is the lessons the lab offers (L lists them): an open
	// lesson's checkpoints are asked and its progress kept. With a
	// Course and no Run.Scenario, the lab opens the lesson the student
	// was on, or the first. A lesson whose runs do not resolve (unknown
	// scenario, mode or override) is marked broken, as in the menu.
	Course []*lessons.Lesson
	// Store keeps the progress between sessions; nil keeps it for this
	// session only (tests pass lessons.NewStore(t.TempDir())).
	Store *lessons.Store
	// SaveAside saves the progress off the UI goroutine, the newest
	// first; Run waits for the last save. A server of many labs (ftplab
	// classroom) sets it: a save syncs a file to disk, and the verdict of
	// an answer waited for the disk, sixty at a time.
	SaveAside bool
	// ResetProgress forgets the stored progress first.
	ResetProgress bool
	// Present is the teacher's mode: the projector theme, and a
	// checkpoint's answer shows only on a key, without recording
	// progress.
	Present bool
	// Screen is the screen to draw on; nil opens the terminal.
	Screen tcell.Screen
	// Animate moves the line of a step (a command, a reply, a data
	// connection's first packet) along its wire when stepping forward:
	// a marker goes from the sender's port to the receiver's in
	// animFrames frames, then the step rests as without it. A key ends
	// it at once; stepping back, seeking and playing faster than the
	// animation show the step at rest.
	Animate bool
	// Busy, if set, says the machine is behind (the classroom: students'
	// keys wait for their frames): a forward step then shows at rest, and
	// an animation under way ends at its next tick, so that its frames do
	// not delay the keys.
	Busy func() bool
	// Tick is the lab's one clock, for play and animation: it returns a
	// channel that ticks every d and a function that stops it (called
	// from another goroutine). Nil uses a time.Ticker; tests inject
	// their ticks.
	Tick func(d time.Duration) (<-chan time.Time, func())
	// Export saves the run so far (the x key); nil: the key says none.
	Export Exporter
	// Pcap writes the run so far as packet captures (the w key); nil:
	// the key says none.
	Pcap Exporter
	// Observed marks a session seen on a real network (a proxy, serve
	// --watch): nothing is there to predict, so the timeline lists every
	// event known and the status bar the run's length, not only what the
	// steps shown have reached.
	Observed bool
	// Catalogue is the scenarios the lab knows (s, f, n, t and lessons'
	// runs resolve in it); nil is the shipped scenario files (Shipped).
	Catalogue *sim.Catalogue
	// Observer hears the student's position and answers (the classroom's
	// dashboard); nil for none.
	Observer Observer
}

// App is the lab's view: the tview application drawing what the lesson
// player (package player) decides, and the live run it drives.
type App struct {
	app   *tview.Application
	opts  Options
	theme Theme
	p     *player.Player // the cursor, the checkpoint gate, the lesson
	live  *liveRun       // the run on screen; work for an older one is ignored

	ctx    context.Context // ends when the app stops
	cancel context.CancelFunc
	work   chan func() // to the adapter

	ui    *widgets
	msg   string       // the status bar's message
	play  *ticker      // the play clock, while playing below full speed
	anim  animator     // a step's line on its way along its wire
	cmp   *comparison  // a second run beside the first, if any
	wi    *whatIfUI    // the what-if's ruleset pane (R), once opened
	draws atomic.Int64 // screens drawn (tests: idle means none)
	// the screen of the last whole draw, and whether the work done on
	// the UI goroutine changed the network diagram only (drawNetwork)
	screen   tcell.Screen
	netFrame bool
	class    classroom // the lab's part in a class (classroom.go)
	saver    saver     // the progress on its way to disk (SaveAside)
	// the screen, wrapped (screen.go); skipFrame: the work just done on
	// the UI goroutine changed nothing on screen, and owed: the refresh
	// a step waiting for the lab skipped, until paid (labwait.go)
	scr       *keyScreen
	skipFrame bool
	owed      chan struct{}
}

// widgets are the lab's panes and layers.
type widgets struct {
	pages    *stack
	main     *tview.Flex
	network  *networkView
	netRow   *tview.Flex // the diagram, and a compared run's beside it
	middle   *tview.Flex // the panes between the diagram and the status bar
	right    *tview.Flex
	inLesson bool // middle is arranged for a lesson (see arrange)
	timeline *timelineView
	state    *textPane
	lesson   *textPane
	status   *statusView
	cmdline  *tview.InputField
	bottom   *tview.Pages
	focus    []tview.Primitive
	answer   *tview.InputField // a typed checkpoint answer, while asked
	follow   paneFollow        // where the lesson pane scrolls
	changed  paneFollow        // where the state pane scrolls
	// the state pane's text at a width (its rows wrap at their parts),
	// and the width it was made for: a resize makes it again
	stateOf func(w int) string
	stateW  int
}

// New builds the lab. The theme is set before any widget is built (tview
// copies its global styles into each widget).
func New(opts Options) *App {
	if opts.Run.Mode == "" {
		opts.Run.Mode = sim.ModePASV
	}
	if opts.Present && !opts.Mono {
		opts.Theme = "projector"
	}
	switch {
	case opts.Lessons != nil:
	case len(opts.Course) > 0:
		opts.Lessons = Lessons(opts.Course)
	default:
		opts.Lessons = scenarioText{}
	}
	if opts.Catalogue == nil {
		opts.Catalogue = catalogue
	}
	if opts.Tick == nil {
		opts.Tick = func(d time.Duration) (<-chan time.Time, func()) {
			t := time.NewTicker(d)
			return t.C, t.Stop
		}
	}
	a := &App{opts: opts, theme: newTheme(opts.Theme, opts.Mono), work: make(chan func(), 16)}
	a.ctx, a.cancel = context.WithCancel(context.Background())
	a.theme.apply()
	a.app = tview.NewApplication()
	if opts.Screen != nil {
		a.setScreen(opts.Screen) // the terminal's is opened by Run
	}
	a.app.EnableMouse(opts.Mouse)
	a.build()
	a.p = player.New(a.loadProgress(), opts.Present)
	a.live = &liveRun{}
	if opts.Run.Scenario == "" && a.resume() {
		return a
	}
	if opts.Run.Scenario == "" {
		opts.Run.Scenario = defaultScenario(opts.Catalogue).ID
	}
	a.start(opts.Run)
	return a
}

func (a *App) build() {
	th := a.theme
	u := &widgets{}
	a.ui = u
	u.network = newNetworkView()
	u.netRow = tview.NewFlex().AddItem(u.network, 0, 1, false)
	u.timeline = newTimelineView(th, a.jumpTo)
	u.state = newTextPane(" state: conntrack · expectations · NAT ")
	u.lesson = newTextPane(" lesson ")
	u.lesson.follow = u.follow.scroll
	u.state.follow = func(p *textPane) {
		a.fitState()
		u.changed.scroll(p)
	}
	u.changed.end = true // the newest rows a step changed
	u.status = &statusView{Box: tview.NewBox(), theme: th}
	u.cmdline = tview.NewInputField().SetLabel(":").SetFieldBackgroundColor(tcell.ColorDefault)
	if th.Mono {
		u.cmdline.SetFieldStyle(tcell.StyleDefault.Underline(true)).SetLabelStyle(tcell.StyleDefault.Bold(true))
	}
	u.cmdline.SetDoneFunc(a.commandDone)
	u.bottom = tview.NewPages().AddPage("status", u.status, true, true).AddPage("cmd", u.cmdline, true, false)

	u.right = tview.NewFlex().SetDirection(tview.FlexRow)
	u.middle = tview.NewFlex()
	a.arrange(false)
	u.main = tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(u.netRow, 12, 0, false).
		AddItem(u.middle, 0, 1, true).
		AddItem(u.bottom, 1, 0, false)
	u.pages = &stack{}
	u.pages.push("main", u.main)
	u.focus = []tview.Primitive{u.timeline, u.state, u.lesson}

	a.app.SetRoot(u.pages, true).SetFocus(u.timeline)
	a.app.SetInputCapture(a.capture)
	a.app.SetBeforeDrawFunc(a.beforeDraw)
	a.app.SetAfterDrawFunc(func(s tcell.Screen) {
		a.draws.Add(1)
		a.screen = s
	})
}

// Run runs the lab until the user quits; it restores the terminal.
func (a *App) Run() error {
	if a.scr == nil {
		if err := a.openTerminal(); err != nil {
			a.cancel()
			a.closeSession()
			return err
		}
	}
	go a.adapter()
	err := a.app.Run()
	a.apply(a.p.Remember())
	a.waitSaves()
	a.cancel()
	a.closeSession()
	return err
}

// Stop ends Run.
func (a *App) Stop() { a.app.Stop() }

// adapter is the one place where work from other goroutines (the lab's
// changes, the clock's ticks, command replies) reaches the UI goroutine.
func (a *App) adapter() {
	for {
		select {
		case <-a.ctx.Done():
			return
		case f := <-a.work:
			a.app.QueueUpdate(func() {
				a.netFrame, a.skipFrame = false, false
				f()
				if a.skipFrame {
					return
				}
				if !a.netFrame || !a.drawNetwork() {
					a.app.ForceDraw() // on the UI goroutine: draws now
				}
			})
		}
	}
}

// post hands f to the adapter; it never blocks once the app has stopped.
func (a *App) post(f func()) {
	select {
	case a.work <- f:
	case <-a.ctx.Done():
	}
}

// apply does what the player asks after a move: release an operation of
// the live run, save the progress, show a message or the question asked;
// and keeps the play clock and the run's pace in step with the player.
func (a *App) apply(d player.Do) {
	if d.Release && a.live.sess != nil {
		a.live.sess.Step()
	}
	if d.Save {
		a.saveProgress()
	}
	if d.Msg != "" {
		a.msg = d.Msg
	}
	if d.Ask {
		a.showCheckpoint()
	}
	a.syncPlay()
}

// refresh pushes the player's view of the run into the widgets (on the
// UI goroutine).
func (a *App) refresh() {
	a.payOwed()
	p, u, sc := a.p, a.ui, a.live.sc
	tl, step := p.Timeline(), p.Step()
	cur, _ := tl.At(step)
	var prev sim.State
	if step > 0 {
		prev, _ = tl.At(step - 1)
	}
	events := tl.Events()
	a.anim.scene = netScene{sc: sc, st: cur, tl: tl, step: step, theme: a.theme, size: a.live.size}
	a.animate()
	a.showNetwork()
	l := p.Lesson()
	a.arrange(l != nil)
	// The timeline lists only the events reached, so that no outcome is
	// on screen before the step that shows it (a checkpoint's answer).
	if a.opts.Observed {
		u.timeline.set(events, step)
	} else {
		u.timeline.set(events[:p.Seen()], step)
	}
	u.stateOf = func(w int) string { return renderState(sc, cur, prev, a.theme, w) }
	u.stateW = -1
	a.fitState()
	labels := tl.Labels()[:step]
	var text string
	var row int
	if l != nil {
		text, row = lessonPane(l, sc, p.Run().Mode, labels, a.theme)
	} else {
		text, row = a.opts.Lessons.Lesson(sc, p.Run().Mode, labels, a.theme)
	}
	row, end := newestSection(text, row, l != nil)
	if ev, err := tl.Event(step); err == nil {
		text += fmt.Sprintf("\n%sstep %d:[-:-:-] %s\n", a.theme.tag("title"), ev.Seq, tview.Escape(ev.Text))
	}
	if h := p.Hint(); h != "" {
		text += fmt.Sprintf("\n%s%s[-:-:-]\n", a.theme.tag("title"), tview.Escape(h))
	}
	stop := strings.Count(text, "\n") // the console below does not move the text
	if c := a.live.console; len(c) > 0 {
		con := a.theme.tag("title") + "console[-:-:-]\n" + strings.Join(c, "")
		if l != nil {
			// below the lesson: typing a command does not move its text
			text += "\n" + con
		} else {
			text, row, end = con+"\n"+text, 0, 0
		}
	}
	u.lesson.setText(text)
	u.follow.set(row, end, stop)
	msg := a.msg
	h := endHint(p, a.opts.Course)
	if h != "" && playerEndMsg(msg) {
		msg = "" // the hint says it, with the score
	}
	u.status.info = statusInfo(p, sc.ID, lessonStatus(p), msg, a.opts.Observed)
	if h != "" {
		u.status.info = " " + h + " │" + u.status.info
	}
	u.network.Box.SetTitle(networkTitle(sc, l != nil && !p.AtEnd()))
	a.refreshCompare()
	a.refreshWhatIf()
	a.observe()
}

// beforeDraw fits the layout to the screen, or asks for a larger one.
func (a *App) beforeDraw(screen tcell.Screen) bool {
	if a.scr != nil && a.scr.skip {
		return true // a key that changed nothing on screen (capture)
	}
	w, h := screen.Size()
	if w < MinWidth || h < MinHeight {
		screen.Clear()
		lines := []string{
			"ftplab needs a window of at least 80×24.",
			fmt.Sprintf("This one is %d×%d: please enlarge it.", w, h),
			"(q quits)",
		}
		for i, l := range lines {
			l = truncate(l, w)
			x := max(0, (w-len([]rune(l)))/2)
			y := h/2 - 1 + i
			for j, r := range []rune(l) {
				screen.SetContent(x+j, y, r, nil, a.theme.Base)
			}
		}
		return true
	}
	room := h - 1 - 8
	if a.ui.inLesson {
		// the lesson's text is the main pane: at least 10 lines at 80x24,
		// half the screen when the big diagram could take more (the
		// diagram gives up detail to fit, see fitNetwork)
		room = min(room, h/2)
		if h < 30 {
			room = h - 1 - 12
		}
	}
	// measured only at the width it is drawn: the view keeps one fit
	var nh int
	if wi := a.wi; wi != nil && wi.open {
		nh = max(a.ui.network.height(w/2, room), wi.view.wantHeight())
	} else if c := a.cmp; c != nil {
		nh = max(a.ui.network.height(w/2, room), c.view.height(w-w/2, room))
	} else {
		nh = a.ui.network.height(w, room)
	}
	a.ui.main.ResizeItem(a.ui.netRow, min(nh, room), 0)
	return false
}

// fitState makes the state pane's text for its width, unless it was
// made for that width.
func (a *App) fitState() {
	u := a.ui
	_, _, w, _ := u.state.GetInnerRect()
	if u.stateOf == nil || w == u.stateW {
		return
	}
	u.stateW = w
	state := u.stateOf(w)
	u.state.setText(state)
	u.changed.followChanged(state)
}

// networkTitle is the diagram's title: the scenario and its title. In a
// lesson the title waits for the run's end: it may tell the outcome
// ("passive range NOT forwarded") before a checkpoint asks it.
func networkTitle(sc sim.Scenario, hide bool) string {
	if hide {
		return fmt.Sprintf(" network · %s ", sc.ID)
	}
	return fmt.Sprintf(" network · %s: %s ", sc.ID, sc.Title)
}
