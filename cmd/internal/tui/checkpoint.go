package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"ftplab/cmd/internal/tui/player"
)

// The player decides when a checkpoint is asked (one step before its
// event) and what an answer does; this file draws the question and maps
// the keys to the player's moves.

// showCheckpoint (re)draws the checkpoint overlay for the player's
// question. A typed answer gets an input field while it is asked.
func (a *App) showCheckpoint() {
	q := a.p.Question()
	if q == nil {
		return
	}
	if a.ui.pages.top().name == "checkpoint" {
		a.ui.pages.pop()
	}
	if a.p.State() == player.Asking && len(q.Checkpoint.Choices) == 0 && !a.opts.Present {
		if a.ui.answer == nil {
			a.ui.answer = answerField(a.theme.Mono)
		}
	} else {
		a.ui.answer = nil
	}
	sw, sh := a.screenSize()
	if sw == 0 {
		sw, sh = MinWidth, MinHeight
	}
	text := checkpointText(q, a.p.State(), a.opts.Present, a.theme)
	if a.held(q) {
		text = a.waitingText(q)
	}
	total := len(a.p.Lesson().Checkpoints)
	grid, focus, h := checkpointOverlay(text, a.p.Number(q.Index)-1, total, a.ui.answer, sw, sh, a.ui.inLesson)
	// the lesson's text shows below the box, the newest first
	a.ui.follow.cover, a.ui.follow.end = 0, a.ui.inLesson
	if a.ui.inLesson {
		a.ui.follow.cover = h
	}
	a.ui.pages.push("checkpoint", grid)
	a.app.SetFocus(focus)
}

// answerField is the input of a typed answer.
func answerField(mono bool) *tview.InputField {
	f := tview.NewInputField().SetLabel("your answer: ").SetFieldWidth(0)
	if mono {
		f.SetFieldStyle(tcell.StyleDefault.Underline(true)).SetLabelStyle(tcell.StyleDefault.Bold(true))
	}
	return f
}

// checkpointOverlay is the checkpoint's box on a screen of sw×sh; input,
// if any, is the typed answer's field. In a lesson (top) it sits over the
// diagram, so that neither the lesson's text it asks about nor the
// newest timeline rows are covered (the lesson pane scrolls its text
// below the box: paneFollow); elsewhere above the status bar. It
// returns the layer, what takes focus, and the box's height.
func checkpointOverlay(text string, idx, total int, input *tview.InputField, sw, sh int, top bool) (tview.Primitive, tview.Primitive, int) {
	w := max(min(sw-4, 96), 40)
	view := tview.NewTextView().SetDynamicColors(true).SetWordWrap(true).SetText(text)
	box := tview.NewFlex().SetDirection(tview.FlexRow).AddItem(view, 0, 1, input == nil)
	h := wrappedRows(text, w-2) + 2
	if input != nil {
		box.AddItem(input, 1, 0, true)
		h++
	}
	box.SetBorder(true).SetTitle(fmt.Sprintf(" checkpoint %d/%d ", idx+1, total)).SetTitleAlign(tview.AlignLeft)
	h = min(h, sh-2)
	row := tview.NewFlex().
		AddItem(nil, 0, 1, false).
		AddItem(box, w, 0, true).
		AddItem(nil, 0, 1, false)
	grid := tview.NewFlex().SetDirection(tview.FlexRow)
	if top {
		grid.AddItem(row, h, 0, true).AddItem(nil, 0, 1, false)
		return grid, box, h
	}
	grid.AddItem(nil, 0, 1, false).AddItem(row, h, 0, true).AddItem(nil, 1, 0, false)
	return grid, box, h
}

