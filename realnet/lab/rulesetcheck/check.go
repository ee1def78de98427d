package rulesetcheck

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"ftplab/realnet/lab/labrun"
	"ftplab/sim"
)

// Options place the ruleset and set the server up.
type Options struct {
	On          string     // the host the ruleset filters: client, router or server (default server)
	PasvAddress netip.Addr // the address the server announces in 227 (zero: its own)
	PasvMin     uint16     // passive range (zero: the scenario's, 40000-40009)
	PasvMax     uint16
	FTPS        bool // also run every mode with explicit FTPS
	// Lan and Wan are the names the ruleset gives the router's lan and
	// wan interfaces (ifaces.go), when they are not lan and wan.
	Lan, Wan string
}

// Result is one mode's run: its outcome in the oracle's words and the
// rule of the checked ruleset that decided it.
type Result struct {
	Mode    sim.Mode `json:"mode"`
	TLS     bool     `json:"tls,omitempty"`
	Outcome string   `json:"outcome"` // ok, 425, 500, timeout, refused
	// Verdict and Rule are the checked host's decision on the data
	// connection (the drop or reject that stopped it; the accept that let
	// it through); Line is the rule's line in the file, 0 for a policy.
	Verdict string `json:"verdict,omitempty"`
	Rule    string `json:"rule,omitempty"`
	Line    int    `json:"line,omitempty"`
	Text    string `json:"text,omitempty"` // the rule's line as written
	// Elsewhere says what stopped the run when no rule of this ruleset did.
	Elsewhere string `json:"elsewhere,omitempty"`
	// Could lists the rules the lab cannot read that would change this
	// mode if they matched (unmodelled.go).
	Could []Could `json:"could_change,omitempty"`
}

// Report is the check of one ruleset.
type Report struct {
	File     string `json:"file"`
	Host     string `json:"host"`
	Scenario string `json:"scenario"` // the topology it was placed in
	// Interfaces are the checked host's, as the ruleset must name them,
	// and the side of the topology each faces.
	Interfaces []string `json:"interfaces"`
	// Warnings are interface names of the ruleset the host does not have.
	Warnings []string `json:"warnings,omitempty"`
	// Unmodelled are the constructs the lab does not model.
	Unmodelled []Unmodelled `json:"unmodelled,omitempty"`
	Results    []Result     `json:"results"`
	Fix        *Fix         `json:"fix,omitempty"`
}

// Failed reports whether some mode did not download the file.
func (r *Report) Failed() bool {
	return slices.ContainsFunc(r.Results, func(x Result) bool { return x.Outcome != "ok" })
}

// Check parses src (the ruleset file called file), places it on the host
// o.On of the catalogue's standard topology (routed; the SNAT plan when
// it masquerades on the router, the DNAT plan when it forwards ports),
// runs every mode and proposes a fix when one fails. A construct outside
// the subset the lab models is reported with the modes it could change
// (unmodelled.go); a syntax error is an error at file:line:col (a
// sim.LineErrors).
func Check(ctx context.Context, cat *sim.Catalogue, file string, src []byte, o Options) (*Report, error) {
	if o.On == "" {
		o.On = sim.HostServer
	}
	if !slices.Contains([]string{sim.HostClient, sim.HostRouter, sim.HostServer}, o.On) {
		return nil, fmt.Errorf("rulesetcheck: --on %q: want client, router or server", o.On)
	}
	rs, ns, err := sim.ParseRulesetLenient(file, src)
	if err != nil {
		return nil, err
	}
	sc, err := place(cat, file, string(src), rs, o)
	if err != nil {
		return nil, err
	}
	rep := &Report{File: file, Host: o.On, Scenario: sc.ID, Interfaces: interfaces(sc, o.On), Warnings: ifaceWarnings(file, rs, sc, o.On)}
	if rep.Results, err = runAll(ctx, sc, o); err != nil {
		return nil, err
	}
	rep.Unmodelled = notes(ns)
	if err := assume(ctx, sc, rs, rep.Unmodelled, rep.Results, o); err != nil {
		return nil, err
	}
	if rep.Failed() {
		rep.Fix, err = propose(ctx, cat, file, string(src), rs, rep, o)
	}
	return rep, err
}

