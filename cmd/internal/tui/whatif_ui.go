package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"ftplab/cmd/internal/tui/player"
	"ftplab/sim"
)

// whatIfUI is the what-if on screen: the ruleset pane beside the diagram
// and the line editor in the status bar's place.
type whatIfUI struct {
	m       *whatIf
	view    *rulesetView
	input   *tview.InputField
	open    bool
	editing string // what the line editor takes: "line", "file", "" (closed)
}

// whatIfKeys is the pane's key hint, its title.
const whatIfKeys = " rulesets · ↑↓ · o off/on · e edit · u undo · Enter rerun · W write "

// whatIfKeysShort are the titles where the long one would be cut (half
// of a 120- or an 80-column screen), the first that fits: the keys,
// without the words that cost the most (u undo and W write are in the
// help, ?).
var whatIfKeysShort = []string{" rulesets: o off/on e edit u undo Enter rerun W write ", " rulesets: o off e edit Enter rerun "}

// toggleWhatIf is the R key: the ruleset pane opens beside the diagram
// (a comparison on screen closes: they share the place) or closes.
func (a *App) toggleWhatIf() {
	if wi := a.wi; wi != nil && wi.open {
		a.closeWhatIf()
		a.refresh()
		return
	}
	if a.lessonHidesRules() {
		a.msg = "in a lesson the rulesets show at the run's end (they name the rules its questions are about)"
		a.refresh()
		return
	}
	sf, ok := a.opts.Catalogue.File(a.p.Run().Scenario)
	if !ok {
		a.msg = fmt.Sprintf("what-if: scenario %q has no file to show", a.p.Run().Scenario)
		a.refresh()
		return
	}
	a.closeCompare()
	if a.wi == nil {
		a.wi = a.newWhatIfUI(sf)
	} else if a.wi.m.id() != sf.Scenario.ID || !a.sameOverrides(a.wi.m) {
		a.wi.m = a.newWhatIfOf(sf)
		a.wi.view.w = a.wi.m
	}
	wi := a.wi
	wi.open = true
	wi.view.decided = -1
	a.ui.netRow.AddItem(wi.view, 0, 1, true)
	a.ui.focus = append(a.ui.focus, wi.view)
	a.app.SetFocus(wi.view)
	a.msg = "what-if: R closes it"
	a.refresh()
}

func (a *App) newWhatIfUI(sf *sim.ScenarioFile) *whatIfUI {
	wi := &whatIfUI{m: a.newWhatIfOf(sf)}
	wi.view = newRulesetView(wi.m, a.theme, a.whatIfKey)
	wi.view.SetTitle(whatIfKeys)
	wi.input = tview.NewInputField().SetFieldBackgroundColor(tcell.ColorDefault)
	if a.theme.Mono {
		wi.input.SetFieldStyle(tcell.StyleDefault.Underline(true)).SetLabelStyle(tcell.StyleDefault.Bold(true))
	}
	wi.input.SetChangedFunc(func(text string) {
		if wi.editing == "line" {
			_, err := wi.m.try(text)
			wi.view.err = errText(err)
		}
	})
	wi.input.SetDoneFunc(a.editDone)
	a.ui.bottom.AddPage("whatif", wi.input, true, false)
	return wi
}

// closeWhatIf takes the pane off the screen; its edits stay for the
// scenario's next what-if.
func (a *App) closeWhatIf() {
	wi := a.wi
	if wi == nil || !wi.open {
		return
	}
	a.endEdit()
	wi.open = false
	a.ui.netRow.RemoveItem(wi.view)
	a.ui.focus = slices.DeleteFunc(a.ui.focus, func(p tview.Primitive) bool { return p == wi.view })
	a.app.SetFocus(a.ui.timeline)
}

// whatIfKey is a key for the pane (the lab's own keys went first).
func (a *App) whatIfKey(ev *tcell.EventKey) {
	m, v := a.wi.m, a.wi.view
	v.err = ""
	switch {
	case ev.Key() == tcell.KeyUp || ev.Rune() == 'k':
		m.move(-1)
	case ev.Key() == tcell.KeyDown || ev.Rune() == 'j':
		m.move(1)
	case ev.Key() == tcell.KeyPgUp:
		m.move(-10)
	case ev.Key() == tcell.KeyPgDn:
		m.move(10)
	case ev.Key() == tcell.KeyEnter:
		a.rerunWhatIf()
		return
	case ev.Rune() == 'o':
		if err := m.toggle(); err != nil {
			v.err = "not applied: " + errText(err)
		}
	case ev.Rune() == 'e':
		a.editLine()
	case ev.Rune() == 'u':
		m.revert()
	case ev.Rune() == 'W':
		a.askFile()
	}
	a.refresh()
}

// editLine opens the line editor on the line under the cursor.
func (a *App) editLine() {
	wi := a.wi
	t, i := wi.m.at(wi.m.cursor)
	if t == nil {
		return
	}
	wi.input.SetLabel(fmt.Sprintf("%s line %d: ", t.host, t.first+i))
	wi.editing = "" // no check of the text put in
	wi.input.SetText(t.lines[i])
	wi.editing = "line"
	a.ui.bottom.SwitchToPage("whatif")
	a.app.SetFocus(wi.input)
}

// askFile opens the line editor for the name of the file to write the
// edited scenario to.
func (a *App) askFile() {
	wi := a.wi
	wi.input.SetLabel("write the edited scenario to: ")
	wi.editing = ""
	wi.input.SetText(strings.ReplaceAll(wi.m.id(), "'", "") + "-whatif.md")
	wi.editing = "file"
	a.ui.bottom.SwitchToPage("whatif")
	a.app.SetFocus(wi.input)
}

