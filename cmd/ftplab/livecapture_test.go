package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"ftplab/realnet/capture"
)

// dumpcap captures on one loopback interface until stopped.
type dumpcap struct {
	cmd  *exec.Cmd
	file string
}

// startDumpcap starts dumpcap and waits (up to 10 s) until it captures.
func startDumpcap(t *testing.T, iface, link, filter, file string) *dumpcap {
	t.Helper()
	args := []string{"-q", "-i", iface, "-f", filter, "-w", file}
	if link != "" {
		args = append(args, "-y", link)
	}
	cmd := exec.Command("dumpcap", args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "Capturing on") {
				ready <- true
			}
		}
		ready <- false
	}()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatalf("dumpcap %v ended before capturing", args)
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("dumpcap %v: not capturing after 10 s", args)
	}
	return &dumpcap{cmd, file}
}

func (d *dumpcap) stop(t *testing.T) {
	d.cmd.Process.Signal(syscall.SIGTERM) // by its own pid
	done := make(chan error, 1)
	go func() { done <- d.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		d.cmd.Process.Kill()
		t.Fatalf("dumpcap on %s did not stop", d.file)
	}
}

// TestLiveCapture: a real download from "ftplab serve" on loopback,
// captured by the kernel on lo (Ethernet) and on "any" (Linux cooked v1
// and v2), is found, linked and counted by the analysis.
func TestLiveCapture(t *testing.T) {
	if _, err := exec.LookPath("dumpcap"); err != nil {
		if os.Getenv("FTPLAB_REQUIRE_PEERS") == "1" {
			t.Fatal("dumpcap not installed (apt-get install tshark)")
		}
		t.Skip("dumpcap not installed (apt-get install tshark)")
	}
	if os.Geteuid() != 0 {
		t.Skip("capturing on loopback needs root")
	}
	dir := t.TempDir()
	root := filepath.Join(dir, "root")
	os.Mkdir(root, 0o755)
	const size = 300000
	os.WriteFile(filepath.Join(root, "f.bin"), make([]byte, size), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	served := make(chan error, 1)
	go func() {
		served <- runServe(ctx, []string{"--addr", "127.0.0.1:0", "--root", root, "--pasv-ports", "47110-47119"}, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	url := strings.TrimSpace(line[strings.Index(line, "ftp://"):])
	port := url[strings.LastIndex(url, ":")+1:]
	port = strings.TrimSuffix(port, "/")
	filter := "tcp and host 127.0.0.1 and (port " + port + " or portrange 47110-47119)"
	caps := []*dumpcap{
		startDumpcap(t, "lo", "", filter, filepath.Join(dir, "lo.pcapng")),
		startDumpcap(t, "any", "LINUX_SLL", filter, filepath.Join(dir, "sll.pcapng")),
		startDumpcap(t, "any", "LINUX_SLL2", filter, filepath.Join(dir, "sll2.pcapng")),
	}
	// Probe sessions until every capture shows one: "Capturing on" comes
	// a little before the filter is attached.
	addr := strings.TrimPrefix(strings.TrimSuffix(url, "/"), "ftp://")
	for _, c := range caps {
		waitCapture(t, c.file, func(r *capture.Result) bool { return r != nil }, func() {
			if probe, err := net.Dial("tcp", addr); err == nil {
				bufio.NewReader(probe).ReadString('\n')
				probe.Close()
			}
		})
	}
	err = runGet(ctx, []string{strings.TrimSuffix(url, "/") + "/f.bin", "-o", filepath.Join(dir, "got.bin")}, io.Discard, io.Discard)
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	for _, c := range caps { // until the capture holds the whole download
		waitCapture(t, c.file, func(r *capture.Result) bool { return download(r) != nil }, func() {})
		c.stop(t)
	}
	cancel()
	<-served
	for _, c := range caps {
		res, err := capture.AnalyzeFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		s := download(res)
		if s == nil || s.Server.Port() == 21 || len(s.Attempts[0].Data) != 1 || s.Attempts[0].Data[0].Bytes != size {
			t.Errorf("%s: no whole download among %d sessions", filepath.Base(c.file), len(res.Sessions))
		}
	}
}

// download is the session that downloaded the file, whole and ok.
func download(r *capture.Result) *capture.Session {
	for _, s := range r.Sessions {
		if len(s.Attempts) == 1 && strings.HasPrefix(s.Attempts[0].Command, "RETR") && s.Outcome == "ok" &&
			len(s.Attempts[0].Data) == 1 && s.Attempts[0].Data[0].Bytes == 300000 {
			return s
		}
	}
	return nil
}

// waitCapture analyses a capture being written until done says it holds
// what is wanted, for up to 10 s (a block being written may be cut).
func waitCapture(t *testing.T, file string, done func(*capture.Result) bool, poke func()) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		poke()
		r, err := capture.AnalyzeFile(file)
		if err == nil && done(r) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not there after 10 s (last: %v)", file, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
