package assets

import (
	"embed"
	"io/fs"
)

// Scenarios holds the shipped scenario files, under scenarios/: one
// Markdown file per scenario of the catalogue, with a front matter and
// one nftables ruleset per filtering host (see sim.ParseScenario, and
// scenarios/README.md for teachers). Use fs.Sub(Scenarios, "scenarios").
//
//go:embed scenarios
var Scenarios embed.FS

// ScenarioFS is the shipped scenario files at its top (README.md among
// them), for sim.NewCatalogue.
func ScenarioFS() fs.FS {
	sub, err := fs.Sub(Scenarios, "scenarios")
	if err != nil {
		panic(err) // "scenarios" is a valid path: fs.Sub cannot fail
	}
	return sub
}
