package main

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/cmd/internal/tui"
	"ftplab/sim"
	"ftplab/sim/golden"
)

// lockedScreen serialises the UI's drawing (Show, Sync) with the test's
// reading of the screen: from outside package tui the test cannot queue
// its reads on the UI goroutine.
type lockedScreen struct {
	tcell.SimulationScreen
	mu *sync.Mutex
}

func (l lockedScreen) Show() { l.mu.Lock(); defer l.mu.Unlock(); l.SimulationScreen.Show() }
func (l lockedScreen) Sync() { l.mu.Lock(); defer l.mu.Unlock(); l.SimulationScreen.Sync() }

func screenText(s lockedScreen) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	cells, w, _ := s.GetContents()
	var b strings.Builder
	for i, c := range cells {
		if i%w == 0 {
			b.WriteByte('\n')
		}
		if len(c.Runes) > 0 {
			b.WriteRune(c.Runes[0])
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// TestOpenCapture: the kernel's capture of scenario c in active mode opens
// in the stepper framed by scenario c, explains itself in the lesson pane,
// and steps forward to the server's 425.
func TestOpenCapture(t *testing.T) {
	file := filepath.Join(golden.Oracle(t), "captures", "c-PORT-rc.pcap")
	list, err := openSessions([]string{file})
	if err != nil {
		t.Skipf("no kernel capture: %v", err)
	}
	opts, err := list[0].options()
	if err != nil {
		t.Fatal(err)
	}
	if opts.Run.Scenario != "c" || opts.Run.Mode != "PORT" {
		t.Errorf("framed by %s %s, want c PORT", opts.Run.Scenario, opts.Run.Mode)
	}
	sess, err := opts.Start(context.Background(), sim.Run{})
	if err != nil {
		t.Fatal(err)
	}
	tl, _ := list[0].s.Timeline()
	if got, want := strings.Join(sess.Timeline().Labels(), " "), strings.Join(tl.Labels(), " "); got != want {
		t.Errorf("replayed labels %s, want %s", got, want)
	}
	s := lockedScreen{tcell.NewSimulationScreen(""), &sync.Mutex{}}
	opts.Screen = s
	app := tui.New(opts)
	s.SetSize(160, 50)
	end := make(chan error, 1)
	go func() { end <- app.Run() }()
	defer func() {
		app.Stop()
		<-end
	}()
	waitFor(t, s, "Likely culprit")
	for range tl.Len() {
		s.InjectKey(tcell.KeyRight, 0, tcell.ModNone)
	}
	waitFor(t, s, "reply.425")
}

func waitFor(t *testing.T, s lockedScreen, text string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(screenText(s), text) {
		if time.Now().After(deadline) {
			t.Fatalf("%q never on screen:%s", text, screenText(s))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
