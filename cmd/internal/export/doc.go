// Package export turns a lab run into files for slides and handouts: the
// terminal lab's own frames, drawn by the real UI (package tui) on a
// simulation screen, as an asciicast v2 recording (asciinema play), one
// frame as SVG, and a lesson as a printable handout (HTML or Markdown)
// with its checkpoints as questions and an answer key.
//
// The UI is driven as a student drives it: Space steps one event. The run
// behind it is a finished timeline (labrun.Exec gives the same timeline
// byte for byte as a stepped run) revealed one event per step, so every
// frame is the one the lab shows at that step, and the export is the same
// on every machine.
package export
