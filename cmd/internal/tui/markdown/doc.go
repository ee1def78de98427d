// Package markdown turns a lesson's Markdown into wrap-neutral tview-tagged
// text for the lab's lesson pane: one goldmark node renderer (a function
// per node kind), styled by a set of Styles (Dark, Projector, Mono) that
// the UI's Theme carries.
//
// Invariants: style sets differ only in their tags, never in the text a
// TextView shows; brackets, Markdown escapes and entities come out as
// written (tview.Escape is applied to the joined run of text nodes); Mono
// names no colour; raw HTML, comments included, is dropped; an underline
// is ended with [::U] (tview's reset [-:-:-] leaves tcell's underline
// on, as of tview v0.42 on tcell v2.13). The golden
// cases under testdata/ pin the output (go test -update rewrites them).
package markdown
