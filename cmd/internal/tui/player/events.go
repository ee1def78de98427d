package player

import (
	"ftplab/lessons"
	"ftplab/sim"
)

// Events adapts the lab's events to what lessons read (answer_from): the
// same adapter lessons check reads them with.
func Events(es []sim.Event) []lessons.Event { return lessons.SimEvents(es) }
