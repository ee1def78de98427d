package ftpd

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/netip"
	"time"

	"ftplab/realnet"
)

// Config says what a Server serves, to whom, and how. The zero value of a
// field means its documented default.
type Config struct {
	// Network is where passive listeners are opened and active data
	// connections dialled. Default: realnet.OS{}.
	Network realnet.Network

	// Root is the directory served. It is opened with os.Root: every path
	// a client names resolves inside it, and symlinks cannot escape.
	Root string

	// Users maps user names to passwords.
	Users map[string]string

	// Anonymous lets "anonymous" and "ftp" log in with any password.
	Anonymous bool

	// Write allows uploads, deletes, renames and directory changes, for
	// users and anonymous alike. Without it the server is read-only.
	Write bool

	// PasvMin and PasvMax bound the passive ports; both zero lets the
	// network choose. Ports are picked at random within the range.
	PasvMin, PasvMax uint16

	// PasvAddress, when valid, is the address announced in 227 replies
	// instead of the control connection's local address: for a server
	// behind NAT.
	PasvAddress netip.Addr

	// ActiveFromPortL1 makes active data connections come from the
	// control port minus one (port 20 for a server on 21, RFC 959 §3.2).
	// When the OS refuses that port the server uses any port and logs it.
	ActiveFromPortL1 bool

	// PortPromiscuous turns off the check of PORT and EPRT addresses, as
	// vsftpd's port_promiscuous=YES: the server then connects to any
	// address and port a client names, a third host or a privileged
	// port included. UNSAFE: it turns off the defence against the bounce
	// attack (RFC 2577 §3); the lab uses it to show what happens
	// without it. Off by default.
	PortPromiscuous bool

	// IdleTimeout closes a session whose next command line is not
	// complete in time (default 5 minutes). It bounds the whole line, so
	// a client trickling bytes (slowloris) is closed too. It does not run
	// while a transfer is under way.
	IdleTimeout time.Duration

	// DataTimeout bounds the wait for a data connection and any stall of
	// a transfer (default 1 minute), like vsftpd's accept_timeout and
	// connect_timeout. A passive port nobody has used within it is
	// closed, so idle PASV sessions cannot hold the passive range.
	DataTimeout time.Duration

	// LoginTimeout bounds the time from connecting (or from AUTH TLS) to
	// a successful login, so pre-login connections cannot hold session
	// slots for the whole IdleTimeout (default: the shorter of
	// IdleTimeout and DataTimeout).
	LoginTimeout time.Duration

	// TLSHandshakeTimeout bounds each TLS handshake, on the control
	// connection and on data connections (default: the shorter of
	// IdleTimeout and DataTimeout).
	TLSHandshakeTimeout time.Duration

	// MaxSessions and MaxSessionsPerIP cap concurrent sessions, overall
	// and from one address; zero means no cap. A client over a cap gets
	// 421 and is disconnected.
	MaxSessions, MaxSessionsPerIP int

	// LoginFailDelay is the pause before answering a wrong password
	// (default 1 second). The third failure closes the session.
	LoginFailDelay time.Duration

	// TLS enables AUTH TLS (RFC 4217). It needs a certificate and, unless
	// TLSNoSessionReuse, session tickets (the default), through which data
	// connections resume the control connection's TLS session.
	TLS *tls.Config

	// TLSNoSessionReuse lets a data connection open a TLS session of its
	// own. By default a data connection must resume the control
	// connection's TLS session, as vsftpd's require_ssl_reuse=YES: curl,
	// lftp and FileZilla do; python's ftplib does only when given
	// session=self.sock.session. Without the check, whoever reaches the
	// passive port first can take the data with a TLS session of his
	// own. Turn it off only for old clients.
	TLSNoSessionReuse bool

	// RequireTLS refuses USER and PASS before AUTH TLS (530) and data
	// transfers without PROT P (521).
	RequireTLS bool

	// SyncUploads flushes each upload to disk (fsync) before it is
	// renamed onto its target, so that a power cut cannot leave an empty
	// file under the name. It costs about 0.4 s per GiB on the machines
	// measured (bench/README.md), which vsftpd does not pay either; off by
	// default. Without it a failed or aborted upload still never replaces
	// its target.
	SyncUploads bool

	// Logger receives the server's log; default: discard.
	Logger *slog.Logger

	// Rand chooses passive ports and upload names; seed it for a
	// reproducible lab. Default: seeded from crypto/rand. The server
	// serializes its use.
	Rand *rand.Rand

	// Welcome is the text of the 220 greeting; it may hold several lines.
	Welcome string

	Observer func(Event) // told each step of each session (observer.go), from its goroutines: must not block
}

// Defaults for the zero values of Config.
const (
	DefaultIdleTimeout    = 5 * time.Minute
	DefaultDataTimeout    = time.Minute
	DefaultLoginFailDelay = time.Second
	DefaultWelcome        = "ftplab FTP server ready."
)

// maxLoginFailures is how many wrong passwords close a session.
const maxLoginFailures = 3

// withDefaults checks cfg and fills in its defaults.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.Root == "" {
		return cfg, errors.New("ftpd: Config.Root is empty")
	}
	if !cfg.Anonymous && len(cfg.Users) == 0 {
		return cfg, errors.New("ftpd: no way to log in: set Anonymous or Users")
	}
	if (cfg.PasvMin == 0) != (cfg.PasvMax == 0) || cfg.PasvMin > cfg.PasvMax {
		return cfg, fmt.Errorf("ftpd: bad passive port range %d-%d", cfg.PasvMin, cfg.PasvMax)
	}
	if cfg.TLS != nil && cfg.TLS.SessionTicketsDisabled && !cfg.TLSNoSessionReuse {
		return cfg, errors.New("ftpd: TLS session tickets are disabled, so data connections could never resume the control connection's session: enable them or set TLSNoSessionReuse")
	}
	if cfg.RequireTLS && cfg.TLS == nil {
		return cfg, errors.New("ftpd: RequireTLS without a TLS config")
	}
	if cfg.MaxSessions < 0 || cfg.MaxSessionsPerIP < 0 {
		return cfg, fmt.Errorf("ftpd: negative session cap %d/%d", cfg.MaxSessions, cfg.MaxSessionsPerIP)
	}
	if cfg.Network == nil {
		cfg.Network = realnet.OS{}
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.DataTimeout <= 0 {
		cfg.DataTimeout = DefaultDataTimeout
	}
	if cfg.LoginTimeout <= 0 {
		cfg.LoginTimeout = min(cfg.IdleTimeout, cfg.DataTimeout)
	}
	if cfg.TLSHandshakeTimeout <= 0 {
		cfg.TLSHandshakeTimeout = min(cfg.IdleTimeout, cfg.DataTimeout)
	}
	if cfg.LoginFailDelay <= 0 {
		cfg.LoginFailDelay = DefaultLoginFailDelay
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.New(rand.NewChaCha8(randomSeed()))
	}
	if cfg.Welcome == "" {
		cfg.Welcome = DefaultWelcome
	}
	if cfg.TLS != nil {
		cfg.TLS = cfg.TLS.Clone()
	}
	return cfg, nil
}
