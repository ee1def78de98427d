// Package tui is ftplab's terminal lab: a tview application that draws a
// run of a scenario (package sim's timeline, fed live by realnet's lab)
// step by step.
//
// The package is layered like k9s:
//
//   - model: the lesson player (subpackage player), a plain value with
//     no tview, goroutines or clock, owns the cursor, the checkpoint gate
//     ("stop one step before the checkpoint's event, ask, then show" is
//     its state Asking), the lesson's runs and the progress; each move
//     returns what the view must do. session.go: the Session interface a
//     live or replayed run satisfies; a run is a sim.Run, resolved by
//     sim.Run.Resolve.
//   - render (render_*.go): pure functions from a sim.State and events to
//     cells or tagged lines; tested by drawing to a simulation screen.
//   - markdown (subpackage): a lesson's Markdown as tagged text, and the
//     style sets the Theme (theme.go, the one theme type) carries for it.
//   - ui (view_*.go): widgets embedding *tview.Box or *tview.TextView.
//   - app, a thin view by job: app.go (the App, its widgets, refresh,
//     apply of the player's answers, and the one adapter, App.adapter,
//     that moves work from other goroutines onto the UI goroutine with
//     QueueUpdateDraw), live.go (starting and watching the live run),
//     play.go (moves, play and speed on the one injected clock,
//     Options.Tick), animation.go, cmdline.go, status.go, keys.go, and
//     the overlays as functions returning a primitive (help, scenario
//     and lesson menus, checkpoint.go's question).
//
// Nothing redraws on a timer at rest: the screen changes only on a key, a
// mouse event, a lab change, while playing the play clock's ticks and, with
// Options.Animate, for the few frames of a forward step's animation (a
// marker carries the step's line along its wire; its clock's ticks go
// through the adapter and it stops after the last frame or on a key).
// A step forward that waits for the lab draws nothing on its key: the
// step is drawn when the lab's event comes, and "waiting for the lab…"
// only after labWait (labwait.go; the lab's screen, screen.go, drops the
// draw tview makes after every key).
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
// cell); a canvas redrawn for a new step reuses the cells of the one
// before. BenchmarkRedraw200x60 keeps a full redraw under 2 ms. A text
// pane also keeps the drawing before (a step back and on again parses
// nothing), the theme keeps the lesson's Markdown rendered (mdmemo.go),
// an animation's frame draws the diagram alone over the screen
// (App.drawNetwork) and a busy lab drops animation frames rather than
// queue them. With Options.SaveAside (the classroom) the progress is
// written off the UI goroutine (saveaside.go): a save syncs a file.
package tui
