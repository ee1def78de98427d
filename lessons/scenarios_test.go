package lessons

import (
	"ftplab/assets"
	"ftplab/sim"
)

// testScenarios is the catalogue of the shipped scenario files.
var testScenarios = func() *sim.Catalogue {
	c, err := sim.NewCatalogue(assets.ScenarioFS())
	if err != nil {
		panic(err)
	}
	return c
}()
