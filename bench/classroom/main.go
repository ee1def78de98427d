// Command classroom is the load test of ftplab classroom: N simulated
// students (SSH clients in Go, each with a PTY) log in at once, step
// through their lesson and answer its checkpoints. Each student feeds
// what the server sends to a model of its screen (term.go); a key is timed
// from its sending to the write that makes the screen show its effect:
// the status bar's step one less for ←, a changed screen for an answer,
// and for → both the first changed screen and the next step (or the
// checkpoint asked instead). It reports those latencies, frames and bytes
// received per key, the server's RSS per student, its CPU time, and
// sessions lost. FTPLAB_CPUPROFILE=FILE in the environment makes the
// server write a CPU profile.
//
//	go build -o /tmp/ftplab ./cmd/ftplab
//	go run ./bench/classroom -ftplab /tmp/ftplab -students 60 -keys 30
//	go run ./bench/classroom -ftplab /tmp/ftplab -students 60 -keys 15 -think 1s
//	go run ./bench/classroom -ftplab /tmp/ftplab -students 60 -keys 15 -think 1s -spread
package main

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	bin := flag.String("ftplab", "", "the ftplab binary to serve the class")
	n := flag.Int("students", 60, "students connected at once")
	keys := flag.Int("keys", 30, "keys each student sends")
	think := flag.Duration("think", 0, "a student's pause after each frame, before the next key (0: at once)")
	spread := flag.Bool("spread", false, "students start within the first think time, each pause between half and 1.5 think (else all in step)")
	flag.Parse()
	if *bin == "" {
		fmt.Fprintln(os.Stderr, "usage: classroom -ftplab BIN [-students N] [-keys K]")
		os.Exit(2)
	}
	if err := run(*bin, *n, *keys, pace{*think, *spread}); err != nil {
		fmt.Fprintln(os.Stderr, "classroom bench:", err)
		os.Exit(1)
	}
}

const code = "benchcode"