// place builds the scenario: the base topology with the ruleset as the
// only firewall, on host, and the server settings of o.
func place(cat *sim.Catalogue, file, text string, rs *sim.Ruleset, o Options) (sim.Scenario, error) {
	base := "a"
	if o.On == sim.HostRouter {
		switch {
		case rs.Translates(sim.DNAT):
			base = "i1"
		case rs.Translates(sim.Masquerade) || rs.Translates(sim.SNAT):
			base = "h1"
		}
	}
	sc, err := cat.Lookup(base)
	if err != nil {
		return sim.Scenario{}, err
	}
	sc.ID, sc.Title = "check", "your ruleset on the "+o.On
	sc.Firewalls = []sim.Firewall{{Name: o.On + "-fw", Host: o.On, Text: text, File: file, Line: 1, Ruleset: rs}}
	if err := mapIfaces(&sc, o); err != nil {
		return sim.Scenario{}, err
	}
	if o.PasvAddress.IsValid() {
		sc.PasvAddress = o.PasvAddress
	}
	if o.PasvMin != 0 {
		sc.PasvMin, sc.PasvMax = o.PasvMin, o.PasvMax
	}
	return sc, nil
}

// runAll runs every mode, plain and (with o.FTPS) with FTPS.
func runAll(ctx context.Context, sc sim.Scenario, o Options) ([]Result, error) {
	var out []Result
	lines := strings.Split(sc.Firewalls[0].Text, "\n")
	for _, tls := range []bool{false, true} {
		if tls && !o.FTPS {
			continue
		}
		sc.TLS = tls
		for _, m := range sim.Modes() {
			res, tl, err := labrun.Exec(ctx, labrun.Options{Scenario: sc, Mode: m, Seed: 1})
			if err != nil {
				return nil, fmt.Errorf("rulesetcheck: %s: %w", m, err)
			}
			r := Result{Mode: m, TLS: tls, Outcome: res.Outcome}
			decided(&r, tl, o.On)
			if r.Line > 0 && r.Line <= len(lines) {
				r.Text = strings.TrimSpace(lines[r.Line-1])
			}
			if r.Rule == "" && res.Outcome != "ok" {
				r.Elsewhere = res.BlockedAt
				if res.BlockedAt == "-" && res.Err != nil {
					r.Elsewhere = "no firewall: " + res.Err.Error()
				}
			}
			out = append(out, r)
		}
	}
	return out, nil
}

// decided finds the checked host's decision on the data connection: the
// drop or reject that stopped the run, else its accept of a data
// connection's SYN (by a rule rather than a chain's policy, when a rule
// accepted it).
func decided(r *Result, tl *sim.Timeline, host string) {
	data := map[sim.ConnID]bool{}
	var accept *sim.Event
	for _, e := range tl.Events() {
		switch {
		case e.Label == sim.LabelDataConnect:
			data[e.Conn] = true
		case e.Host != host || e.Kind != sim.KindFW:
		case e.Label == sim.LabelFWDrop || e.Label == sim.LabelFWReject:
			r.Verdict, r.Rule, r.Line = e.Verdict, e.Rule, e.RuleLine
			return
		case data[e.Conn] && e.Label == sim.LabelFWAccept && (accept == nil || accept.RuleLine == 0 && e.RuleLine > 0):
			// a rule's accept says more than a policy's on another hook
			accept = &e
		}
	}
	if accept != nil && r.Outcome == "ok" {
		r.Verdict, r.Rule, r.Line = accept.Verdict, accept.Rule, accept.RuleLine
	}
}
