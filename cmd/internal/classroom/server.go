package classroom

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"sync"
	"time"

	"github.com/gliderlabs/ssh"
	gossh "golang.org/x/crypto/ssh"

	"ftplab/cmd/internal/tui"
	"ftplab/lessons"
)

// Config configures a class.
type Config struct {
	Listen         string // address to listen on; 127.0.0.1:2222 if empty
	Code           string // the join code (the SSH password); random if empty
	AuthorizedKeys string // an authorized_keys file: these keys log in without the code
	Course         []*lessons.Lesson
	StateDir       string // the teacher's state directory: host key, students' progress
	Mono           bool   // attributes instead of colours for every student
	MaxStudents    int    // connected at once; 100 if 0
	MaxPerAddr     int    // connections per address; 4 if 0
	IdleTimeout    time.Duration
	// Start starts a student's lab run (labsession.Starter in ftplab).
	Start tui.Starter
}

// Server is a class's SSH server.
type Server struct {
	cfg   Config
	class *Class
	lim   *limits
	srv   *ssh.Server
	ln    net.Listener
	key   gossh.Signer
	keys  []gossh.PublicKey
	labs  sync.WaitGroup // the students' sessions
	pace  *pace          // whether a student's key waits for its frame
}

// Listen prepares the class and listens; Serve serves it.
func Listen(cfg Config) (*Server, error) {
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:2222"
	}
	if cfg.MaxStudents == 0 {
		cfg.MaxStudents = 100
	}
	if cfg.MaxPerAddr == 0 {
		cfg.MaxPerAddr = 4
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = 30 * time.Minute
	}
	if cfg.Code == "" {
		cfg.Code = NewCode()
	}
	if cfg.StateDir == "" {
		return nil, errors.New("classroom: no state directory for the host key and the students' progress")
	}
	tui.SetStyles("dark", cfg.Mono) // once: every student's lab has this theme
	s := &Server{cfg: cfg, class: newClass(cfg.Course, cfg.MaxStudents), lim: newLimits(cfg.MaxPerAddr),
		pace: newPace(time.Now)}
	var err error
	if s.key, err = hostKey(filepath.Join(cfg.StateDir, "host_ed25519")); err != nil {
		return nil, err
	}
	if cfg.AuthorizedKeys != "" {
		if s.keys, err = authorizedKeys(cfg.AuthorizedKeys); err != nil {
			return nil, err
		}
	}
	s.srv = s.sshServer()
	if s.ln, err = net.Listen("tcp", cfg.Listen); err != nil {
		return nil, fmt.Errorf("classroom: %w", err)
	}
	return s, nil
}

// NewCode returns a random join code: 8 letters and digits, without the
// ones read out ambiguously (0/O, 1/l/I).
func NewCode() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	return randomFrom(alphabet, 8)
}

func randomFrom(alphabet string, n int) string {
	b := make([]byte, 0, n)
	limit := 256 - 256%len(alphabet) // no bias towards the first letters
	r := make([]byte, 1)
	for len(b) < n {
		rand.Read(r)
		if int(r[0]) < limit {
			b = append(b, alphabet[int(r[0])%len(alphabet)])
		}
	}
	return string(b)
}

func (s *Server) sshServer() *ssh.Server {
	srv := &ssh.Server{
		Handler:         s.handle,
		HostSigners:     []ssh.Signer{s.key},
		Version:         "ftplab-classroom",
		IdleTimeout:     s.cfg.IdleTimeout,
		PasswordHandler: s.password,
		ConnCallback:    s.connect,
		ServerConfigCallback: func(ssh.Context) *gossh.ServerConfig {
			return &gossh.ServerConfig{MaxAuthTries: 3}
		},
		ChannelHandlers: map[string]ssh.ChannelHandler{
			"session":      ssh.DefaultSessionHandler,
			"direct-tcpip": refuseChannel,
		},
		RequestHandlers: map[string]ssh.RequestHandler{
			"tcpip-forward":        refuseRequest,
			"cancel-tcpip-forward": refuseRequest,
		},
		SubsystemHandlers: map[string]ssh.SubsystemHandler{"default": refuseSubsystem},
	}
	if len(s.keys) > 0 {
		srv.PublicKeyHandler = s.publicKey
	}
	return srv
}

// Serve serves the class until Close.
func (s *Server) Serve() error {
	err := s.srv.Serve(s.ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Close stops the server and ends every student's session; it waits (a
// few seconds at most) for their labs to save their progress.
func (s *Server) Close() error {
	err := s.srv.Close()
	done := make(chan struct{})
	go func() {
		s.labs.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
	return err
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// JoinLine is the line a student types (HOST is the teacher's machine).
func (s *Server) JoinLine() string {
	port := 0
	if a, ok := s.ln.Addr().(*net.TCPAddr); ok {
		port = a.Port
	}
	return fmt.Sprintf("ssh -p %d NAME@HOST", port)
}

// Code is the class's join code.
func (s *Server) Code() string { return s.cfg.Code }

// Fingerprint is the host key's SHA256 fingerprint, as ssh prints it.
func (s *Server) Fingerprint() string { return gossh.FingerprintSHA256(s.key.PublicKey()) }

// Class is the class's state (the dashboard's model).
func (s *Server) Class() *Class { return s.class }

// connect admits a connection unless its address has too many open.
func (s *Server) connect(_ ssh.Context, conn net.Conn) net.Conn {
	host := hostOf(conn.RemoteAddr())
	if !s.lim.connect(host) {
		return nil
	}
	return &countedConn{Conn: conn, close: func() { s.lim.disconnect(host) }}
}

// password checks the join code; an address that failed too often is
// refused for a while without checking.
func (s *Server) password(ctx ssh.Context, pass string) bool {
	host, now := hostOf(ctx.RemoteAddr()), time.Now()
	if !s.lim.mayLogin(host, now) {
		return false
	}
	if subtle.ConstantTimeCompare([]byte(pass), []byte(s.cfg.Code)) == 1 {
		return true
	}
	s.lim.failed(host, now)
	return false
}

func (s *Server) publicKey(_ ssh.Context, key ssh.PublicKey) bool {
	for _, k := range s.keys {
		if ssh.KeysEqual(k, key) {
			return true
		}
	}
	return false
}

// The refusals: each says why, where SSH lets it say anything.
const (
	msgForward   = "ftplab classroom: port forwarding is not allowed"
	msgExec      = "ftplab classroom runs no commands: log in without one (ssh -p PORT NAME@HOST) to open your lab"
	msgNoPTY     = "ftplab classroom needs a terminal: log in without -T (ssh -t -p PORT NAME@HOST)"
	msgSubsystem = "ftplab classroom has no subsystems (no sftp, no scp): log in with ssh to open your lab"
)

func refuseChannel(_ *ssh.Server, _ *gossh.ServerConn, ch gossh.NewChannel, _ ssh.Context) {
	ch.Reject(gossh.Prohibited, msgForward)
}

func refuseRequest(ssh.Context, *ssh.Server, *gossh.Request) (bool, []byte) { return false, nil }

func refuseSubsystem(sess ssh.Session) {
	fmt.Fprintln(sess.Stderr(), msgSubsystem)
	sess.Exit(1)
}
