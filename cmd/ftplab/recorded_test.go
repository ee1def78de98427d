package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"ftplab/cmd/internal/tui"
	"ftplab/realnet"
	"ftplab/realnet/ftpd"
	"ftplab/realnet/peertest"
	"ftplab/realnet/proxy"
	"ftplab/sim"
)

// loopServer starts ftplab's server on loopback over a directory holding
// f.txt and returns its address.
func loopServer(t *testing.T, edit func(*ftpd.Config)) string {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "f.txt"), []byte(strings.Repeat("ftplab\n", 500)), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := ftpd.Config{Root: root, Anonymous: true, IdleTimeout: 20 * time.Second, DataTimeout: 10 * time.Second}
	if edit != nil {
		edit(&cfg)
	}
	srv, err := ftpd.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := realnet.OS{}.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// loopProxy starts a proxy on loopback to upstream with cfg's hooks and
// returns the address clients dial.
func loopProxy(t *testing.T, upstream string, cfg proxy.Config) string {
	t.Helper()
	cfg.Upstream = upstream
	p, err := proxy.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Serve(ctx, ln); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return ln.Addr().String()
}

// curlGet starts curl fetching f.txt from addr in passive mode (EPSV
// off, so the 227 is seen) and returns its command, started.
func curlGet(t *testing.T, addr string) *exec.Cmd {
	t.Helper()
	curl := peertest.Require(t, "curl")
	cmd := exec.Command(curl, "-sS", "--max-time", "20", "--disable-epsv", "-o", os.DevNull, "ftp://"+addr+"/f.txt")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// TestOpenRecording: a real curl session through the proxy, recorded with
// --record's writer, opens in the stepper with the same timeline and
// steps forward to the 226 and the helper's reading of the 227.
func TestOpenRecording(t *testing.T) {
	dir := t.TempDir()
	closed := make(chan uint64, 1)
	rec := newRecorder(dir, io.Discard, func(id uint64) { closed <- id })
	addr := loopProxy(t, loopServer(t, nil), proxy.Config{Observer: rec.Observe})
	if err := curlGet(t, addr).Wait(); err != nil {
		t.Fatalf("curl through the proxy: %v", err)
	}
	var id uint64
	select {
	case id = <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("the session did not end within 10 s of curl's exit")
	}
	want, _ := rec.Timeline(id)
	list, err := openSessions([]string{filepath.Join(dir, "session-1.json")})
	if err != nil || len(list) != 1 {
		t.Fatalf("open the recording: %d sessions, %v", len(list), err)
	}
	opts, _ := list[0].options()
	if opts.Run.Scenario != observedScenario || opts.Run.Mode != "PASV" {
		t.Errorf("framed by %s %s, want %s PASV", opts.Run.Scenario, opts.Run.Mode, observedScenario)
	}
	sess, _ := opts.Start(context.Background(), opts.Run)
	if got, want := strings.Join(sess.Timeline().Labels(), " "), strings.Join(want.Labels(), " "); got != want {
		t.Errorf("reopened labels\n%s\nwant\n%s", got, want)
	}
	for i := range want.Len() + 1 {
		if a, b := stateAt(t, sess.Timeline(), i), stateAt(t, want, i); a != b {
			t.Errorf("reopened state after step %d:\n%s\nwant\n%s", i, a, b)
		}
	}
	s := lockedScreen{tcell.NewSimulationScreen(""), &sync.Mutex{}}
	opts.Screen = s
	app := tui.New(opts)
	s.SetSize(160, 50)
	end := make(chan error, 1)
	go func() { end <- app.Run() }()
	defer func() { app.Stop(); <-end }()
	waitFor(t, s, "Recorded session")
	stepTo(t, s, 0, want.Len(), want.Len())
	// Back to the helper's reading of the 227: its text is the step's.
	k := slices.Index(want.Labels(), "helper.parse") + 1
	if k == 0 {
		t.Fatalf("no helper.parse in %v", want.Labels())
	}
	stepTo(t, s, want.Len(), k, want.Len())
	waitFor(t, s, "FTP helper reads 227")
}

// stepTo moves the stepper from step from to step to of n, one key at a
// time, each seen on the status line (the simulated screen's key queue is
// short).
func stepTo(t *testing.T, s lockedScreen, from, to, n int) {
	t.Helper()
	key, d := tcell.KeyRight, 1
	if to < from {
		key, d = tcell.KeyLeft, -1
	}
	for i := from; i != to; {
		s.InjectKey(key, 0, tcell.ModNone)
		i += d
		waitFor(t, s, fmt.Sprintf("step %d/%d", i, n))
	}
}

// stateAt is the connections after step i, as text.
func stateAt(t *testing.T, tl *sim.Timeline, i int) string {
	t.Helper()
	st, err := tl.At(i)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%+v", st.Conns)
}
