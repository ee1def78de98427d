package proxy

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"ftplab/realnet/wire"
)

// Proxy relays FTP sessions to one upstream server.
type Proxy struct {
	cfg Config

	mu     sync.Mutex
	open   int                // sessions running
	perIP  map[netip.Addr]int // sessions running per client address
	nextID atomic.Uint64
	wg     sync.WaitGroup
}

// New returns a proxy for cfg, or an error if cfg names no upstream.
func New(cfg Config) (*Proxy, error) {
	c, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Proxy{cfg: c, perIP: make(map[netip.Addr]int)}, nil
}

// Serve accepts clients on ln until ctx is done, then closes ln and every
// session and returns once they have ended.
func (p *Proxy) Serve(ctx context.Context, ln net.Listener) error {
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	for {
		c, err := ln.Accept()
		if err != nil {
			p.wg.Wait()
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		peer := addrPort(c.RemoteAddr())
		if !p.admit(peer.Addr()) {
			c.SetWriteDeadline(time.Now().Add(time.Second))
			c.Write([]byte(wire.FormatReply(wire.CodeNotAvailable, "Too many connections, try again later.")))
			c.Close()
			continue
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer p.leave(peer.Addr())
			p.session(ctx, c)
		}()
	}
}

func (p *Proxy) admit(a netip.Addr) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.open >= p.cfg.MaxSessions || p.perIP[a] >= p.cfg.MaxSessionsPerIP {
		return false
	}
	p.open++
	p.perIP[a]++
	return true
}

func (p *Proxy) leave(a netip.Addr) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.open--
	if p.perIP[a]--; p.perIP[a] <= 0 {
		delete(p.perIP, a)
	}
}

// session dials upstream for the client c and relays until either side
// closes.
func (p *Proxy) session(ctx context.Context, c net.Conn) {
	defer c.Close()
	dctx, cancel := context.WithTimeout(ctx, p.cfg.DialTimeout)
	u, err := p.cfg.Network.Dial(dctx, "tcp", "", p.cfg.Upstream)
	cancel()
	if err != nil {
		p.cfg.Logger.Info("upstream dial failed", "upstream", p.cfg.Upstream, "err", err)
		c.SetWriteDeadline(time.Now().Add(time.Second))
		c.Write([]byte(wire.FormatReply(wire.CodeNotAvailable, "Proxy cannot reach the server: "+dialOutcome(err)+".")))
		return
	}
	defer u.Close()
	s := newSession(p, ctx, c, u)
	s.run()
}

// addrPort is a net.Addr as a netip.AddrPort, IPv4 unmapped.
func addrPort(a net.Addr) netip.AddrPort {
	if ta, ok := a.(*net.TCPAddr); ok {
		ap := ta.AddrPort()
		return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
	}
	ap, _ := netip.ParseAddrPort(a.String())
	return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
}

// errLineTooLong reports a control line longer than wire.MaxLine.
var errLineTooLong = errors.New("control line too long")
