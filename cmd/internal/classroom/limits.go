package classroom

import (
	"net"
	"sync"
	"time"
)

// limits guards the server against one address taking it over: open
// connections per address, and failed logins per address (after
// maxFailures within failWindow, the address's logins are refused until
// the window has passed).
type limits struct {
	maxPerAddr  int
	maxFailures int
	failWindow  time.Duration

	mu    sync.Mutex
	open  map[string]int
	fails map[string][]time.Time
}

func newLimits(maxPerAddr int) *limits {
	return &limits{maxPerAddr: maxPerAddr, maxFailures: 5, failWindow: time.Minute,
		open: map[string]int{}, fails: map[string][]time.Time{}}
}

// hostOf is the address part of a remote address (the key of the limits).
func hostOf(a net.Addr) string {
	if a == nil {
		return ""
	}
	h, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return h
}

// connect counts a new connection from host; false when host has too many.
func (l *limits) connect(host string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[host] >= l.maxPerAddr {
		return false
	}
	l.open[host]++
	return true
}

func (l *limits) disconnect(host string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[host]--; l.open[host] <= 0 {
		delete(l.open, host)
	}
}

// mayLogin reports whether host may try a password now.
func (l *limits) mayLogin(host string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(host, now)) < l.maxFailures
}

// failed records a failed login from host.
func (l *limits) failed(host string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fails[host] = append(l.recent(host, now), now)
}

// recent drops host's failures older than the window (l.mu held).
func (l *limits) recent(host string, now time.Time) []time.Time {
	f := l.fails[host]
	i := 0
	for i < len(f) && now.Sub(f[i]) >= l.failWindow {
		i++
	}
	f = f[i:]
	if len(f) == 0 {
		delete(l.fails, host)
		return nil
	}
	l.fails[host] = f
	return f
}

// countedConn is a connection counted in limits until it closes.
type countedConn struct {
	net.Conn
	once  sync.Once
	close func()
}

func (c *countedConn) Close() error {
	c.once.Do(c.close)
	return c.Conn.Close()
}
