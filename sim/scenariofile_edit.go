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
