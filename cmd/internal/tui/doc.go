// Package tui is ftplab's terminal lab: a tview application that draws a
// run of a scenario (package sim's timeline, fed live by realnet's lab)
// step by step.
//
// The package is layered like k9s:
//
//   - model (model.go, session.go): the scenario, the timeline and the
//     step shown; the Session interface a live or replayed run satisfies.
//   - render (render_*.go): pure functions from a sim.State and events to
//     cells or tagged lines; tested by drawing to a simulation screen.
//   - ui (view_*.go): widgets embedding *tview.Box or *tview.TextView.
//   - lessons (course.go, checkpoint.go, lesson.go): the open lesson, its
//     runs and progress; checkpoints asked one step before their event.
//   - app (app.go, keys.go): the screen, the key map, and the one adapter
//     (App.onUI) that moves work from other goroutines onto the UI
//     goroutine with QueueUpdateDraw.
//
// Nothing redraws on a timer: the screen changes only on a key, a mouse
// event, a lab change or, while playing, the play timer.
package tui
