package labrun

import (
	"ftplab/assets"
	"ftplab/sim"
)

// shipped is the catalogue of the shipped scenario files.
var shipped = func() *sim.Catalogue {
	c, err := sim.NewCatalogue(assets.ScenarioFS())
	if err != nil {
		panic(err)
	}
	return c
}()