func run(bin string, n, keys int, think pace) error {
	dir, err := os.MkdirTemp("", "classroom-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	srv := exec.Command(bin, "classroom", "--headless", "--listen", addr, "--code", code,
		"--max-per-address", strconv.Itoa(n+1), "--max-students", strconv.Itoa(n))
	srv.Env = append(os.Environ(), "XDG_STATE_HOME="+dir)
	out, err := srv.StdoutPipe()
	if err != nil {
		return err
	}
	if err := srv.Start(); err != nil {
		return err
	}
	defer stopServer(srv)
	if err := waitLine(out, "join code", 10*time.Second); err != nil {
		return err
	}
	base, err := rssKiB(srv.Process.Pid)
	if err != nil {
		return err
	}
	cpu0, _ := cpuTime(srv.Process.Pid)
	own0 := ownCPU()
	t0 := time.Now()
	peak := base
	sampled := make(chan struct{})
	stop := make(chan struct{})
	go func() { // the server's peak RSS while the class works
		defer close(sampled)
		for {
			if kib, err := rssKiB(srv.Process.Pid); err == nil {
				peak = max(peak, kib)
			}
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	results := make([]result, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	ready := make(chan struct{}, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = student(addr, fmt.Sprintf("student%02d", i), keys, think, ready, start)
		}()
	}
	for range n { // everyone connected (or failed) before anyone steps
		<-ready
	}
	close(start)
	wg.Wait()
	close(stop)
	<-sampled
	cpu1, _ := cpuTime(srv.Process.Pid)
	own := ownCPU() - own0
	report(results, n, keys, base, peak)
	wall := time.Since(t0)
	fmt.Printf("server CPU: %.1f s in %.1f s wall (%.2f cores)\n", (cpu1 - cpu0).Seconds(), wall.Seconds(), (cpu1-cpu0).Seconds()/wall.Seconds())
	fmt.Printf("the students' own CPU (this process, same cores): %.1f s (%.2f cores)\n", own.Seconds(), own.Seconds()/wall.Seconds())
	return nil
}

// report prints the figures.
func report(results []result, n, keys int, base, peak int) {
	var lat, ans, first, step []time.Duration
	lost, answers, silent, keysSent, frames, bytes := 0, 0, 0, 0, 0, 0
	for i, r := range results {
		keysSent += r.keys
		frames += r.frames
		bytes += r.bytes
		lat = append(lat, r.lat...)
		ans = append(ans, r.ans...)
		first = append(first, r.first...)
		step = append(step, r.step...)
		answers += r.answers
		silent += r.silent
		if r.err != nil {
			lost++
			fmt.Printf("student%02d lost: %v\n", i, r.err)
		}
	}
	fmt.Printf("students %d, keys each %d, checkpoints answered %d, keys that changed nothing %d\n", n, keys, answers, silent)
	fmt.Printf("keystroke-to-frame, ← and answers (UI only): %s\n", percentiles(append(slices.Clone(lat), ans...)))
	fmt.Printf("  of which ←: %s\n", percentiles(lat))
	fmt.Printf("  of which answers: %s\n", percentiles(ans))
	fmt.Printf("keystroke-to-frame, → first frame (UI only): %s\n", percentiles(first))
	fmt.Printf("keystroke-to-step shown, → (UI + the lab's FTP operation): %s\n", percentiles(step))
	fmt.Printf("frames received: %.1f per key, %.0f bytes each (%d keys)\n",
		float64(frames)/float64(max(keysSent, 1)), float64(bytes)/float64(max(frames, 1)), keysSent)
	fmt.Printf("server RSS: %d MiB idle, %d MiB peak with the class, %.1f MiB per student\n",
		base/1024, peak/1024, float64(peak-base)/1024/float64(n))
	fmt.Printf("sessions lost: %d of %d\n", lost, n)
}

// stopServer ends the server as a teacher would (SIGTERM: it closes the
// class and writes what it must, a CPU profile with FTPLAB_CPUPROFILE),
// and kills it if it is not gone within 10 s.
func stopServer(srv *exec.Cmd) {
	srv.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		srv.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		srv.Process.Kill()
		<-done
	}
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// waitLine reads r until a line containing want.
func waitLine(r interface{ Read([]byte) (int, error) }, want string, d time.Duration) error {
	found := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(r)
		ok := false
		for sc.Scan() {
			if !ok && strings.Contains(sc.Text(), want) {
				ok = true
				found <- true
			}
		}
		if !ok {
			found <- false
		}
	}()
	select {
	case ok := <-found:
		if !ok {
			return fmt.Errorf("the server ended before printing %q", want)
		}
		return nil
	case <-time.After(d):
		return fmt.Errorf("the server printed no %q in %v", want, d)
	}
}

// rssKiB is the resident set of process pid, in KiB.
func rssKiB(pid int) (int, error) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			return strconv.Atoi(f[1])
		}
	}
	return 0, fmt.Errorf("no VmRSS for pid %d", pid)
}

// percentiles is "n N p50 X p99 Y max Z" of ds.
func percentiles(ds []time.Duration) string {
	if len(ds) == 0 {
		return "none measured"
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	at := func(p float64) time.Duration {
		return ds[min(len(ds)-1, int(p*float64(len(ds))))].Round(time.Millisecond / 10)
	}
	return fmt.Sprintf("n %d  p50 %v  p99 %v  max %v", len(ds), at(0.5), at(0.99), at(1))
}

// cpuTime is the user+system CPU time of process pid (clock ticks of
// 1/100 s, as Linux reports them).
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, err
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	u, _ := strconv.Atoi(f[11])
	s, _ := strconv.Atoi(f[12])
	return time.Duration(u+s) * 10 * time.Millisecond, nil
}

// ownCPU is this process's user+system CPU time: the simulated students'
// SSH clients and screens, which share the cores with the server.
// Like the server's, it is read from /proc (Linux, where the bench runs;
// elsewhere it is 0): the bench still builds for every release target.
func ownCPU() time.Duration {
	d, _ := cpuTime(os.Getpid())
	return d
}
