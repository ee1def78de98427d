package main

import (
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/cmd/internal/tui"
	"ftplab/cmd/internal/tui/livesession"
	"ftplab/realnet/ftpd"
	"ftplab/realnet/proxy"
	"ftplab/realnet/watch"
)

// showLive runs the stepper on w's sessions on a simulated screen.
func showLive(t *testing.T, w *livesession.Watcher) lockedScreen {
	t.Helper()
	s := lockedScreen{tcell.NewSimulationScreen(""), &sync.Mutex{}}
	opts := liveOptions(w, "live test")
	opts.Screen = s
	app := tui.New(opts)
	s.SetSize(160, 50)
	end := make(chan error, 1)
	go func() { end <- app.Run() }()
	t.Cleanup(func() { app.Stop(); <-end })
	return s
}

var stepRE = regexp.MustCompile(`step (\d+)/(\d+)`)

// status reads the stepper's step and the timeline's length.
func status(s lockedScreen) (step, n int) {
	m := stepRE.FindStringSubmatch(screenText(s))
	if m == nil {
		return -1, -1
	}
	step, _ = strconv.Atoi(m[1])
	n, _ = strconv.Atoi(m[2])
	return step, n
}

// TestProxyHoldUI: with --hold, a real curl download through the proxy
// waits on the first line (the server's greeting, named in the lesson
// pane) until stepped, and stepping one key at a time walks it through
// to the end: curl gets its file, the timeline shows RETR and 226.
func TestProxyHoldUI(t *testing.T) {
	rec := watch.NewRecorder(nil)
	hold := watch.NewHold()
	addr := loopProxy(t, loopServer(t, nil), proxy.Config{Observer: rec.Observe, Gate: hold.Gate})
	s := showLive(t, livesession.New(rec, hold))
	waitFor(t, s, "No client yet")
	curl := curlGet(t, addr)
	exited := make(chan error, 1)
	go func() { exited <- curl.Wait() }()
	waitFor(t, s, "Held now: server: 220")
	if tl, _ := rec.Timeline(1); strings.Contains(strings.Join(tl.Labels(), " "), "reply.220") {
		t.Fatal("the greeting crossed the proxy before any step")
	}
	select {
	case err := <-exited:
		t.Fatalf("curl ended before any step: %v", err)
	default:
	}
	var curlErr error
	deadline := time.Now().Add(40 * time.Second)
	for i, done := 0, false; !done; i++ {
		if i > 300 || time.Now().After(deadline) {
			t.Fatalf("curl not done after %d steps:%s", i, screenText(s))
		}
		before, _ := status(s)
		s.InjectKey(tcell.KeyRight, 0, tcell.ModNone)
		// Each key shows the next step (a held line let through);
		// after the last one curl exits.
		for step, _ := status(s); step == before && !done && time.Now().Before(deadline); step, _ = status(s) {
			select {
			case curlErr = <-exited:
				done = true
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	if curlErr != nil {
		t.Fatalf("curl through the held proxy: %v", curlErr)
	}
	tl, _ := rec.Timeline(1)
	for _, l := range []string{"cmd.RETR", "reply.226", "data.bytes"} {
		if !strings.Contains(" "+strings.Join(tl.Labels(), " ")+" ", " "+l+" ") {
			t.Errorf("no %s in %v", l, tl.Labels())
		}
	}
	waitFor(t, s, "reply.226")
}

// TestServeWatchUI: serve --watch's recorder shows a real curl session
// with the server's own view, in the session list and the timeline.
func TestServeWatchUI(t *testing.T) {
	var rec *watch.Recorder
	addr := loopServer(t, func(c *ftpd.Config) {
		rec, _ = serveObservers(serveOptions{watch: true}, nil, c, io.Discard, io.Discard)
	})
	s := showLive(t, livesession.New(rec, nil))
	waitFor(t, s, "No client yet")
	if err := curlGet(t, addr).Wait(); err != nil {
		t.Fatalf("curl: %v", err)
	}
	waitFor(t, s, "reply.226")
	waitFor(t, s, "▶ 1  client 127.0.0.1:")
	waitFor(t, s, "server sends 3500 bytes")
}
