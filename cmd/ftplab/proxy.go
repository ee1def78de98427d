package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"ftplab/cmd/internal/tui/livesession"
	"ftplab/realnet/proxy"
	"ftplab/realnet/watch"
	"ftplab/sim"
)

// runProxy relays FTP sessions to an upstream server and prints every
// step of each: "ftplab proxy --upstream HOST:PORT".
func runProxy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("proxy", flag.ContinueOnError)
	fl.SetOutput(stderr)
	listen := fl.String("listen", "127.0.0.1:2122", "address clients connect to")
	var cfg proxy.Config
	fl.StringVar(&cfg.Upstream, "upstream", "", "the FTP server, HOST:PORT (required)")
	fl.BoolVar(&cfg.UsePASVAddress, "use-pasv-address", false, "dial the address a 227 reply names (default: the server's control address, as curl does)")
	fl.IntVar(&cfg.MaxSessions, "max-sessions", 64, "sessions at once")
	fl.IntVar(&cfg.MaxSessionsPerIP, "max-per-ip", 8, "sessions at once from one address")
	fl.DurationVar(&cfg.IdleTimeout, "idle-timeout", 5*time.Minute, "close a control connection silent this long")
	fl.DurationVar(&cfg.DataTimeout, "data-timeout", 30*time.Second, "wait this long for a data connection")
	quiet := fl.Bool("quiet", false, "print nothing but errors")
	record := fl.String("record", "", "write each session, when it ends, as a lab timeline (JSON) into this directory")
	ui := fl.Bool("ui", false, "show the sessions live in the lab's stepper (diagram, timeline, state)")
	hold := fl.Bool("hold", false, "hold each control line until you step it in the UI (implies --ui; real clients time out)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: ftplab proxy --upstream HOST:PORT [--listen ADDR] [flags]")
		fmt.Fprintln(stderr, "\nAn FTP-aware relay: point any FTP client at --listen and every control line and")
		fmt.Fprintln(stderr, "data connection of its session to the upstream server is printed, with findings.")
		fmt.Fprintln(stderr, "PORT/EPRT naming anyone but the client are refused; after AUTH TLS the session")
		fmt.Fprintln(stderr, "is relayed unread (the proxy, like a firewall's FTP helper, cannot see inside).")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return err
	}
	if cfg.Upstream == "" || fl.NArg() > 0 {
		fl.Usage()
		return usageError{"--upstream HOST:PORT is required, and no arguments"}
	}
	*ui = *ui || *hold
	var observers []func(proxy.Event)
	if !*quiet && !*ui {
		observers = append(observers, linePrinter(stdout, formatEvent))
	}
	var h *watch.Hold
	if *hold {
		h = watch.NewHold()
		cfg.Gate = h.Gate
	}
	var rec *watch.Recorder
	if *record != "" || *ui {
		if *record != "" {
			if err := os.MkdirAll(*record, 0o755); err != nil {
				return err
			}
		}
		rec = newRecorder(*record, stderr, func(id uint64) {
			if h != nil {
				h.Forget(id)
			}
		})
		observers = append(observers, rec.Observe)
	}
	cfg.Observer = func(ev proxy.Event) {
		for _, o := range observers {
			o(ev)
		}
	}
	p, err := proxy.New(cfg)
	if err != nil {
		return usageError{err.Error()}
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ftplab proxy: %s -> %s (Ctrl-C stops)\n", ln.Addr(), cfg.Upstream)
	if *ui {
		return proxyUI(ctx, p, ln, cfg.Upstream, livesession.New(rec, h))
	}
	return p.Serve(ctx, ln)
}

// proxyUI serves the proxy while the stepper shows its sessions; quitting
// the UI stops the proxy.
func proxyUI(ctx context.Context, p *proxy.Proxy, ln net.Listener, upstream string, w *livesession.Watcher) error {
	ctx, cancel := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- p.Serve(ctx, ln) }()
	err := runLiveUI(ctx, w, fmt.Sprintf("ftplab proxy %s -> %s: live sessions", ln.Addr(), upstream))
	cancel()
	<-served
	return err
}

// newRecorder returns a recorder that writes each session into dir as it
// ends, then calls onClose (if not nil) with its id.
func newRecorder(dir string, stderr io.Writer, onClose func(id uint64)) *watch.Recorder {
	var rec *watch.Recorder
	rec = watch.NewRecorder(func(id uint64) {
		if dir != "" {
			saveSession(rec, id, dir, stderr)
		}
		if onClose != nil {
			onClose(id)
		}
	})
	return rec
}

// saveSession writes session id as DIR/session-ID.json, the lab's
// timeline format (sim.RenderJSON), which the stepper opens.
func saveSession(rec *watch.Recorder, id uint64, dir string, stderr io.Writer) {
	tl, err := rec.Timeline(id)
	if err == nil {
		var js []byte
		if js, err = sim.RenderJSON(tl); err == nil {
			err = os.WriteFile(filepath.Join(dir, fmt.Sprintf("session-%d.json", id)), js, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "ftplab: record session %d: %v\n", id, err)
	}
}

// linePrinter prints each event on one line of w as format writes it;
// events come from many sessions' goroutines at once.
func linePrinter[E any](w io.Writer, format func(E) string) func(E) {
	var mu sync.Mutex
	return func(ev E) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(w, format(ev))
	}
}

// formatEvent is one event as a line: time, session, what happened.
func formatEvent(ev proxy.Event) string {
	head := fmt.Sprintf("%s s%d ", ev.Time.Format("15:04:05.000"), ev.Session)
	var body string
	switch ev.Kind {
	case proxy.SessionOpen:
		body = fmt.Sprintf("session: client %s, server %s", ev.Client, ev.Server)
	case proxy.SessionClose:
		body = "session closed"
	case proxy.ClientLine:
		body = "> " + maskPass(ev.Line)
		if ev.Sent != ev.Line && ev.Sent != "" {
			body += "   (relayed as " + ev.Sent + ")"
		}
	case proxy.ServerLine:
		body = "< " + ev.Line
		if ev.Sent != ev.Line {
			body += "   (relayed as " + ev.Sent + ")"
		}
	case proxy.Refused:
		body = "refused: " + ev.Line
	case proxy.DataListen:
		body = fmt.Sprintf("data: proxy listens on %s", ev.Local)
	case proxy.DataOpen:
		body = fmt.Sprintf("data: %s -> %s through the proxy", ev.From, ev.To)
	case proxy.DataBytes:
		body = fmt.Sprintf("data: %s -> %s: %d bytes down, %d up, that side closed", ev.From, ev.To, ev.Down, ev.Up)
	case proxy.DataClose:
		body = fmt.Sprintf("data: %s -> %s closed, %d bytes down, %d up", ev.From, ev.To, ev.Down, ev.Up)
	case proxy.DataFailed:
		body = fmt.Sprintf("data: failed: %v", ev.Err)
	case proxy.Opaque:
		body = "control connection encrypted (AUTH TLS)"
	}
	if ev.Note != "" {
		body += "\n" + fmt.Sprintf("%*s! %s", len(head), "", ev.Note)
	}
	return head + body
}

// maskPass hides a password in a PASS line.
func maskPass(line string) string {
	if len(line) > 5 && (line[:5] == "PASS " || line[:5] == "pass ") {
		return line[:5] + "****"
	}
	return line
}
