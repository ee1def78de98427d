package tui

import (
	"ftplab/cmd/internal/tui/player"
	"ftplab/lessons"
	"ftplab/sim"
)

// LessonEvents adapts a timeline's events to what lessons read
// (lessons.Event), as the lab does when it asks a checkpoint: exports read
// answer_from answers with it outside the UI.
func LessonEvents(es []sim.Event) []lessons.Event { return player.Events(es) }
