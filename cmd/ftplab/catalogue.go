package main

import (
	"fmt"

	"ftplab/assets"
	"ftplab/sim"
)

// shipped is the catalogue of the shipped scenario files, read once at
// start and never changed.
var shipped = mustShipped()

func mustShipped() *sim.Catalogue {
	c, err := sim.NewCatalogue(assets.ScenarioFS())
	if err != nil {
		panic(fmt.Sprintf("the shipped scenario files: %v", err))
	}
	return c
}
