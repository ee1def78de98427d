package tui

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"ftplab/lessons"
	"ftplab/sim"
)

// A checkpoint is asked when the step would move onto the event it is
// bound to: the lab stops one step before, so the student predicts what
// the event will show (the lessons package's contract: "asked when the run
// reaches the Nth event labelled At, before the student sees that
// event"). The event is already in the timeline, so an answer_from can be
// read from it; after the answer, the next key shows it.

// checkpointAsk is a checkpoint's question on screen.
type checkpointAsk struct {
	idx      int // in the lesson's Checkpoints
	cp       *lessons.Checkpoint
	step     int    // the event asked about, not yet shown
	expected string // the right answer, as text
	known    bool   // whether expected could be read from the run
	choice   int    // the highlighted choice
	shown    bool   // the answer is on screen
	given    string
	correct  bool
	input    *tview.InputField // for a typed answer, while asking
}

// due returns the index of a checkpoint of the open lesson, not yet
// asked in this run, bound to event k (from 1) of tl; -1 if none.
func (a *App) due(tl *sim.Timeline, k int) int {
	o := a.lsn
	if o == nil || a.m == nil || k < 1 || k > tl.Len() || len(o.l.Checkpoints) == 0 {
		return -1
	}
	labels := tl.Labels()[:k]
	label, nth := labels[k-1], 0
	for _, l := range labels {
		if l == label {
			nth++
		}
	}
	run := a.m.run
	for i := range o.l.Checkpoints {
		if !o.asked[i] && o.l.Checkpoints[i].Matches(o.l, run, label, nth) {
			return i
		}
	}
	return -1
}

// askCheckpoint stops playing and asks checkpoint i about event step.
func (a *App) askCheckpoint(i, step int) {
	a.stopPlay()
	a.lsn.asked[i] = true
	cp := &a.lsn.l.Checkpoints[i]
	exp, ok := cp.Expected(lessonEvents(a.m.tl.Events()), step-1)
	q := &checkpointAsk{idx: i, cp: cp, step: step, expected: exp, known: ok}
	if len(cp.Choices) == 0 && !a.opts.Present {
		q.input = tview.NewInputField().SetLabel("your answer: ").SetFieldWidth(0)
		if a.theme.Mono {
			q.input.SetFieldStyle(tcell.StyleDefault.Underline(true)).SetLabelStyle(tcell.StyleDefault.Bold(true))
		}
	}
	a.ask = q
	a.showCheckpoint()
}

// showCheckpoint (re)draws the checkpoint overlay for the state of a.ask.
func (a *App) showCheckpoint() {
	q := a.ask
	if a.pages.top().name == "checkpoint" {
		a.pages.pop()
	}
	sw, sh := a.screenSize()
	if sw == 0 {
		sw, sh = MinWidth, MinHeight
	}
	w := max(min(sw-4, 96), 40)
	text := a.checkpointText(q)
	view := tview.NewTextView().SetDynamicColors(true).SetWordWrap(true).SetText(text)
	box := tview.NewFlex().SetDirection(tview.FlexRow).AddItem(view, 0, 1, q.input == nil || q.shown)
	h := wrappedLines(text, w-2) + 2
	if q.input != nil && !q.shown {
		box.AddItem(q.input, 1, 0, true)
		h++
	}
	box.SetBorder(true).SetTitle(fmt.Sprintf(" checkpoint %d/%d ", q.idx+1, len(a.lsn.l.Checkpoints))).SetTitleAlign(tview.AlignLeft)
	h = min(h, sh-2)
	// Above the status bar, leaving the network diagram in view.
	grid := tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(nil, 0, 1, false).
		AddItem(tview.NewFlex().
			AddItem(nil, 0, 1, false).
			AddItem(box, w, 0, true).
			AddItem(nil, 0, 1, false), h, 0, true).
		AddItem(nil, 1, 0, false)
	a.pages.push("checkpoint", grid)
	a.app.SetFocus(box)
}