// editDone is Enter (apply the line, if it parses) or Esc (leave it) in
// the line editor.
func (a *App) editDone(key tcell.Key) {
	wi := a.wi
	wi.view.err = ""
	switch {
	case key != tcell.KeyEnter:
	case wi.editing == "file":
		a.msg = ""
		where, err := wi.m.writeScenario(strings.TrimSpace(wi.input.GetText()))
		if err != nil {
			wi.view.err = "not written: " + errText(err)
		} else {
			a.msg = fmt.Sprintf("wrote %s: ftplab lab --scenario %s runs it", where, where)
		}
	default:
		if err := wi.m.set(wi.input.GetText()); err != nil {
			wi.view.err = "not applied: " + errText(err)
			a.refresh()
			return
		}
	}
	a.endEdit()
	a.app.SetFocus(wi.view)
	a.refresh()
}

// endEdit closes the line editor, if open.
func (a *App) endEdit() {
	if wi := a.wi; wi != nil && wi.editing != "" {
		wi.editing = ""
		a.ui.bottom.SwitchToPage("status")
	}
}

// editingRule reports whether the line editor has the keyboard.
func (a *App) editingRule() bool {
	return a.wi != nil && a.wi.editing != "" && a.app.GetFocus() == a.wi.input
}

// errText is an edit's error in one line: the first of sim's file:line:col
// errors.
func errText(err error) string {
	if err == nil {
		return ""
	}
	var le sim.LineErrors
	if errors.As(err, &le) && len(le) > 0 {
		return le[0].Error()
	}
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// refreshWhatIf follows the run on screen: the pane shows its scenario's
// rulesets and marks the rule that decided the step shown (the cursor
// goes there when it changes).
func (a *App) refreshWhatIf() {
	wi := a.wi
	if wi == nil || !wi.open {
		return
	}
	if a.lessonHidesRules() {
		a.closeWhatIf()
		return
	}
	if id := a.p.Run().Scenario; !strings.EqualFold(id, wi.m.id()) || !a.sameOverrides(wi.m) {
		if sf, ok := a.opts.Catalogue.File(id); ok {
			wi.m = a.newWhatIfOf(sf)
			wi.view.w, wi.view.err = wi.m, ""
		}
	}
	v := wi.view
	was := v.decided
	v.decided, v.verdict, v.note = -1, "", ""
	ev, err := a.p.Timeline().Event(a.p.Step())
	if err != nil || ev.Firewall == "" || ev.Rule == "" {
		return
	}
	v.verdict = ev.Verdict
	where := ev.Firewall + " " + ev.Rule // a chain's policy
	if ev.RuleLine > 0 {
		where = fmt.Sprintf("%s line %d", ev.Firewall, ev.RuleLine)
		v.decided = wi.m.index(ev.Firewall, ev.RuleLine)
	}
	v.note = fmt.Sprintf("step %d: %s", ev.Seq, where)
	if ev.Verdict != "" {
		v.note += " → " + ev.Verdict
	}
	if ev.RuleLine > 0 {
		v.note += " (" + ev.Rule + ")"
	}
	if v.decided >= 0 && v.decided != was && wi.editing == "" {
		wi.m.cursor = v.decided
	}
}

// lessonHidesRules reports whether an open lesson's run is not over: its
// rules' names (cli_in_new_DROP) would tell what its questions ask, as
// the diagram's title would (networkTitle).
func (a *App) lessonHidesRules() bool { return a.p.Lesson() != nil && !a.p.AtEnd() }

// rerunWhatIf runs the edited scenario in the compare view: the original
// run on the left (played to its end), the edited one on the right, at
// its end, each with its verdict.
func (a *App) rerunWhatIf() {
	m := a.wi.m
	changes := m.changes()
	switch {
	case a.p.Lesson() != nil:
		a.msg = "what-if reruns in the free lab: leave the lesson first (s, f, n)"
	case len(changes) == 0:
		a.msg = "no change to rerun: o turns the rule under the cursor off, e edits it"
	case a.opts.StartIn == nil:
		a.msg = "this view cannot rerun an edited scenario (ftplab lab can)"
	default:
		a.msg = ""
	}
	if a.msg != "" {
		a.refresh()
		return
	}
	sf, err := m.edited()
	var cat *sim.Catalogue
	if err == nil {
		cp := *sf
		cp.Scenario.ID = whatIfID(m.id())
		cat, err = a.opts.Catalogue.With(sim.CatalogueOf(&cp))
	}
	if err != nil {
		a.wi.view.err = errText(err)
		a.refresh()
		return
	}
	orig := a.p.Run()
	r := sim.Run{Scenario: whatIfID(m.id()), Mode: orig.Mode, Overrides: rerunOverrides(orig.Overrides), Script: orig.Script}
	sc, err := r.Resolve(cat)
	a.closeWhatIf()
	what := summary(changes)
	a.openCompare(&comparison{p: player.New(nil, false), view: newNetworkView(), what: what, toEnd: true}, r, sc, err, a.opts.StartIn(cat))
	a.msg = fmt.Sprintf("what-if: %s · left %s, right %s (edited) · X closes, R edits again", what, orig.Scenario, r.Scenario)
	a.playToEnd()
	a.refresh()
}

// playToEnd plays the run on screen to its end at full speed, unless
// its end is shown.
func (a *App) playToEnd() {
	if a.p.AtEnd() {
		return
	}
	a.p.SetSpeed(len(player.Speeds))
	if !a.p.Playing() {
		a.p.TogglePlay()
	}
	a.syncPlay()
	a.apply(a.p.Follow())
}
