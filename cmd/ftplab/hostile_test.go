package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// A hostile or broken FTP server on loopback, for the client commands:
// it logs anyone in, answers EPSV, SIZE and REST, and serves RETR and
// LIST with what the test's retr function writes. Every connection is
// bounded by hostileDeadline.

const hostileDeadline = 10 * time.Second

type hostile struct {
	size int64 // SIZE's answer; -1: 502
	// retr writes the data of a RETR from offset (REST) to w and says
	// whether the server then sends 226.
	retr  func(w io.Writer, offset int64) bool
	start string // the 150 reply
	wg    sync.WaitGroup
	ln    net.Listener
}

// serve starts h and returns its address.
func (h *hostile) serve(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h.ln = ln
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			h.wg.Add(1)
			go func() {
				defer h.wg.Done()
				defer c.Close()
				c.SetDeadline(time.Now().Add(hostileDeadline))
				h.session(c)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		h.wg.Wait()
	})
	return ln.Addr().String()
}

func (h *hostile) session(c net.Conn) {
	r := bufio.NewReader(c)
	reply := func(s string) { io.WriteString(c, s+"\r\n") }
	reply("220 hostile")
	var data net.Listener
	var offset int64
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(strings.TrimRight(line, "\r\n"), " ")
		switch strings.ToUpper(verb) {
		case "USER":
			reply("331 password")
		case "PASS":
			reply("230 logged in")
		case "EPSV":
			if data, err = net.Listen("tcp4", "127.0.0.1:0"); err != nil {
				reply("425 " + err.Error())
				continue
			}
			reply(fmt.Sprintf("229 Entering Extended Passive Mode (|||%d|)", data.Addr().(*net.TCPAddr).Port))
		case "SIZE":
			if h.size < 0 {
				reply("502 no SIZE")
			} else {
				reply("213 " + strconv.FormatInt(h.size, 10))
			}
		case "REST":
			offset, _ = strconv.ParseInt(arg, 10, 64)
			reply("350 Restart position accepted.")
		case "RETR", "LIST":
			h.transfer(data, offset, reply)
			data, offset = nil, 0
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("200 ok")
		}
	}
}

func (h *hostile) transfer(data net.Listener, offset int64, reply func(string)) {
	if data == nil {
		reply("425 no data connection")
		return
	}
	reply(h.start)
	d, err := data.Accept()
	data.Close()
	if err != nil {
		reply("425 " + err.Error())
		return
	}
	d.SetDeadline(time.Now().Add(hostileDeadline))
	ok := h.retr(d, offset)
	d.Close()
	if ok {
		reply("226 Transfer complete.")
	}
}

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// TestMain removes the binary the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

// binary builds ftplab once for the tests that run it as a process.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ftplab-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "ftplab")
		out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// endlessData writes until the client goes away and reports, on started,
// once it has sent 1 MiB, and on stopped when a write fails.
func endlessData(started, stopped chan<- struct{}) func(w io.Writer, _ int64) bool {
	return func(w io.Writer, _ int64) bool {
		buf := make([]byte, 64<<10)
		var n int
		for {
			m, err := w.Write(buf)
			if err != nil {
				close(stopped)
				return true // "226" anyway: a broken server
			}
			if n < 1<<20 && n+m >= 1<<20 {
				close(started)
			}
			n += m
		}
	}
}

// Ctrl-C or SIGTERM during a download from a server that never stops:
// ftplab exits within a second, the server's data connection is closed,
// and nothing is left under the target name.
func TestSignalStopsDownload(t *testing.T) {
	bin := binary(t)
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			started, stopped := make(chan struct{}), make(chan struct{})
			h := &hostile{size: -1, start: "150 here it comes", retr: endlessData(started, stopped)}
			addr := h.serve(t)
			target := filepath.Join(t.TempDir(), "big.iso")
			var stderr bytes.Buffer
			cmd := exec.Command(bin, "get", "ftp://"+addr+"/big.iso", "-o", target, "--timeout", "10s")
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			select {
			case <-started:
			case err := <-exited:
				t.Fatalf("ftplab exited before the transfer: %v\n%s", err, &stderr)
			case <-time.After(hostileDeadline):
				cmd.Process.Kill()
				t.Fatal("no transfer under way")
			}
			cmd.Process.Signal(sig)
			timer := time.NewTimer(time.Second)
			defer timer.Stop()
			select {
			case err := <-exited:
				if err == nil {
					t.Errorf("exit status 0 after %v", sig)
				}
			case <-timer.C:
				cmd.Process.Kill()
				<-exited
				t.Fatalf("ftplab still running 1 s after %v", sig)
			}
			select {
			case <-stopped:
			case <-timer.C:
				t.Errorf("the data connection still open 1 s after %v", sig)
			}
			if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s exists after %v (%v)", target, sig, err)
			}
		})
	}
}

