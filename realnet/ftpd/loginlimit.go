package ftpd

import (
	"net/netip"
	"sync"
	"time"
)

// Password checks from one address are limited across all its
// connections, so that opening more connections does not guess faster:
// a token bucket per address (a /64 for IPv6, the block one subscriber
// usually has) holds loginBurst checks and refills one every
// LoginFailDelay/loginsPerDelay. A check takes a token before it runs
// and a successful login gives it back, so only wrong passwords drain
// the bucket: users of an address nobody guesses from never wait, and
// one address never slows another. An anonymous login where anonymous
// is allowed checks no secret and takes no token.
const (
	loginBurst     = 10
	loginsPerDelay = 5 // 5 wrong passwords a second by default
)

// pruneAbove is the number of addresses the limiter keeps before it
// forgets those whose bucket is full again.
const pruneAbove = 4096

// loginLimiter is the per-address bucket of password checks, kept as
// the theoretical arrival time of the next check (GCRA): a check may run
// when tat - loginBurst*interval is not in the future.
type loginLimiter struct {
	mu  sync.Mutex
	tat map[netip.Prefix]time.Time
}

// limitKey is the bucket of an address.
func limitKey(a netip.Addr) netip.Prefix {
	bits := 32
	if !a.Unmap().Is4() {
		bits = 64
	}
	p, _ := a.Unmap().Prefix(bits)
	return p
}

// reserve takes a token for a password check from a at now and returns
// how long the check must wait; ok is false when that is more than
// maxWait, and then nothing is taken.
func (l *loginLimiter) reserve(a netip.Addr, now time.Time, interval, maxWait time.Duration) (wait time.Duration, ok bool) {
	k := limitKey(a)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.tat == nil {
		l.tat = make(map[netip.Prefix]time.Time)
	}
	tat := l.tat[k]
	if tat.Before(now) {
		tat = now
	}
	wait = max(tat.Add(-loginBurst*interval).Sub(now), 0)
	if wait > maxWait {
		return 0, false
	}
	l.tat[k] = tat.Add(interval)
	if len(l.tat) > pruneAbove {
		for p, t := range l.tat {
			if t.Before(now) {
				delete(l.tat, p)
			}
		}
	}
	return wait, true
}

// refund gives back the token of a check that logged in.
func (l *loginLimiter) refund(a netip.Addr, interval time.Duration) {
	k := limitKey(a)
	l.mu.Lock()
	defer l.mu.Unlock()
	if t, ok := l.tat[k]; ok {
		l.tat[k] = t.Add(-interval)
	}
}