// checkpointText is the overlay's text: the question, the choices, and
// once answered the verdict, the answer and the explanation.
func checkpointText(q *player.Question, st player.State, present bool, th Theme) string {
	cp := q.Checkpoint
	var b strings.Builder
	fmt.Fprintf(&b, "%sPredict, then see.[-:-:-] %s\n", th.tag("title"), tview.Escape(cp.Question))
	// once answered, the verdict names the answers: the box stays short
	// enough to leave the lesson's text and the timeline's newest rows
	if len(cp.Choices) > 0 && st == player.Asking {
		b.WriteString("\n")
		for i, c := range cp.Choices {
			if st == player.Asking && !present && i == q.Choice {
				fmt.Fprintf(&b, "▶ [::r]%d. %s[::R]\n", i+1, tview.Escape(c))
				continue
			}
			fmt.Fprintf(&b, "  %d. %s\n", i+1, tview.Escape(c))
		}
	}
	b.WriteString("\n")
	if st == player.Asking {
		switch {
		case present:
			b.WriteString(th.tag("dim") + "The class answers aloud. Enter reveals the answer · Esc skips[-:-:-]")
		case len(cp.Choices) == 0:
			b.WriteString(th.tag("dim") + "Type your answer, then Enter · Esc skips[-:-:-]")
		default:
			fmt.Fprintf(&b, "%s1-%d, or ↑↓ and Enter, answers · Esc skips[-:-:-]", th.tag("dim"), len(cp.Choices))
		}
		return b.String()
	}
	answer := tview.Escape(q.Answer())
	switch {
	case present:
		fmt.Fprintf(&b, "%sThe answer:[-:-:-] %s\n", th.tag("accept"), answer)
	case q.Correct:
		fmt.Fprintf(&b, "%s✔ Correct.[-:-:-]\nThe answer: %s\n", th.tag("accept"), answer)
	case !q.Known:
		fmt.Fprintf(&b, "%s? The lab could not read the answer from this run.[-:-:-]\n", th.tag("drop"))
	default:
		fmt.Fprintf(&b, "%s✗ Not quite:[-:-:-] you answered %s.\nThe answer: %s\n", th.tag("drop"), tview.Escape(strconv.Quote(q.Given)), answer)
	}
	if cp.Explain != "" {
		b.WriteString(tview.Escape(cp.Explain) + "\n")
	}
	fmt.Fprintf(&b, "\n%sEnter or Space continues: step %d shows what happened.[-:-:-]", th.tag("dim"), q.Step)
	return b.String()
}

// checkpointKey maps the keys to the player's moves while a checkpoint
// is on screen.
func (a *App) checkpointKey(ev *tcell.EventKey) *tcell.EventKey {
	p := a.p
	if a.held(p.Question()) {
		return a.waitingKey(ev)
	}
	key, r := ev.Key(), ev.Rune()
	typing := a.ui.answer != nil && p.State() == player.Asking
	if key == tcell.KeyRune && r == 'q' && !typing {
		a.app.Stop()
		return nil
	}
	if key == tcell.KeyEscape || (p.State() == player.Answered &&
		(key == tcell.KeyEnter || key == tcell.KeyRight || (key == tcell.KeyRune && (r == ' ' || r == 'l')))) {
		a.continueCheckpoint()
		return nil
	}
	if p.State() == player.Answered {
		return nil
	}
	nchoices := len(p.Question().Checkpoint.Choices)
	switch {
	case a.opts.Present:
		if key == tcell.KeyEnter || (key == tcell.KeyRune && r == ' ') {
			a.answered(p.Reveal())
		}
	case typing:
		if key == tcell.KeyEnter {
			a.answered(p.Answer(a.ui.answer.GetText()))
			return nil
		}
		return ev // to the input field
	case key == tcell.KeyUp || (key == tcell.KeyRune && r == 'k'):
		p.Highlight(-1)
		a.showCheckpoint()
	case key == tcell.KeyDown || (key == tcell.KeyRune && r == 'j'):
		p.Highlight(1)
		a.showCheckpoint()
	case key == tcell.KeyEnter:
		a.answered(p.Choose(p.Question().Choice))
	case key == tcell.KeyRune && r >= '1' && r <= '9' && int(r-'1') < nchoices:
		a.answered(p.Choose(int(r - '1')))
	}
	return nil
}

// answered shows the verdict after an answer (or a reveal).
func (a *App) answered(d player.Do) {
	a.apply(d)
	a.observeAnswer()
	a.showCheckpoint()
	a.refresh()
}

// continueCheckpoint closes the checkpoint and shows its event.
func (a *App) continueCheckpoint() {
	a.closeCheckpoint()
	a.apply(a.p.Continue())
	a.refresh()
}

// closeCheckpoint removes the checkpoint overlay, if any.
func (a *App) closeCheckpoint() {
	a.ui.answer = nil
	a.ui.follow.cover, a.ui.follow.end = 0, false
	if a.ui.pages.top().name == "checkpoint" {
		a.ui.pages.pop()
		a.focusTop()
	}
}
