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
//   - markdown (subpackage): a lesson's Markdown as tagged text, and the
//     style sets the Theme (theme.go, the one theme type) carries for it.
//   - ui (view_*.go): widgets embedding *tview.Box or *tview.TextView.
//   - lessons (course.go, checkpoint.go, lesson.go): the open lesson, its
//     runs and progress; checkpoints asked one step before their event.
//   - app (app.go, keys.go): the screen, the key map, and the one adapter
//     (App.adapter) that moves work from other goroutines onto the UI
//     goroutine with QueueUpdateDraw.
//
// Nothing redraws on a timer at rest: the screen changes only on a key, a
// mouse event, a lab change, while playing the play timer and, with
// Options.Animate, for the few frames of a forward step's animation (a
// marker carries the step's line along its wire; its clock's ticks go
// through the adapter and it stops after the last frame or on a key).
// In a scenario with an attacker (steal) the diagram is compact: four
// boxes in a row, the attacker's right of the server's. Lab changes are
// coalesced (App.watch): at most one update is queued at a time and it
// takes the newest timeline, so a burst of events (playing at full speed,
// where the live lab holds no operation and the screen follows it to the
// end; a typed LIST) costs a few redraws, not one per event.
//
// A typed command (the : line) just runs: the session releases its
// operations without steps (labsession runs the stepper at full speed
// for it) and its events join the timeline; the UI waits for the reply
// off the UI goroutine, then shows the last event.
//
// A redraw copies cached renderings: the timeline and status canvases
// are rebuilt only when what they show changes, the text panes
// (textPane) re-parse and re-draw their tagged text only when it, their
// size, focus or scrolling changes, and cells go to the screen with
// Screen.Put and shared one-rune strings (SetContent allocates twice per
// cell). BenchmarkRedraw200x60 keeps a full redraw under 2 ms.
package tui
