package ftpd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"syscall"
	"time"

	"ftplab/realnet"
)

// dataOpener is a data connection prepared by PASV/EPSV (passiveListener)
// or PORT/EPRT (activeTransfer), opened by the next transfer command.
type dataOpener interface {
	// Open returns the connection; ctx bounds the wait.
	Open(ctx context.Context) (net.Conn, error)
	// Close releases what Open would have used.
	Close() error
}

var (
	_ dataOpener = (*passiveListener)(nil)
	_ dataOpener = (*activeTransfer)(nil)
)

// passiveListener waits for the client on a passive port. It accepts
// only a connection from the control connection's peer: a connection
// from another address (port stealing, RFC 2577 §5) is closed and the
// listener keeps waiting for the right peer until the data timeout, so a
// thief can neither take the data nor make the transfer fail.
type passiveListener struct {
	l    net.Listener
	peer netip.Addr
	log  *slog.Logger
	// unused closes the listener when no transfer command came within
	// the data timeout of PASV: the port goes back to the range.
	unused *time.Timer
}

func (p *passiveListener) Open(ctx context.Context) (net.Conn, error) {
	// From now on ctx bounds the wait, from the transfer command.
	p.unused.Stop()
	stop := context.AfterFunc(ctx, func() { p.l.Close() })
	defer stop()
	for {
		c, err := p.l.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("accept on passive port %s: %w", p.l.Addr(), context.Cause(ctx))
			}
			return nil, fmt.Errorf("accept on passive port %s: %w", p.l.Addr(), err)
		}
		from := addrPortOf(c.RemoteAddr())
		if from.Addr() != p.peer {
			p.log.Warn("data connection from a stranger refused", "from", from.String(), "port", p.l.Addr().String())
			c.Close()
			continue
		}
		return c, nil
	}
}

func (p *passiveListener) Close() error {
	p.unused.Stop()
	return p.l.Close()
}

// maxPasvAttempts bounds the random tries for a free passive port.
const maxPasvAttempts = 50

// listenPassive opens a passive listener on the control connection's
// local address, at a random port of the configured range.
func (s *session) listenPassive() (*passiveListener, error) {
	cfg := &s.srv.cfg
	ip := s.local.Addr()
	var last error
	for range maxPasvAttempts {
		port := uint16(0)
		if cfg.PasvMax != 0 {
			port = cfg.PasvMin + uint16(s.srv.intn(int(cfg.PasvMax-cfg.PasvMin)+1))
		}
		addr := netip.AddrPortFrom(ip, port).String()
		l, err := cfg.Network.Listen(s.ctx, "tcp", addr)
		if err == nil {
			pl := &passiveListener{l: l, peer: s.peer.Addr(), log: s.log}
			s.observe(Event{Kind: DataListen, Local: addrPortOf(l.Addr())})
			pl.unused = time.AfterFunc(cfg.DataTimeout, func() {
				s.log.Info("passive port unused within the data timeout; closed", "port", l.Addr().String())
				l.Close()
			})
			return pl, nil
		}
		last = err
		if port == 0 {
			break
		}
	}
	return nil, fmt.Errorf("no free passive port in %d-%d after %d tries: %w", cfg.PasvMin, cfg.PasvMax, maxPasvAttempts, last)
}

// activeTransfer connects to the address a client gave in PORT or EPRT.
type activeTransfer struct {
	network realnet.Network
	local   netip.AddrPort // the control connection's local address
	remote  netip.AddrPort
	fromL1  bool
	log     *slog.Logger
}

func (a *activeTransfer) Open(ctx context.Context) (net.Conn, error) {
	// Bind to the control connection's address so the data comes from
	// the address the client knows, even on a host with several.
	laddr := netip.AddrPortFrom(a.local.Addr(), 0)
	if a.fromL1 && a.local.Port() > 1 {
		laddr = netip.AddrPortFrom(a.local.Addr(), a.local.Port()-1)
	}
	c, err := a.network.Dial(ctx, "tcp", laddr.String(), a.remote.String())
	if err != nil && laddr.Port() != 0 && isBindRefusal(err) {
		a.log.Info("cannot connect from port L-1; using any port", "port", laddr.Port(), "err", err)
		laddr = netip.AddrPortFrom(a.local.Addr(), 0)
		c, err = a.network.Dial(ctx, "tcp", laddr.String(), a.remote.String())
	}
	if err != nil {
		return nil, fmt.Errorf("connect to %s from %s: %w", a.remote, laddr, err)
	}
	return c, nil
}

func (a *activeTransfer) Close() error { return nil }

// isBindRefusal tells a failure to use port L-1 (a privileged port
// without the right, or a port still in use) from a failure to reach the
// client.
func isBindRefusal(err error) bool {
	return errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EACCES) ||
		errors.Is(err, syscall.EADDRINUSE) || errors.Is(err, syscall.EADDRNOTAVAIL)
}
