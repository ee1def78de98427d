package tui

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

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
	// Catalogue is the scenarios the lab offers; nil: the shipped ones.
	Catalogue *sim.Catalogue
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
	// was on, or the first.
	Course []*lessons.Lesson
	// Store keeps the progress between sessions; nil keeps it for this
	// session only (tests pass lessons.NewStore(t.TempDir())).
	Store *lessons.Store
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
	// Tick is the animation's clock: it returns a channel that ticks
	// every d and a function that stops it (called from another
	// goroutine). Nil uses a time.Ticker; tests inject their ticks.
	Tick func(d time.Duration) (<-chan time.Time, func())
}

// The animation of a step: animFrames frames, animFrame apart.
const (
	animFrames = 6
	animFrame  = 40 * time.Millisecond
)

// animation is a step's line on its way along its wire (App.anim).
type animation struct {
	gen, step int // the run and step it animates
	move      wireMove
	done      chan struct{} // closed when it ends; its clock then stops
}

// App is the lab: the tview application, the model it draws and the run
// it drives.
type App struct {
	app   *tview.Application
	opts  Options
	theme Theme
	m     *model

	sess    Session
	sessCtx context.Context // ends with the run
	gen     int             // counts runs; work for an older run is ignored
	stop    context.CancelFunc
	ctx     context.Context // ends when the app stops
	cancel  context.CancelFunc
	work    chan func()

	pages    *stack
	main     *tview.Flex
	network  *networkView
	timeline *timelineView
	state    *textPane
	lesson   *textPane
	status   *statusView
	cmdline  *tview.InputField
	bottom   *tview.Pages
	focus    []tview.Primitive

	console []string // the : command line's exchanges

	progress *lessons.Progress
	lsn      *openLesson    // the lesson followed; nil for a free run
	ask      *checkpointAsk // the checkpoint on screen, if any
	seek     int            // a resumed lesson's step, still to reach

	msg   string
	play  *time.Timer
	fast  bool // the run was asked to go at full speed (playing)
	cmds  int  // typed commands waiting for their reply
	draws atomic.Int64

	scene     netScene   // the network at rest at the step shown
	anim      *animation // the step's animation, while it runs
	shownGen  int        // the run and step of the last refresh: a
	shownStep int        // forward step is the one after
}

