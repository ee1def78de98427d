package sim

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/netip"
)

// Ephemeral port range of every simulated host (Linux's default).
const (
	EphemeralMin uint16 = 32768
	EphemeralMax uint16 = 60999
)

// ControlPort is the FTP control port (RFC 959).
const ControlPort uint16 = 21

// portAllocator hands out ephemeral ports for one host from its own
// seeded generator, so a run's ports depend only on the seed and the
// order of the calls.
type portAllocator struct {
	rng *rand.Rand
}

func newPortAllocator(seed uint64, host string) *portAllocator {
	h := fnv.New64a()
	h.Write([]byte(host))
	return &portAllocator{rng: rand.New(rand.NewPCG(seed, h.Sum64()))}
}

// pick returns a random free ephemeral port.
func (a *portAllocator) pick(host string, inUse func(uint16) bool) (uint16, error) {
	span := int(EphemeralMax-EphemeralMin) + 1
	for range 64 {
		p := EphemeralMin + uint16(a.rng.IntN(span))
		if !inUse(p) {
			return p, nil
		}
	}
	start := a.rng.IntN(span)
	for i := range span {
		p := EphemeralMin + uint16((start+i)%span)
		if !inUse(p) {
			return p, nil
		}
	}
	return 0, fmt.Errorf("sim: host %s has no free ephemeral port in %d-%d", host, EphemeralMin, EphemeralMax)
}

// portInUse reports whether host has a listener on port or an open
// connection it dialed from port.
func (n *Net) portInUse(host string, port uint16) bool {
	for _, l := range n.st.Listeners {
		if l.Host == host && l.Addr.Port() == port {
			return true
		}
	}
	for _, c := range n.st.Conns {
		if c.Dialer == host && c.DialerLocal.Port() == port && (c.Status == StatusOpen || c.Status == StatusConnecting) {
			return true
		}
	}
	return false
}

// listenerFor finds host's listener that takes a connection to dst.
func (n *Net) listenerFor(host string, dst netip.AddrPort) (Listener, bool) {
	for _, l := range n.st.Listeners {
		if l.Host != host || l.Addr.Port() != dst.Port() {
			continue
		}
		if l.Addr.Addr() == dst.Addr() || l.Addr.Addr().IsUnspecified() {
			return l, true
		}
	}
	return Listener{}, false
}
