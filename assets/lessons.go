package assets

import "embed"

// Lessons holds the lesson files, under lessons/: one Markdown file per
// lesson, with YAML front matter (see package lessons, and
// lessons/README.md for teachers). Use fs.Sub(Lessons, "lessons").
//
//go:embed lessons
var Lessons embed.FS