// A transfer cut short and then "226": get fails, nothing under the
// target name, the bytes that came kept in the .part file.
func TestShortTransferFails(t *testing.T) {
	for _, tc := range []struct {
		name  string
		size  int64
		start string
	}{
		{"SIZE", 5000, "150 here it comes"},
		{"150 announces", -1, "150 Opening BINARY mode data connection for f (5000 bytes)."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := &hostile{size: tc.size, start: tc.start, retr: func(w io.Writer, _ int64) bool {
				w.Write(make([]byte, 1000))
				return true
			}}
			addr := h.serve(t)
			target := filepath.Join(t.TempDir(), "f")
			code, _, errOut := ftplab(t, "get", "ftp://"+addr+"/f", "-o", target)
			if code != 1 || !strings.Contains(errOut, "short transfer: 1000 of 5000 bytes") {
				t.Errorf("exit %d, stderr %q; want 1 and a short transfer", code, errOut)
			}
			if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s exists (%v)", target, err)
			}
			if st, err := os.Stat(target + ".part"); err != nil || st.Size() != 1000 {
				t.Errorf("%s.part: %v, want 1000 bytes", target, err)
			}
		})
	}
}

// A get killed (SIGKILL) in the middle leaves its .part file; get
// --resume continues from it with REST and ends with the whole file.
func TestResumeAfterKill(t *testing.T) {
	bin := binary(t)
	file := make([]byte, 300000)
	for i := range file {
		file[i] = byte(i * 7)
	}
	const first = 100000
	release := make(chan struct{})
	var sessions sync.Mutex
	n := 0
	h := &hostile{size: int64(len(file)), start: "150 here it comes", retr: func(w io.Writer, off int64) bool {
		sessions.Lock()
		n++
		firstSession := n == 1
		sessions.Unlock()
		if firstSession { // send a part, then hang until killed
			w.Write(file[:first])
			<-release
			return false
		}
		w.Write(file[off:])
		return true
	}}
	addr := h.serve(t)
	defer close(release)
	target := filepath.Join(t.TempDir(), "f")
	cmd := exec.Command(bin, "get", "ftp://"+addr+"/f", "-o", target, "--timeout", "10s")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(hostileDeadline); ; time.Sleep(5 * time.Millisecond) {
		if st, err := os.Stat(target + ".part"); err == nil && st.Size() == first {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the .part file never reached the first part's size")
		}
	}
	cmd.Process.Kill()
	cmd.Wait()

	code, _, errOut := ftplab(t, "get", "--resume", "--trace", "ftp://"+addr+"/f", "-o", target)
	if code != 0 || !strings.Contains(errOut, "> REST "+strconv.Itoa(first)) {
		t.Fatalf("get --resume: exit %d, stderr %s", code, errOut)
	}
	if got, _ := os.ReadFile(target); !bytes.Equal(got, file) {
		t.Errorf("resumed file: %d bytes, differs from the %d served", len(got), len(file))
	}
	if _, err := os.Stat(target + ".part"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the .part file is still there (%v)", err)
	}
}

// ls hands the listing on as it arrives: from a server whose listing
// never ends, standard output has its first MiB while the server still
// sends (the old ls held everything until the end).
func TestLsStreams(t *testing.T) {
	started, stopped := make(chan struct{}), make(chan struct{})
	h := &hostile{start: "150 listing", retr: endlessData(started, stopped)}
	addr := h.serve(t)
	out := &stopAfter{n: 4 << 20, serverDone: stopped}
	ctx, cancel := context.WithTimeout(context.Background(), hostileDeadline)
	defer cancel()
	var errOut bytes.Buffer
	code := run(ctx, []string{"ls", "ftp://" + addr + "/", "--timeout", "10s"}, out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), errEnough.Error()) {
		t.Fatalf("ls: exit %d, stderr %q; want the output's error once 4 MiB were written", code, errOut.String())
	}
	if out.lateStart {
		t.Error("ls wrote nothing until the server had stopped sending: the listing was held in memory")
	}
	select {
	case <-stopped:
	case <-time.After(time.Second):
		t.Error("the server could still send 1 s after ls ended")
	}
}

// stopAfter is an output that takes n bytes and then fails. It notes
// whether its first write came after serverDone was closed.
type stopAfter struct {
	n          int
	serverDone <-chan struct{}
	started    bool
	lateStart  bool
}

var errEnough = errors.New("output full")

func (s *stopAfter) Write(p []byte) (int, error) {
	if !s.started {
		s.started = true
		select {
		case <-s.serverDone:
			s.lateStart = true
		default:
		}
	}
	if s.n -= len(p); s.n <= 0 {
		return 0, errEnough
	}
	return len(p), nil
}
