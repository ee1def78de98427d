package proxy

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"ftplab/realnet"
)

// Config says where a Proxy relays to and how it bounds its work. The zero
// value of each bound means its default.
type Config struct {
	// Network carries every connection; nil means realnet.OS{}.
	Network realnet.Network
	// Upstream is the server's "host:port".
	Upstream string
	// UsePASVAddress makes the proxy dial the address a 227 reply names.
	// By default it dials the control connection's peer at the announced
	// port, as curl (since 7.74) and python's ftplib do; the event then
	// notes when the two differ.
	UsePASVAddress bool

	MaxSessions      int           // concurrent sessions; default 64
	MaxSessionsPerIP int           // concurrent sessions from one address; default 8
	IdleTimeout      time.Duration // control connection without a line; default 5 min
	DataTimeout      time.Duration // waiting for a data connection; default 30 s
	DialTimeout      time.Duration // connecting upstream; default 10 s

	// Observer, if not nil, is told every step of every session. It is
	// called from the session's goroutines and must not block for long.
	Observer func(Event)
	// Gate, if not nil, is called before each control line is relayed; the
	// line waits until it returns. An error ends the session.
	Gate func(ctx context.Context, ev Event) error
	// Logger receives internal errors; nil discards them.
	Logger *slog.Logger
}

func (c *Config) withDefaults() (Config, error) {
	out := *c
	if out.Upstream == "" {
		return out, errors.New("proxy: no upstream server (want host:port)")
	}
	if out.Network == nil {
		out.Network = realnet.OS{}
	}
	if out.MaxSessions <= 0 {
		out.MaxSessions = 64
	}
	if out.MaxSessionsPerIP <= 0 {
		out.MaxSessionsPerIP = 8
	}
	if out.IdleTimeout <= 0 {
		out.IdleTimeout = 5 * time.Minute
	}
	if out.DataTimeout <= 0 {
		out.DataTimeout = 30 * time.Second
	}
	if out.DialTimeout <= 0 {
		out.DialTimeout = 10 * time.Second
	}
	if out.Logger == nil {
		out.Logger = slog.New(slog.DiscardHandler)
	}
	return out, nil
}
