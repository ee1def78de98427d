package sim

import (
	"fmt"
	"slices"
	"strings"
)

// A Run describes one lab run, the same way wherever it comes from: the
// CLI's flags, a lesson's front matter, the UI's keys. Resolve turns it
// into the scenario the lab builds.
type Run struct {
	Scenario string // an id of the catalogue (Catalogue.IDs)
	Mode     Mode
	// Overrides are server settings changed on top of the scenario
	// (OverrideKeys), e.g. pasv_address: 203.0.113.1.
	Overrides map[string]string
	// Script lists raw control lines the lab client sends after logging
	// in, before the scenario's own actions.
	Script []string
}

// Resolve returns the run's scenario from the catalogue c with its
// overrides applied. It fails on an unknown scenario, mode or override,
// naming it.
func (r Run) Resolve(c *Catalogue) (Scenario, error) {
	if !slices.Contains(Modes(), r.Mode) {
		return Scenario{}, fmt.Errorf("sim: unknown mode %q (want PORT, EPRT, PASV, EPSV or PASV_CTLIP)", string(r.Mode))
	}
	sc, err := c.Lookup(r.Scenario)
	if err != nil {
		return Scenario{}, err
	}
	if sc, err = sc.Overridden(r.Overrides); err != nil {
		return Scenario{}, fmt.Errorf("sim: scenario %s: %w", r.Scenario, err)
	}
	return sc, nil
}

// Same reports whether r and o are the same run of a lesson: the same
// scenario in the same mode (a lesson has at most one run of each).
func (r Run) Same(o Run) bool {
	return strings.EqualFold(r.Scenario, o.Scenario) && r.Mode == o.Mode
}

// String is "scenario/mode", plus "+overrides" or "+script" when present.
func (r Run) String() string {
	s := r.Scenario + "/" + string(r.Mode)
	if len(r.Overrides) > 0 {
		s += "+overrides"
	}
	if len(r.Script) > 0 {
		s += "+script"
	}
	return s
}
