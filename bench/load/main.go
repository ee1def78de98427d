// Command load is the load generator of bench/sessions.sh: it runs N FTP
// sessions at once against one server with ftplab's own client
// (realnet/ftpclient), each doing
//
//	connect, greeting, USER/PASS (anonymous), LIST, RETR FILE, QUIT
//
// and counts the sessions that failed, by the step that failed.
//
// All sessions are started first (goroutines blocked on a barrier) and
// released at the same instant, so N connections arrive together; -ramp
// spreads the releases evenly over a duration instead. Each RETR is
// checked against -size bytes.
//
// It prints one summary line of key=value pairs, then, for failures, a
// count per step with an example error each:
//
//	sessions=1000 ok=1000 failed=0 wall=1.234s p50=0.512s p99=1.101s max=1.190s
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"sync"
	"time"

	"ftplab/realnet/ftpclient"
)

type result struct {
	step string // "" when the session succeeded
	err  error
	dur  time.Duration
}

func main() {
	addr := flag.String("addr", "127.0.0.1:2121", "server address")
	n := flag.Int("n", 1000, "number of concurrent sessions")
	file := flag.String("file", "/1M.bin", "path to RETR")
	size := flag.Int64("size", 1<<20, "expected size of the file, -1 not to check")
	user := flag.String("user", "anonymous", "user name")
	pass := flag.String("pass", "bench@ftplab.invalid", "password")
	ramp := flag.Duration("ramp", 0, "spread the session starts over this duration (0: all at once)")
	timeout := flag.Duration("timeout", 60*time.Second, "client timeout: dial, each reply, data idle")
	total := flag.Duration("total", 4*time.Minute, "bound on the whole run")
	active := flag.Bool("active", false, "active mode (EPRT/PORT) instead of passive (EPSV/PASV)")
	flag.Parse()

	raiseNofile()
	ctx, cancel := context.WithTimeout(context.Background(), *total)
	defer cancel()

	mode := ftpclient.Passive
	if *active {
		mode = ftpclient.Active
	}
	opts := []ftpclient.Option{
		ftpclient.WithTimeout(*timeout),
		ftpclient.WithDataTimeout(*timeout),
		ftpclient.WithMode(mode),
	}

	results := make([]result, *n)
	release := make(chan struct{})
	var ready, done sync.WaitGroup
	for i := range *n {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-release
			if *ramp > 0 {
				time.Sleep(time.Duration(int64(*ramp) * int64(i) / int64(*n)))
			}
			t0 := time.Now()
			step, err := session(ctx, *addr, opts, *user, *pass, *file, *size)
			results[i] = result{step: step, err: err, dur: time.Since(t0)}
		}()
	}
	ready.Wait()
	start := time.Now()
	close(release)
	finished := make(chan struct{})
	go func() { done.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(*total + 10*time.Second):
		fmt.Fprintln(os.Stderr, "load: sessions still running after -total; giving up")
		os.Exit(1)
	}
	wall := time.Since(start)

	report(*n, results, wall)
}

// report prints the run's figures and the failures by step, and exits 3
// if any session failed.
func report(n int, results []result, wall time.Duration) {
	var durs []time.Duration
	failed := map[string][]error{}
	nfail := 0
	for _, r := range results {
		if r.step != "" {
			nfail++
			failed[r.step] = append(failed[r.step], r.err)
			continue
		}
		durs = append(durs, r.dur)
	}
	slices.Sort(durs)
	pct := func(p float64) float64 {
		if len(durs) == 0 {
			return 0
		}
		return durs[min(len(durs)-1, int(p*float64(len(durs))))].Seconds()
	}
	fmt.Printf("sessions=%d ok=%d failed=%d wall=%.3fs p50=%.3fs p99=%.3fs max=%.3fs\n",
		n, len(durs), nfail, wall.Seconds(), pct(0.50), pct(0.99), pct(1))
	steps := make([]string, 0, len(failed))
	for s := range failed {
		steps = append(steps, s)
	}
	sort.Strings(steps)
	for _, s := range steps {
		fmt.Printf("  failed at %-6s %5d  e.g. %v\n", s, len(failed[s]), failed[s][0])
	}
	if nfail > 0 {
		os.Exit(3)
	}
}

// session runs one session and returns the step that failed, or "".
func session(ctx context.Context, addr string, opts []ftpclient.Option, user, pass, file string, size int64) (string, error) {
	c, err := ftpclient.Dial(ctx, addr, opts...)
	if err != nil {
		return "dial", err
	}
	defer c.Close()
	// Close the connection if the whole run is cancelled mid-session.
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if err := c.Login(user, pass); err != nil {
		return "login", err
	}
	if _, err := c.List(""); err != nil {
		return "list", err
	}
	var cw countWriter
	if err := c.Retr(file, &cw, 0); err != nil {
		return "retr", err
	}
	if size >= 0 && cw.n != size {
		return "retr", fmt.Errorf("got %d bytes, want %d", cw.n, size)
	}
	if err := c.Quit(); err != nil {
		return "quit", err
	}
	return "", nil
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)
