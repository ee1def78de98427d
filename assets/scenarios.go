package assets

import "embed"

// Scenarios holds the shipped scenario files, under scenarios/: one
// Markdown file per scenario of the catalogue, with a front matter and
// one nftables ruleset per filtering host (see sim.ParseScenario, and
// scenarios/README.md for teachers). Use fs.Sub(Scenarios, "scenarios").
//
//go:embed scenarios
var Scenarios embed.FS
