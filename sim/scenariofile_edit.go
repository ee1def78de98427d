package sim

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// WithRuleset returns a copy of sf whose ruleset on host is text, as if
// the file's "nft HOST" block held it instead: text's first line is the
// file line of the block's first line (Firewall.Line), so that errors and
// verdicts name the same file lines. The lab's what-if edits one line of
// a ruleset and reruns the scenario this way. A text that is not valid
// fails with its LineErrors (file:line:col), as ParseScenario would; sf
// is never changed.
func (sf *ScenarioFile) WithRuleset(host, text string) (*ScenarioFile, error) {
	fws := sf.Scenario.Firewalls
	i := slices.IndexFunc(fws, func(f Firewall) bool { return f.Host == host })
	if i < 0 {
		return nil, fmt.Errorf("sim: scenario %s has no ruleset on %q", sf.Scenario.ID, host)
	}
	fw := fws[i]
	out := *sf
	out.Scenario = sf.Scenario.clone()
	out.Scenario.Firewalls = slices.Delete(out.Scenario.Firewalls, i, i+1)
	out.Rulesets = maps.Clone(sf.Rulesets)
	delete(out.Rulesets, host)
	sp := &scenarioParser{file: fw.File, sf: &out}
	sp.block("nft "+host, fw.Line-1, strings.Split(strings.TrimSuffix(text, "\n"), "\n"))
	sp.checkIfaces()
	if len(sp.errs) > 0 {
		return nil, sp.errs
	}
	return &out, nil
}

// WithRulesetOverrides returns a copy of sf with the overrides in over
// that edit rulesets (EditsRulesets: helper, router_policy) applied to its
// rulesets' text, each changed ruleset re-parsed at the file's own lines
// (WithRuleset), and those overrides as "key=value", sorted. The other
// overrides are left to the run. With none that edits a ruleset it
// returns sf itself.
func (sf *ScenarioFile) WithRulesetOverrides(over map[string]string) (*ScenarioFile, []string, error) {
	edits := map[string]string{}
	var names []string
	for k, v := range over {
		if EditsRulesets(k) {
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
