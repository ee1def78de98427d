// Package livesession shows real FTP sessions, live, in the terminal
// lab: it adapts a watch.Recorder (fed by the proxy or by ftplab's own
// server) to the lab's Session, one session at a time, and keeps the
// list of sessions the UI shows beside it. With a watch.Hold (proxy
// --hold) stepping lets one control line through at a time.
//
// It is apart from package tui so that the UI builds and tests with sim
// alone.
package livesession
