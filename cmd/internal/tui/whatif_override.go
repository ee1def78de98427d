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

// whatIfFile is sf as a run with overrides over uses its rulesets, and
// those overrides ("helper=off"), sorted; sf itself when there are none.
func whatIfFile(sf *sim.ScenarioFile, over map[string]string) (*sim.ScenarioFile, []string, error) {
	edits := map[string]string{}
	var names []string
	for k, v := range over {
		if sim.EditsRulesets(k) {
			edits[k] = v
			names = append(names, k+"="+v)
		}
	}
	if len(edits) == 0 {
		return sf, nil, nil
	}
	slices.Sort(names)
	sc, err := sf.Scenario.Overridden(edits)
	if err != nil {
		return sf, nil, err
	}
	out := sf
	for _, fw := range sc.Firewalls {
		if was, ok := sf.Scenario.Firewall(fw.Host); ok && was.Text == fw.Text {
			continue
		}
		if out, err = out.WithRuleset(fw.Host, fw.Text); err != nil {
			return sf, nil, err
		}
	}
	return out, names, nil
}

// newWhatIfOf is the what-if of sf as the run on screen uses it.
func (a *App) newWhatIfOf(sf *sim.ScenarioFile) *whatIf {
	f, names, err := whatIfFile(sf, a.p.Run().Overrides)
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
	_, names, _ := whatIfFile(w.sf, a.p.Run().Overrides)
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
