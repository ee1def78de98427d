package rulesetcheck

import (
	"context"
	"fmt"
	"slices"

	"ftplab/sim"
)

// A ruleset may hold constructs outside the subset the lab models
// (sim.ParseRulesetLenient). The check does not guess what they do: it
// runs every mode as if each rule holding one never matched (the
// results), then, for each such rule, as if it matched (its other
// matches still apply, its verdict when the lab reads one), then all of
// them at once, and reports each mode whose outcome or verdict that
// would change. A declaration the lab leaves out (a
// named set, a chain of another type or hook) is reported as such: it
// could change any verdict.

// maxAssumed bounds the rules run both ways.
const maxAssumed = 12

// Unmodelled is a construct the lab does not model, where it is.
type Unmodelled struct {
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	What    string `json:"what"`
	Rule    int    `json:"rule,omitempty"` // the rule's line; 0: a declaration left out
	Text    string `json:"text,omitempty"`
	Verdict string `json:"verdict,omitempty"` // the rule's, when the lab reads one
}

// Could is what a mode would do if the rule at Line, which holds a
// construct the lab does not model, matched.
type Could struct {
	Lines   []int  `json:"lines"` // the rules holding the constructs (several: all of them at once)
	What    string `json:"what"`  // what the lab does not model
	Outcome string `json:"outcome"`
	Verdict string `json:"verdict,omitempty"`
	By      int    `json:"by,omitempty"` // the line that would decide (0: a policy or no rule)
	Rule    string `json:"rule,omitempty"`
}

// notes converts the parser's notes.
func notes(ns []sim.Unmodelled) []Unmodelled {
	var out []Unmodelled
	for _, n := range ns {
		out = append(out, Unmodelled{Line: n.Line, Col: n.Col, What: n.What, Rule: n.Rule, Text: n.Text, Verdict: n.Verdict})
	}
	return out
}

// assume runs every mode once for each rule holding an unmodelled
// construct, as if it matched, and records in base each mode whose
// outcome or deciding rule would change.
func assume(ctx context.Context, sc sim.Scenario, rs *sim.Ruleset, ns []Unmodelled, base []Result, o Options) error {
	var lines []int
	what := map[int]string{}
	for _, n := range ns {
		if n.Rule > 0 && !slices.Contains(lines, n.Rule) && len(lines) < maxAssumed {
			lines = append(lines, n.Rule)
			what[n.Rule] = fmt.Sprintf("%s: %s", n.What, n.Text)
		}
	}
	sets := [][]int{}
	for _, l := range lines {
		sets = append(sets, []int{l})
	}
	if len(lines) > 1 { // rules that only matter together (a control rule and a data rule)
		sets = append(sets, lines)
	}
	for _, set := range sets {
		v := sc
		v.Firewalls = slices.Clone(sc.Firewalls)
		v.Firewalls[0].Ruleset = rs.Assuming(set...)
		res, err := runAll(ctx, v, o)
		if err != nil {
			return err
		}
		w := "all of them at once"
		if len(set) == 1 {
			w = what[set[0]]
		}
		for i, r := range res {
			same := func(c Could) bool { return c.Outcome == r.Outcome && c.Verdict == r.Verdict }
			if len(set) > 1 && slices.ContainsFunc(base[i].Could, same) {
				continue // one of the rules alone does it
			}
			if r.Outcome != base[i].Outcome || r.Verdict != base[i].Verdict {
				base[i].Could = append(base[i].Could, Could{Lines: set, What: w, Outcome: r.Outcome, Verdict: r.Verdict, By: r.Line, Rule: r.Rule})
			}
		}
	}
	return nil
}
