package tui

import (
	"errors"
	"maps"
	"slices"

	"ftplab/sim"
)

// A run's overrides helper and router_policy edit the rulesets' text (see
// sim's override_ruleset.go): the run uses the edited text. The what-if
// shows and edits that text, so that the rule it marks and the lines it
// shows are what ran, and its rerun does not apply them a second time.

// newWhatIfOf is the what-if of sf as the run on screen uses it.
func (a *App) newWhatIfOf(sf *sim.ScenarioFile) *whatIf {
	f, names, err := sf.WithRulesetOverrides(a.p.Run().Overrides)
	if err != nil {
		return newWhatIf(sf) // the run itself failed on these overrides
	}
	w := newWhatIf(f)
	w.overridden = names
	return w
}

// sameOverrides reports whether w shows the rulesets as the run on
// screen uses them.
func (a *App) sameOverrides(w *whatIf) bool {
	_, names, _ := w.sf.WithRulesetOverrides(a.p.Run().Overrides)
	return slices.Equal(names, w.overridden)
}

// rerunOverrides are the run's overrides without those the edited text
// already holds.
func rerunOverrides(over map[string]string) map[string]string {
	out := maps.Clone(over)
	maps.DeleteFunc(out, func(k, _ string) bool { return sim.EditsRulesets(k) })
	return out
}

// errOverriddenWrite: W writes the scenario file with the edited lines;
// text made by overrides is not the file's.
var errOverriddenWrite = errors.New("the rulesets shown are as the run's settings made them (helper, router_policy), not the file's: W writes a scenario opened without those settings")
