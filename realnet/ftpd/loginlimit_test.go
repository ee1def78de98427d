package ftpd

import (
	"net"
	"net/netip"
	"net/textproto"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestLoginLimiter(t *testing.T) {
	const iv = 100 * time.Millisecond
	now := time.Unix(1000, 0)
	a, b := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	var l loginLimiter
	for i := range loginBurst + 1 {
		if w, ok := l.reserve(a, now, iv, time.Minute); !ok || w != 0 {
			t.Fatalf("check %d of a burst: wait %v, %v; want none", i, w, ok)
		}
	}
	if w, _ := l.reserve(a, now, iv, time.Minute); w != iv {
		t.Errorf("first check past the burst waits %v, want %v", w, iv)
	}
	if w, _ := l.reserve(a, now, iv, time.Minute); w != 2*iv {
		t.Errorf("second check past the burst waits %v, want %v", w, 2*iv)
	}
	if w, ok := l.reserve(b, now, iv, time.Minute); !ok || w != 0 {
		t.Errorf("another address waits %v, %v; want none", w, ok)
	}
	if _, ok := l.reserve(a, now, iv, iv); ok {
		t.Error("a wait longer than maxWait was granted")
	}
	l.refund(a, iv)
	l.refund(a, iv)
	if w, _ := l.reserve(a, now, iv, time.Minute); w != iv {
		t.Errorf("after two logins the next check waits %v, want %v", w, iv)
	}
	if w, _ := l.reserve(a, now.Add(time.Hour), iv, time.Minute); w != 0 {
		t.Errorf("an hour later the bucket is full again, yet waits %v", w)
	}
	// IPv6 addresses share the bucket of their /64.
	x, y := netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::ffff:2")
	for range loginBurst + 1 {
		l.reserve(x, now, iv, time.Minute)
	}
	if w, _ := l.reserve(y, now, iv, time.Minute); w != iv {
		t.Errorf("same /64: waits %v, want %v", w, iv)
	}
}

// TestLoginGuessRate guesses passwords from 127.0.0.1 over 30 parallel
// connections, reconnecting after each third failure, and counts the
// wrong-password replies: the per-address limit must hold them near
// loginsPerDelay per LoginFailDelay, whatever the number of connections.
// Meanwhile 127.0.0.2 logs in (and fails) without waiting. It logs the
// rate; FTPLAB_LOGIN_FAIL_DELAY=1s measures it with the default delay.
func TestLoginGuessRate(t *testing.T) {
	t.Parallel()
	delay := 100 * time.Millisecond
	if v := os.Getenv("FTPLAB_LOGIN_FAIL_DELAY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatal(err)
		}
		delay = d
	}
	run := 20 * delay
	_, addr, _ := startServer(t, func(c *Config) { c.LoginFailDelay = delay; c.Anonymous = false; c.LoginTimeout = run })
	var fails atomic.Int64
	var wg sync.WaitGroup
	stop := time.Now().Add(run)
	for range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				guess(addr, nil, stop, &fails)
			}
		}()
	}
	other := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}
	time.Sleep(run / 2) // the attacker's bucket is empty by now
	start := time.Now()
	y := newCtl(t, dialFrom(t, other, addr))
	y.cmd(331, "USER alice")
	y.cmd(530, "PASS wrong")
	y.login("alice", "secret")
	if d := time.Since(start); d > delay+time.Second {
		t.Errorf("another address waited %v for two password checks", d)
	}
	wg.Wait()
	rate := float64(fails.Load()) / run.Seconds()
	limit := float64(loginsPerDelay) / delay.Seconds()
	t.Logf("%d wrong passwords answered from one address over 30 connections in %v: %.1f/s (limit %.1f/s, burst %d)",
		fails.Load(), run, rate, limit, loginBurst)
	if max := limit*run.Seconds() + loginBurst + limit; float64(fails.Load()) > max {
		t.Errorf("%d failures in %v, want at most %.0f", fails.Load(), run, max)
	}
}

// guess logs in with wrong passwords until the session closes or stop,
// counting the 530 replies.
func guess(addr string, from net.Addr, stop time.Time, fails *atomic.Int64) {
	d := net.Dialer{Timeout: 5 * time.Second, LocalAddr: from}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		return
	}
	defer c.Close()
	c.SetDeadline(stop)
	tp := textproto.NewConn(c)
	if _, _, err := tp.ReadResponse(220); err != nil {
		return
	}
	for {
		tp.PrintfLine("USER alice")
		if _, _, err := tp.ReadResponse(331); err != nil {
			return
		}
		tp.PrintfLine("PASS wrong")
		code, _, _ := tp.ReadResponse(0)
		if code != 530 {
			return
		}
		fails.Add(1)
	}
}

func dialFrom(t *testing.T, from net.Addr, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{Timeout: 5 * time.Second, LocalAddr: from}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAnonymousTakesNoToken: while wrong passwords from 30 connections
// keep an address's bucket empty (password checks from it get 421), an
// anonymous login from the same address on a server that allows it (no
// secret to guess) is still answered 230, and at once.
func TestAnonymousTakesNoToken(t *testing.T) {
	t.Parallel()
	delay := 100 * time.Millisecond
	_, addr, _ := startServer(t, func(c *Config) { c.LoginFailDelay = delay; c.LoginTimeout = 3 * delay })
	var fails atomic.Int64
	var wg sync.WaitGroup
	stop := time.Now().Add(20 * delay)
	for range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				guess(addr, nil, stop, &fails)
			}
		}()
	}
	defer wg.Wait()
	time.Sleep(5 * delay) // the bucket is empty by now
	for i := range 2 * loginBurst {
		y := newCtl(t, dialFrom(t, nil, addr))
		y.cmd(331, "USER anonymous")
		start := time.Now()
		y.cmd(230, "PASS guest@")
		if d := time.Since(start); d > delay {
			t.Errorf("anonymous login %d waited %v with the bucket empty, want under %v", i, d, delay)
		}
	}
}