// checkpointText is the overlay's text: the question, the choices, and
// once answered the verdict, the answer and the explanation.
func (a *App) checkpointText(q *checkpointAsk) string {
	th := a.theme
	var b strings.Builder
	fmt.Fprintf(&b, "%sPredict, then see.[-:-:-] %s\n", th.tag("title"), tview.Escape(q.cp.Question))
	if len(q.cp.Choices) > 0 {
		b.WriteString("\n")
		for i, c := range q.cp.Choices {
			mark := "  "
			if !q.shown && !a.opts.Present && i == q.choice {
				mark = "▶ "
				fmt.Fprintf(&b, "%s[::r]%d. %s[::R]\n", mark, i+1, tview.Escape(c))
				continue
			}
			fmt.Fprintf(&b, "%s%d. %s\n", mark, i+1, tview.Escape(c))
		}
	}
	b.WriteString("\n")
	if s, ok := a.waitingText(q); ok {
		return b.String() + s
	}
	if !q.shown {
		switch {
		case a.opts.Present:
			b.WriteString(th.tag("dim") + "The class answers aloud. Enter reveals the answer · Esc skips[-:-:-]")
		case q.input != nil:
			b.WriteString(th.tag("dim") + "Type your answer, then Enter · Esc skips[-:-:-]")
		default:
			fmt.Fprintf(&b, "%s1-%d, or ↑↓ and Enter, answers · Esc skips[-:-:-]", th.tag("dim"), len(q.cp.Choices))
		}
		return b.String()
	}
	answer := a.answerText(q)
	switch {
	case a.opts.Present:
		fmt.Fprintf(&b, "%sThe answer:[-:-:-] %s\n", th.tag("accept"), tview.Escape(answer))
	case q.correct:
		fmt.Fprintf(&b, "%s✔ Correct.[-:-:-]\nThe answer: %s\n", th.tag("accept"), tview.Escape(answer))
	case !q.known:
		fmt.Fprintf(&b, "%s? The lab could not read the answer from this run.[-:-:-]\n", th.tag("drop"))
	default:
		fmt.Fprintf(&b, "%s✘ Not quite:[-:-:-] you answered %s.\nThe answer: %s\n", th.tag("drop"), tview.Escape(strconv.Quote(q.given)), tview.Escape(answer))
	}
	if q.cp.Explain != "" {
		b.WriteString(tview.Escape(q.cp.Explain) + "\n")
	}
	fmt.Fprintf(&b, "\n%sEnter or Space continues: step %d shows what happened.[-:-:-]", th.tag("dim"), q.step)
	return b.String()
}

// answerText is the right answer as the overlay shows it.
func (a *App) answerText(q *checkpointAsk) string {
	if i := q.cp.AnswerIndex; i >= 0 && i < len(q.cp.Choices) {
		return fmt.Sprintf("%d. %s", i+1, q.cp.Choices[i])
	}
	return q.expected
}

// checkpointKey handles the keys while a checkpoint is on screen.
func (a *App) checkpointKey(ev *tcell.EventKey) *tcell.EventKey {
	q := a.ask
	if a.class.waiting == q {
		return a.waitingKey(ev)
	}
	key, r := ev.Key(), ev.Rune()
	if key == tcell.KeyRune && r == 'q' && (q.input == nil || q.shown) {
		a.app.Stop()
		return nil
	}
	if q.shown {
		if key == tcell.KeyEnter || key == tcell.KeyEscape || key == tcell.KeyRight || (key == tcell.KeyRune && (r == ' ' || r == 'l')) {
			a.continueCheckpoint()
		}
		return nil
	}
	if key == tcell.KeyEscape {
		a.continueCheckpoint()
		return nil
	}
	switch {
	case a.opts.Present:
		if key == tcell.KeyEnter || (key == tcell.KeyRune && r == ' ') {
			q.shown = true
			a.lsn.revealed[q.idx] = true
			a.showCheckpoint()
		}
	case q.input != nil:
		if key == tcell.KeyEnter {
			a.answer(q, strings.TrimSpace(q.input.GetText()), lessons.Correct(q.input.GetText(), q.expected))
			return nil
		}
		return ev // to the input field
	case key == tcell.KeyUp || (key == tcell.KeyRune && r == 'k'):
		q.choice = (q.choice + len(q.cp.Choices) - 1) % len(q.cp.Choices)
		a.showCheckpoint()
	case key == tcell.KeyDown || (key == tcell.KeyRune && r == 'j'):
		q.choice = (q.choice + 1) % len(q.cp.Choices)
		a.showCheckpoint()
	case key == tcell.KeyEnter:
		a.answerChoice(q, q.choice)
	case key == tcell.KeyRune && r >= '1' && r <= '9' && int(r-'1') < len(q.cp.Choices):
		a.answerChoice(q, int(r-'1'))
	}
	return nil
}

