package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"

	"ftplab/realnet/ftpd"
	"ftplab/realnet/watch"
)

// serveObservers wires --watch and --record to the server's observer. It
// returns the recorder the stepper shows, or nil when there is no
// stepper: without --watch, or with --watch but no terminal to draw on.
// Then the server keeps serving and prints each event as a line on
// stdout, after one line on stderr saying why: an admin who started it
// from cron or a service manager still sees the sessions, and the server
// does not stop. noTerm is why there is no terminal (checkTerminal), or
// nil.
func serveObservers(o serveOptions, noTerm error, cfg *ftpd.Config, stdout, stderr io.Writer) (*watch.Recorder, error) {
	if o.record != "" {
		if err := os.MkdirAll(o.record, 0o755); err != nil {
			return nil, fmt.Errorf("--record %q: %w", o.record, err)
		}
	}
	var observers []func(ftpd.Event)
	var rec *watch.Recorder
	ui := o.watch
	if ui && noTerm != nil {
		fmt.Fprintf(stderr, "ftplab serve: no terminal to draw on (%v): --watch prints the sessions' events as lines instead\n", noTerm)
		ui = false
		observers = append(observers, linePrinter(stdout, formatServerEvent))
	}
	if ui || o.record != "" {
		rec = newRecorder(o.record, stderr, nil)
		observers = append(observers, rec.ObserveServer)
	}
	if len(observers) > 0 {
		cfg.Observer = func(ev ftpd.Event) {
			for _, obs := range observers {
				obs(ev)
			}
		}
	}
	if !ui {
		return nil, nil
	}
	// The stepper has the terminal: the log would scribble over it.
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	return rec, nil
}

// formatServerEvent is one server event as a line: time, session, what
// happened (the proxy's format, seen from the server).
func formatServerEvent(ev ftpd.Event) string {
	head := fmt.Sprintf("%s s%d ", ev.Time.Format("15:04:05.000"), ev.Session)
	mode := "active: the server dialled"
	if ev.Passive {
		mode = "passive: the client dialled"
	}
	var body string
	switch ev.Kind {
	case ftpd.SessionOpen:
		body = fmt.Sprintf("session: client %s, server %s", ev.Client, ev.Server)
	case ftpd.Command:
		body = "> " + ev.Line
	case ftpd.Reply:
		body = "< " + ev.Line
	case ftpd.TLSStart:
		body = "control connection encrypted (AUTH TLS)"
	case ftpd.DataListen:
		body = fmt.Sprintf("data: listening on %s", ev.Local)
	case ftpd.DataOpen:
		body = fmt.Sprintf("data: %s -> %s (%s)", ev.From, ev.To, mode)
	case ftpd.DataFailed:
		body = fmt.Sprintf("data: failed (%s): %v", mode, ev.Err)
	case ftpd.DataClose:
		dir := "sent"
		if ev.Upload {
			dir = "received"
		}
		body = fmt.Sprintf("data: %s %s %d bytes, closed", ev.Verb, dir, ev.Bytes)
		if ev.Err != nil {
			body += fmt.Sprintf(" (%v)", ev.Err)
		}
	case ftpd.SessionClose:
		body = "session closed"
	default:
		body = ev.Kind.String()
	}
	return head + body
}
