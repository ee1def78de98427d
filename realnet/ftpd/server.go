package ftpd

import (
	"context"
	cryptorand "crypto/rand"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"os"
	"sync"
	"time"

	"ftplab/realnet/wire"
)

// ErrServerClosed is returned by Serve after Shutdown or Close.
var ErrServerClosed = errors.New("ftpd: server closed")

// Server is an FTP server. Create it with New, run it with Serve, stop it
// with Shutdown or Close.
type Server struct {
	cfg      Config
	root     *os.Root
	rootOnce sync.Once
	commands map[string]commandSpec

	randMu sync.Mutex
	rand   *rand.Rand

	// bufs holds the buffers of copies that cannot go through sendfile or
	// splice (TYPE A, TLS), so that 1000 sessions share a few of them.
	bufs sync.Pool
	// uploadBufs hold the larger buffers uploads read into (uploadBufSize).
	uploadBufs sync.Pool
	// appends serializes APPEs to one file (append.go).
	appends appendLocks
	// logins limits password checks per address (loginlimit.go).
	logins loginLimiter

	mu        sync.Mutex
	listeners map[net.Listener]struct{}
	sessions  map[*session]struct{}
	perIP     map[netip.Addr]int
	closing   bool          // Shutdown or Close called
	done      chan struct{} // closed when closing becomes true
	nextID    uint64
	wg        sync.WaitGroup // session goroutines
}

// New checks cfg, opens its Root and returns a server ready to Serve.
func New(cfg Config) (*Server, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(cfg.Root)
	if err != nil {
		return nil, fmt.Errorf("ftpd: open root: %w", err)
	}
	s := &Server{
		cfg:       cfg,
		root:      root,
		commands:  commandTable(),
		rand:      cfg.Rand,
		listeners: make(map[net.Listener]struct{}),
		sessions:  make(map[*session]struct{}),
		perIP:     make(map[netip.Addr]int),
		done:      make(chan struct{}),
	}
	s.removeStaleTemps()
	s.bufs.New = func() any { b := make([]byte, copyBufSize); return &b }
	s.uploadBufs.New = func() any { b := make([]byte, uploadBufSize); return &b }
	return s, nil
}

// Serve accepts control connections on l until Shutdown or Close, and
// serves each in its own goroutine. It always returns a non-nil error:
// ErrServerClosed after Shutdown or Close.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		l.Close()
		return ErrServerClosed
	}
	s.listeners[l] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.listeners, l)
		s.mu.Unlock()
		l.Close()
	}()

	var backoff time.Duration
	for {
		c, err := l.Accept()
		if err != nil {
			if s.isClosing() {
				return ErrServerClosed
			}
			var ne net.Error
			var te interface{ Temporary() bool }
			if errors.As(err, &ne) && ne.Timeout() || errors.As(err, &te) && te.Temporary() {
				// Out of descriptors or a transient error: wait, as
				// net/http does, rather than spin or give up.
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				s.cfg.Logger.Warn("accept failed; retrying", "err", err, "delay", backoff)
				select {
				case <-time.After(backoff):
				case <-s.done:
				}
				continue
			}
			return fmt.Errorf("ftpd: accept: %w", err)
		}
		backoff = 0
		s.admit(c)
	}
}

// admit starts a session for c, or answers 421 and closes it when a
// session cap is reached.
func (s *Server) admit(c net.Conn) {
	peer := addrPortOf(c.RemoteAddr())
	s.mu.Lock()
	var refuse string
	switch {
	case s.closing:
		refuse = "Server shutting down."
	case s.cfg.MaxSessions > 0 && len(s.sessions) >= s.cfg.MaxSessions:
		refuse = "Too many users, try again later."
	case s.cfg.MaxSessionsPerIP > 0 && s.perIP[peer.Addr()] >= s.cfg.MaxSessionsPerIP:
		refuse = "Too many connections from your address."
	}
	if refuse != "" {
		s.mu.Unlock()
		s.cfg.Logger.Info("session refused", "remote", peer, "reason", refuse)
		// Answer in a goroutine: a client that does not read must not
		// stall the accept loop.
		go func() {
			c.SetWriteDeadline(time.Now().Add(5 * time.Second))
			c.Write([]byte(wire.FormatReply(wire.CodeNotAvailable, refuse)))
			c.Close()
		}()
		return
	}
	s.nextID++
	sess := newSession(s, c, s.nextID)
	s.sessions[sess] = struct{}{}
	s.perIP[peer.Addr()]++
	s.wg.Add(1)
	s.mu.Unlock()

	go func() {
		defer s.wg.Done()
		sess.serve()
		s.mu.Lock()
		delete(s.sessions, sess)
		if s.perIP[peer.Addr()]--; s.perIP[peer.Addr()] <= 0 {
			delete(s.perIP, peer.Addr())
		}
		s.mu.Unlock()
	}()
}

func (s *Server) isClosing() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// startClosing stops accepting and returns the sessions alive now.
func (s *Server) startClosing() []*session {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closing {
		s.closing = true
		close(s.done)
	}
	for l := range s.listeners {
		l.Close()
	}
	out := make([]*session, 0, len(s.sessions))
	for sess := range s.sessions {
		out = append(out, sess)
	}
	return out
}

// Shutdown stops accepting connections, closes idle sessions with 421, and
// lets running transfers finish; their sessions close after the 226. When
// ctx ends first, the remaining transfers are aborted as by Close: an
// aborted upload never replaces its target file. Shutdown returns
// ctx.Err() in that case.
func (s *Server) Shutdown(ctx context.Context) error {
	for _, sess := range s.startClosing() {
		sess.shutdown()
	}
	finished := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(finished)
	}()
	for {
		select {
		case <-finished:
			return s.closeRoot()
		case <-ctx.Done():
			s.Close()
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
			// A session may have been admitted while we were
			// starting to close, or a transfer just ended.
			for _, sess := range s.startClosing() {
				sess.shutdown()
			}
		}
	}
}

// Close stops the server at once: listeners, sessions and transfers are
// closed. Uploads in progress are discarded, not left under their target
// names. Close waits for the sessions' goroutines to end.
func (s *Server) Close() error {
	for _, sess := range s.startClosing() {
		sess.kill()
	}
	s.wg.Wait()
	return s.closeRoot()
}

func (s *Server) closeRoot() error {
	var err error
	s.rootOnce.Do(func() { err = s.root.Close() })
	return err
}

// intn returns a random number in [0, n), safe for concurrent sessions.
func (s *Server) intn(n int) int {
	s.randMu.Lock()
	defer s.randMu.Unlock()
	return s.rand.IntN(n)
}

func (s *Server) getBuf() *[]byte  { return s.bufs.Get().(*[]byte) }
func (s *Server) putBuf(b *[]byte) { s.bufs.Put(b) }

// randomSeed returns a seed from crypto/rand for the default Config.Rand.
func randomSeed() [32]byte {
	var seed [32]byte
	cryptorand.Read(seed[:])
	return seed
}

// addrPortOf reads the address of a net.Addr from its string form, so
// that the virtual addresses of the lab work as well as *net.TCPAddr.
// IPv4-mapped IPv6 addresses are unmapped, so 127.0.0.1 seen through a
// dual-stack socket compares equal to 127.0.0.1.
func addrPortOf(a net.Addr) netip.AddrPort {
	if a == nil {
		return netip.AddrPort{}
	}
	if ta, ok := a.(*net.TCPAddr); ok {
		ap := ta.AddrPort()
		return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
	}
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return netip.AddrPort{}
	}
	return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
}
