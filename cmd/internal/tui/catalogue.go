package tui

import (
	"fmt"

	"ftplab/assets"
	"ftplab/sim"
)

// catalogue is the catalogue of the shipped scenario files, read once at
// start and never changed.
var catalogue = mustShipped()

// Shipped returns the catalogue of the shipped scenario files
// (assets/scenarios), the one every command and the lab start from.
func Shipped() *sim.Catalogue { return catalogue }

func mustShipped() *sim.Catalogue {
	c, err := sim.NewCatalogue(assets.ScenarioFS())
	if err != nil {
		panic(fmt.Sprintf("the shipped scenario files: %v", err))
	}
	return c
}
