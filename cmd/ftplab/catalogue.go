package main

import (
	"os"
	"strings"

	"ftplab/cmd/internal/tui"
	"ftplab/sim"
)

// shipped is the catalogue of the shipped scenario files.
var shipped = tui.Shipped()

// scenarioArg is a --scenario value: a shipped scenario's id, or a
// scenario file (a path ending in .md), which joins the shipped ones.
func scenarioArg(v string) (*sim.Catalogue, string, error) {
	if !strings.HasSuffix(v, ".md") {
		return shipped, v, nil
	}
	src, err := os.ReadFile(v)
	if err != nil {
		return nil, "", err
	}
	sf, err := sim.ParseScenario(v, src)
	if err != nil {
		return nil, "", err
	}
	cat, err := shipped.With(sim.CatalogueOf(sf))
	if err != nil {
		return nil, "", err
	}
	return cat, sf.Scenario.ID, nil
}
