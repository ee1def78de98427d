//go:build unix

package main

import (
	"bufio"
	"bytes"
	"errors"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"ftplab/realnet/ftpd"
	"ftplab/sim"
)

// TestServeWatchWithoutTerminal runs the real binary in a new session
// (no controlling terminal, as under cron or systemd) with --watch and
// --record: it says once on stderr that it prints the events instead,
// keeps serving (a curl download works), prints the session's events
// as lines, records the session, and exits 0 on SIGTERM. The recording
// opens as ftplab open reads it and renders back to the same bytes.
func TestServeWatchWithoutTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := binary(t)
	root, recDir := t.TempDir(), filepath.Join(t.TempDir(), "rec")
	if err := os.WriteFile(filepath.Join(root, "f.txt"), []byte(strings.Repeat("ftplab\n", 500)), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--watch", "--record", recDir, "--root", root, "--addr", "127.0.0.1:0")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		exited <- cmd.Wait()
	}()
	defer cmd.Process.Kill()

	welcome := nextLine(t, lines, regexp.MustCompile(`serving .* on (127\.0\.0\.1:\d+) `))
	addr := regexp.MustCompile(`on (127\.0\.0\.1:\d+) `).FindStringSubmatch(welcome)[1]
	if err := curlGet(t, addr).Wait(); err != nil {
		t.Fatalf("curl from the server: %v", err)
	}
	for _, want := range []string{`> RETR f\.txt$`, `data: RETR sent 3500 bytes, closed$`, `< 226 `, `session closed$`} {
		nextLine(t, lines, regexp.MustCompile(`^\d\d:\d\d:\d\d\.\d{3} s1 `+want))
	}
	file := filepath.Join(recDir, "session-1.json")
	waitFile(t, file)

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v; stderr:\n%s", err, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("still running 20 s after SIGTERM")
	}
	first, _, _ := strings.Cut(errb.String(), "\n")
	if !strings.HasPrefix(first, "ftplab serve: no terminal to draw on") || !strings.HasSuffix(first, "--watch prints the sessions' events as lines instead") {
		t.Errorf("first line on stderr %q, want the one about the terminal", first)
	}
	checkRoundTrip(t, file)
}

// checkRoundTrip opens a recorded session as ftplab open does and checks
// it holds the download and renders back to the same bytes.
func checkRoundTrip(t *testing.T, file string) {
	t.Helper()
	list, err := openSessions([]string{file})
	if err != nil || len(list) != 1 || list[0].tl == nil {
		t.Fatalf("open %s: %d sessions, %v", file, len(list), err)
	}
	labels := " " + strings.Join(list[0].tl.Labels(), " ") + " "
	for _, want := range []string{"control.connect", "cmd.PASV", "reply.227", "data.connect", "cmd.RETR", "reply.226", "data.close"} {
		if !strings.Contains(labels, " "+want+" ") {
			t.Errorf("reopened recording has no %s: %s", want, labels)
		}
	}
	again, err := sim.RenderJSON(list[0].tl)
	b, _ := os.ReadFile(file)
	if err != nil || !bytes.Equal(again, b) {
		t.Errorf("the reopened recording renders differently (%v):\n%s\nwant\n%s", err, again, b)
	}
}

// nextLine returns the next line matching re, within 20 s.
func nextLine(t *testing.T, lines <-chan string, re *regexp.Regexp) string {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("stdout ended before a line matching %s", re)
			}
			if re.MatchString(l) {
				return l
			}
		case <-deadline:
			t.Fatalf("no line matching %s within 20 s", re)
		}
	}
}

// waitFile waits up to 10 s for file to exist.
func waitFile(t *testing.T, file string) {
	t.Helper()
	for range 500 {
		if _, err := os.Stat(file); err == nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s not written within 10 s", file)
}

// TestFormatServerEvent: each kind of server event as its line.
func TestFormatServerEvent(t *testing.T) {
	at := time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC)
	c, s := netip.MustParseAddrPort("10.0.0.2:40000"), netip.MustParseAddrPort("10.0.0.1:21")
	for _, tc := range []struct {
		ev   ftpd.Event
		want string
	}{
		{ftpd.Event{Kind: ftpd.SessionOpen, Client: c, Server: s}, "session: client 10.0.0.2:40000, server 10.0.0.1:21"},
		{ftpd.Event{Kind: ftpd.Command, Line: "PORT 10,0,0,2,156,65"}, "> PORT 10,0,0,2,156,65"},
		{ftpd.Event{Kind: ftpd.Reply, Line: "200 PORT command successful."}, "< 200 PORT command successful."},
		{ftpd.Event{Kind: ftpd.TLSStart}, "control connection encrypted (AUTH TLS)"},
		{ftpd.Event{Kind: ftpd.DataListen, Local: s}, "data: listening on 10.0.0.1:21"},
		{ftpd.Event{Kind: ftpd.DataOpen, From: s, To: c}, "data: 10.0.0.1:21 -> 10.0.0.2:40000 (active: the server dialled)"},
		{ftpd.Event{Kind: ftpd.DataFailed, Passive: true, Err: errors.New("no data connection")}, "data: failed (passive: the client dialled): no data connection"},
		{ftpd.Event{Kind: ftpd.DataClose, Verb: "STOR", Upload: true, Bytes: 7, Err: errors.New("reset")}, "data: STOR received 7 bytes, closed (reset)"},
		{ftpd.Event{Kind: ftpd.SessionClose}, "session closed"},
	} {
		tc.ev.Session, tc.ev.Time = 4, at
		if got := formatServerEvent(tc.ev); got != "03:00:00.000 s4 "+tc.want {
			t.Errorf("%v: got %q, want %q", tc.ev.Kind, got, tc.want)
		}
	}
}
