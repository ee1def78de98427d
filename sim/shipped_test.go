package sim

import "os"

// shipped is the catalogue of the shipped scenario files.
var shipped = func() *Catalogue {
	c, err := NewCatalogue(os.DirFS(scenarioDir))
	if err != nil {
		panic(err)
	}
	return c
}()