// New builds the lab. The theme is set before any widget is built (tview
// copies its global styles into each widget).
func New(opts Options) *App {
	if opts.Run.Mode == "" {
		opts.Run.Mode = sim.ModePASV
	}
	if opts.Catalogue == nil {
		opts.Catalogue = catalogue
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
	a := &App{opts: opts, theme: newTheme(opts.Theme, opts.Mono), work: make(chan func(), 16)}
	a.ctx, a.cancel = context.WithCancel(context.Background())
	a.theme.apply()
	a.app = tview.NewApplication()
	if opts.Screen != nil {
		a.app.SetScreen(opts.Screen)
	}
	a.app.EnableMouse(opts.Mouse)
	a.build()
	a.loadProgress()
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
	a.network = newNetworkView()
	a.timeline = newTimelineView(th, a.jumpTo)
	a.state = newTextPane(" state: conntrack · expectations · NAT ")
	a.lesson = newTextPane(" lesson ")
	a.status = &statusView{Box: tview.NewBox(), theme: th}
	a.cmdline = tview.NewInputField().SetLabel(":").SetFieldBackgroundColor(tcell.ColorDefault)
	if th.Mono {
		a.cmdline.SetFieldStyle(tcell.StyleDefault.Underline(true)).SetLabelStyle(tcell.StyleDefault.Bold(true))
	}
	a.cmdline.SetDoneFunc(a.commandDone)
	a.bottom = tview.NewPages().AddPage("status", a.status, true, true).AddPage("cmd", a.cmdline, true, false)

	right := tview.NewFlex().SetDirection(tview.FlexRow).AddItem(a.state, 0, 1, false).AddItem(a.lesson, 0, 1, false)
	middle := tview.NewFlex().AddItem(a.timeline, 0, 3, true).AddItem(right, 0, 2, false)
	a.main = tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(a.network, 12, 0, false).
		AddItem(middle, 0, 1, true).
		AddItem(a.bottom, 1, 0, false)
	a.pages = &stack{}
	a.pages.push("main", a.main)
	a.focus = []tview.Primitive{a.timeline, a.state, a.lesson}

	a.app.SetRoot(a.pages, true).SetFocus(a.timeline)
	a.app.SetInputCapture(a.key)
	a.app.SetBeforeDrawFunc(a.beforeDraw)
	a.app.SetAfterDrawFunc(func(tcell.Screen) { a.draws.Add(1) })
}

// Run runs the lab until the user quits; it restores the terminal.
func (a *App) Run() error {
	go a.adapter()
	err := a.app.Run()
	a.rememberStep()
	a.cancel()
	a.closeSession()
	return err
}

// Stop ends Run.
func (a *App) Stop() { a.app.Stop() }

// adapter is the one place where work from other goroutines (the lab's
// changes, the play timer, command replies) reaches the UI goroutine.
func (a *App) adapter() {
	for {
		select {
		case <-a.ctx.Done():
			return
		case f := <-a.work:
			a.app.QueueUpdateDraw(f)
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

// start begins run r (on the UI goroutine). A run that does not resolve
// (an unknown scenario, mode or override) shows its error and an empty
// timeline.
func (a *App) start(r sim.Run) {
	a.closeSession()
	a.stopPlay()
	a.closeCheckpoint()
	a.gen++
	a.console = nil
	a.cmds = 0 // replies to the old run's commands are dropped
	a.sess = nil
	a.seek = 0
	if a.lsn != nil {
		a.lsn.asked = map[int]bool{}
	}
	sc, err := r.Resolve(a.opts.Catalogue)
	a.m = newModel(r, sc, emptyTimeline())
	a.opts.Run = r
	if err != nil {
		a.m.done, a.m.outcome = true, "error"
		a.msg = err.Error()
		a.refresh()
		return
	}
	if a.opts.Start == nil {
		a.m.done = true
		a.refresh()
		return
	}
	ctx, stop := context.WithCancel(a.ctx)
	a.sessCtx, a.stop = ctx, stop
	a.msg = "starting the lab…"
	a.refresh()
	// A run may do work (or wait for the lab) while it starts: start it
	// off the UI goroutine and attach it when it is ready.
	gen, starter := a.gen, a.opts.Start
	go func() {
		sess, err := starter(ctx, r)
		a.post(func() {
			if gen != a.gen {
				if err == nil {
					go sess.Close()
				}
				return
			}
			a.attach(ctx, sess, err)
		})
	}()
}

// attach makes sess the current run (on the UI goroutine).
func (a *App) attach(ctx context.Context, sess Session, err error) {
	a.msg = ""
	if err != nil {
		a.m.done, a.m.outcome = true, "error"
		a.msg = err.Error()
		a.refresh()
		return
	}
	a.sess = sess
	a.m.size = sess.FileSize()
	a.update(sess.Timeline())
	if a.m.pending {
		sess.Step() // a step the user asked for while the run started
	}
	go a.watch(ctx, a.gen, sess)
	a.seekOn()
	if a.m.playing && a.m.full() {
		a.playFull()
	}
	a.refresh()
}

func emptyTimeline() *sim.Timeline { return new(sim.Timeline) }

// watch forwards a run's changes to the UI until it is done or replaced.
// Changes are coalesced: at most one update is on its way to the UI at a
// time, and it takes the newest timeline when it runs. A burst of events
// (a run at full speed, a typed LIST) costs a few redraws, not one each.
func (a *App) watch(ctx context.Context, gen int, sess Session) {
	changed := sess.Changed()
	done := sess.Done()
	var (
		latest atomic.Pointer[sim.Timeline] // the newest snapshot
		queued atomic.Bool                  // an update is queued, not yet run
	)
	for {
		select {
		case <-ctx.Done():
			return
		case <-changed:
			latest.Store(sess.Timeline())
			if !queued.CompareAndSwap(false, true) {
				continue // the queued update will take this timeline
			}
			a.post(func() {
				queued.Store(false)
				if gen == a.gen {
					a.update(latest.Load())
					a.seekOn()
					a.follow()
					a.refresh()
				}
			})
		case <-done:
			outcome, blocked := sess.Outcome()
			tl := sess.Timeline()
			a.post(func() {
				if gen == a.gen {
					a.update(tl)
					a.m.done, a.m.pending = true, false
					a.m.outcome, a.m.blocked = outcome, blocked
					a.follow()
					a.refresh()
				}
			})
			done = nil
		}
	}
}

// closeSession ends the current run without blocking the UI.
func (a *App) closeSession() {
	if a.stop != nil {
		a.stop()
		a.stop = nil
	}
	if s := a.sess; s != nil {
		a.sess = nil
		go s.Close()
	}
}

// refresh pushes the model into the widgets (on the UI goroutine).
func (a *App) refresh() {
	m := a.m
	cur, prev := m.state()
	events := m.tl.Events()
	a.scene = netScene{sc: m.sc, st: cur, events: events[:m.step], theme: a.theme, size: m.size}
	a.animate()
	a.showNetwork()
	if a.lsn != nil {
		// In a lesson the timeline lists only the events reached, so
		// that a checkpoint's outcome is not on screen before its answer.
		a.timeline.set(events[:m.seen], m.step)
	} else {
		a.timeline.set(events, m.step)
	}
	a.state.setText(renderState(m.sc, cur, prev, a.theme))
	labels := m.tl.Labels()[:m.step]
	var text string
	var row int
	if a.lsn != nil {
		text, row = lessonPane(a.lsn.l, m.sc, m.mode, labels, a.theme)
	} else {
		text, row = a.opts.Lessons.Lesson(m.sc, m.mode, labels, a.theme)
	}
	if ev, ok := m.event(); ok {
		text += fmt.Sprintf("\n%sstep %d:[-:-:-] %s\n", a.theme.tag("title"), ev.Seq, tview.Escape(ev.Text))
	}
	a.noteProgress()
	if a.lsn != nil && a.lsn.hint != "" {
		text += fmt.Sprintf("\n%s%s[-:-:-]\n", a.theme.tag("title"), tview.Escape(a.lsn.hint))
	}
	if len(a.console) > 0 {
		text = a.theme.tag("title") + "console[-:-:-]\n" + strings.Join(a.console, "") + "\n" + text
		row = 0
	}
	a.lesson.setText(text)
	a.lesson.ScrollTo(row, 0)
	a.status.info = statusInfo(m, a.lessonStatus(), a.msg)
	a.network.Box.SetTitle(fmt.Sprintf(" network · %s: %s ", m.sc.ID, m.sc.Title))
}

// showNetwork gives the network view the step at rest, or the frame of
// its animation.
func (a *App) showNetwork() {
	s := a.scene
	if a.anim != nil {
		mv := a.anim.move
		s.move = &mv
	}
	a.network.setScene(s)
}

// animate starts the animation of a step just stepped forward to, and
// ends one whose step is no longer on screen (on the UI goroutine, from
// refresh).
func (a *App) animate() {
	m := a.m
	if an := a.anim; an != nil && (an.gen != a.gen || an.step != m.step) {
		a.endAnim()
	}
	forward := a.gen == a.shownGen && m.step == a.shownStep+1
	a.shownGen, a.shownStep = a.gen, m.step
	if a.anim != nil || !forward || !a.opts.Animate || a.seek > 0 {
		return
	}
	if m.playing && (m.full() || m.interval() < animFrames*animFrame) {
		return // playing faster than the animation: skip it
	}
	ev, ok := m.event()
	if !ok || ev.Conn == 0 || (ev.Kind != sim.KindCmd && ev.Kind != sim.KindReply && ev.Label != sim.LabelDataConnect) {
		return
	}
	an := &animation{gen: a.gen, step: m.step, done: make(chan struct{}),
		move: wireMove{conn: ev.Conn, host: ev.Host, frames: animFrames}}
	a.anim = an
	tick := a.opts.Tick
	if tick == nil {
		tick = func(d time.Duration) (<-chan time.Time, func()) {
			t := time.NewTicker(d)
			return t.C, t.Stop
		}
	}
	ticks, stop := tick(animFrame)
	// The clock's ticks reach the UI through the adapter, one frame
	// each; after the last frame (or the end) the clock stops: nothing
	// runs while idle.
	go func() {
		defer stop()
		for range animFrames {
			select {
			case <-a.ctx.Done():
				return
			case <-an.done:
				return
			case <-ticks:
				a.post(func() { a.animTick(an) })
			}
		}
	}()
}

// animTick shows the next frame of an; after the last the step rests.
func (a *App) animTick(an *animation) {
	if a.anim != an {
		return // ended by a key or another step
	}
	an.move.frame++
	if an.move.frame >= an.move.frames {
		a.endAnim()
	}
	a.showNetwork()
}

// endAnim ends the animation, if any; the caller shows the step at rest.
func (a *App) endAnim() {
	if an := a.anim; an != nil {
		close(an.done)
		a.anim = nil
	}
}

// beforeDraw fits the layout to the screen, or asks for a larger one.
func (a *App) beforeDraw(screen tcell.Screen) bool {
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
	nh := min(a.network.height(w), h-1-8)
	a.main.ResizeItem(a.network, nh, 0)
	return false
}

// forward steps on; at the end of the known timeline it releases the
// live run's next operation. A checkpoint due at the next event is asked
// instead, before the event is shown.
func (a *App) forward() {
	if a.ask != nil {
		return
	}
	if i := a.due(a.m.tl, a.m.step+1); i >= 0 {
		a.askCheckpoint(i, a.m.step+1)
	} else if a.m.forward() && a.sess != nil {
		a.sess.Step()
	}
	a.refresh()
}

// jumpTo shows step k; moving forward it stops before the first
// checkpoint due on the way and asks it.
func (a *App) jumpTo(k int) {
	if a.ask != nil {
		return
	}
	k = max(0, min(k, a.m.tl.Len()))
	for j := a.m.step + 1; j <= k; j++ {
		if i := a.due(a.m.tl, j); i >= 0 {
			a.m.jump(j - 1)
			a.askCheckpoint(i, j)
			a.refresh()
			return
		}
	}
	a.m.jump(k)
	a.refresh()
}

// update takes a newer timeline from the run. The first event of a
// released operation comes on screen, unless a checkpoint asks about it
// first.
func (a *App) update(tl *sim.Timeline) {
	if a.m.pending && tl != nil && tl.Len() > a.m.step && tl.Len() >= a.m.tl.Len() {
		if i := a.due(tl, a.m.step+1); i >= 0 {
			a.m.pending = false
			a.m.update(tl)
			a.askCheckpoint(i, a.m.step+1)
			return
		}
	}
	a.m.update(tl)
}

// seekOn moves towards the step a resumed lesson stopped at, releasing
// the live run's operations one by one; a checkpoint on the way stops it.
func (a *App) seekOn() {
	if a.seek > a.m.step && a.ask == nil && a.m.step < a.m.tl.Len() {
		a.jumpTo(min(a.seek, a.m.tl.Len()))
	}
	if a.seek > a.m.step && a.ask == nil && a.m.step == a.m.tl.Len() && !a.m.done && !a.m.pending {
		a.forward()
	}
	if a.seek <= a.m.step || a.m.atEnd() {
		a.seek = 0
	}
}

func (a *App) togglePlay() {
	if a.m.playing {
		a.stopPlay()
	} else {
		a.m.playing = true
		a.schedulePlay()
	}
	a.refresh()
}

// setSpeed moves d along the speeds (+1 faster); while playing, the play
// goes on at the new pace.
func (a *App) setSpeed(d int) {
	if d > 0 {
		a.m.faster()
	} else {
		a.m.slower()
	}
	if a.m.playing {
		a.stopPlay()
		a.m.playing = true
		a.schedulePlay()
	}
	a.refresh()
}

// schedulePlay plays the next step after the interval; at full speed it
// lets the live run go and follows it.
func (a *App) schedulePlay() {
	if a.m.full() {
		a.playFull()
		return
	}
	gen := a.gen
	var t *time.Timer
	t = time.AfterFunc(a.m.interval(), func() {
		a.post(func() {
			// a timer stopped after it fired (a pause, a change of
			// speed) is no longer a.play: its step is not played
			if gen != a.gen || !a.m.playing || a.play != t {
				return
			}
			a.forward()
			if !a.m.playing {
				return
			}
			if a.m.atEnd() {
				a.stopPlay()
				a.refresh()
				return
			}
			a.schedulePlay()
		})
	})
	a.play = t
}

func (a *App) stopPlay() {
	if a.m != nil {
		a.m.playing = false
	}
	if a.play != nil {
		a.play.Stop()
		a.play = nil
	}
	if a.fast {
		a.fast = false
		if a.sess != nil {
			a.sess.FullSpeed(false)
		}
	}
}

// playFull plays at full speed: the live run does its operations without
// waiting for steps, and the screen follows its newest event (follow, on
// every coalesced update) until the end of the run or a checkpoint.
func (a *App) playFull() {
	if a.sess != nil && !a.fast {
		a.fast = true
		a.sess.FullSpeed(true)
	}
	a.follow()
}

// follow shows the newest event while playing at full speed; at the end
// of the run the play stops. A checkpoint on the way stops it too
// (jumpTo asks it, and asking stops playing).
func (a *App) follow() {
	if !a.m.playing || !a.m.full() || a.ask != nil {
		return
	}
	a.jumpTo(a.m.tl.Len())
	if a.m.playing && a.m.atEnd() {
		a.stopPlay()
	}
}

// restartWith restarts the run in another scenario (by id) or mode. The
// same scenario and mode (r) restart the same run, overrides and script
// included. A run of the open lesson keeps the lesson (and its run's
// overrides and script); any other run leaves it.
func (a *App) restartWith(id string, mode sim.Mode) {
	if _, err := a.opts.Catalogue.Lookup(id); err != nil {
		a.msg = err.Error()
		a.refresh()
		return
	}
	a.msg = ""
	r := sim.Run{Scenario: id, Mode: mode}
	if r.Same(a.m.run) {
		r = a.m.run
	}
	if a.lsn != nil {
		if i := a.lsn.runIndex(id, mode); i >= 0 {
			a.lsn.run = i
			r = a.lsn.l.Runs()[i]
		} else {
			a.msg = "left the lesson (L reopens it)"
			a.lsn = nil
		}
	}
	a.start(r)
}

// command opens the command line.
func (a *App) openCommand() {
	a.cmdline.SetText("")
	a.bottom.SwitchToPage("cmd")
	a.app.SetFocus(a.cmdline)
}

func (a *App) commandDone(key tcell.Key) {
	line := strings.TrimSpace(a.cmdline.GetText())
	a.bottom.SwitchToPage("status")
	a.app.SetFocus(a.timeline)
	if key != tcell.KeyEnter || line == "" {
		return
	}
	sess, ctx, gen := a.sess, a.sessCtx, a.gen
	if sess == nil {
		a.msg = "no live run"
		a.refresh()
		return
	}
	a.console = append(a.console, "> "+tview.Escape(line)+"\n")
	a.msg = "sent " + line + ", waiting for the reply…"
	a.cmds++
	before := a.m.tl.Len()
	a.refresh()
	// A typed command just runs: the session does not hold its
	// operations for steps (see Session.Command), so the UI only waits
	// for the reply, off the UI goroutine. Its events come through watch
	// like the run's; once the reply is in, the screen shows the last.
	go func() {
		reply, err := sess.Command(ctx, line)
		if err != nil {
			if reply != "" {
				reply += "\n"
			}
			reply += "error: " + err.Error()
		}
		tl := sess.Timeline()
		a.post(func() {
			if gen == a.gen {
				a.cmds--
				a.console = append(a.console, tview.Escape(strings.TrimRight(reply, "\r\n"))+"\n")
				if a.cmds == 0 {
					a.msg = ""
				}
				a.update(tl)
				if a.m.tl.Len() > before {
					a.jumpTo(a.m.tl.Len()) // the command's last event
				}
				a.refresh()
			}
		})
	}()
}

// statusView is the status bar.
type statusView struct {
	*tview.Box
	theme Theme
	info  string
	// the last rendering, of cacheInfo
	cache     *canvas
	cacheInfo string
}

func (v *statusView) Draw(screen tcell.Screen) {
	x, y, w, _ := v.GetRect()
	if v.cache == nil || v.cacheInfo != v.info || v.cache.w != w {
		v.cache, v.cacheInfo = renderStatus(v.info, w, v.theme), v.info
	}
	v.cache.drawTo(screen, x, y, w, 1)
}