func (a *App) answerChoice(q *checkpointAsk, i int) {
	q.choice = i
	a.answer(q, q.cp.Choices[i], i == q.cp.AnswerIndex)
}

// answer records the student's answer and shows the verdict.
func (a *App) answer(q *checkpointAsk, given string, correct bool) {
	q.given, q.correct, q.shown = given, correct && q.known, true
	a.progress.Record(a.lsn.l.ID, lessons.Answer{Checkpoint: q.idx, Given: given, Correct: q.correct})
	a.saveProgress()
	a.observeAnswer(q)
	a.checkFinished()
	a.showCheckpoint()
	a.refresh()
}

// continueCheckpoint closes the checkpoint and shows its event.
func (a *App) continueCheckpoint() {
	a.closeCheckpoint()
	a.forward()
	a.seekOn()
	a.refresh()
}

// closeCheckpoint removes the checkpoint overlay, if any.
func (a *App) closeCheckpoint() {
	if a.ask == nil {
		return
	}
	a.ask = nil
	if a.pages.top().name == "checkpoint" {
		a.pages.pop()
	}
	a.focusTop()
}

// wrappedLines estimates how many rows text takes wrapped to width,
// leaving room for word wrapping.
func wrappedLines(text string, width int) int {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		w := tview.TaggedStringWidth(line)
		rows := max(1, (w+width-1)/width)
		n += rows + rows/2
	}
	return n
}

// lessonEvents adapts the lab's events to what lessons read.
func lessonEvents(es []sim.Event) []lessons.Event {
	out := make([]lessons.Event, len(es))
	for i, e := range es {
		out[i] = eventFields{e}
	}
	return out
}

// eventFields is a sim.Event as a lessons.Event: the fields of
// lessons.Fields.
type eventFields struct{ e sim.Event }

func (v eventFields) Label() string { return v.e.Label }

func (v eventFields) Field(name string) (string, bool) {
	e := v.e
	nonEmpty := func(s string) (string, bool) { return s, s != "" }
	switch name {
	case "host":
		return nonEmpty(e.Host)
	case "src", "src.addr", "src.port":
		return apField(e.From, strings.TrimPrefix(name, "src"))
	case "dst", "dst.addr", "dst.port":
		return apField(e.To, strings.TrimPrefix(name, "dst"))
	case "line":
		l := strings.TrimRight(e.Line, "\r\n")
		return l, l != ""
	case "arg":
		if !strings.HasPrefix(e.Label, "cmd.") {
			return "", false
		}
		_, arg, ok := strings.Cut(strings.TrimRight(e.Line, "\r\n"), " ")
		return strings.TrimSpace(arg), ok
	case "code":
		code, ok := strings.CutPrefix(e.Label, "reply.")
		return code, ok
	case "verdict":
		return nonEmpty(e.Verdict)
	case "firewall":
		return nonEmpty(e.Firewall)
	case "rule":
		return nonEmpty(e.Rule)
	}
	return "", false
}

// apField returns an address:port (part ""), its address (".addr") or
// its port (".port").
func apField(ap netip.AddrPort, part string) (string, bool) {
	if !ap.IsValid() {
		return "", false
	}
	switch part {
	case ".addr":
		return ap.Addr().String(), true
	case ".port":
		return strconv.Itoa(int(ap.Port())), true
	}
	return ap.String(), true
}

var _ lessons.Event = eventFields{}
