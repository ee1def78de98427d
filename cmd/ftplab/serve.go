package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"ftplab/assets"
	"ftplab/realnet"
	"ftplab/realnet/ftpd"
)

// shutdownGrace is how long Ctrl-C lets running transfers finish.
const shutdownGrace = 10 * time.Second

// serveOptions are the flags of "ftplab serve".
type serveOptions struct {
	addr          string
	root          string
	write         bool
	users         map[string]string
	anonymous     bool
	pasvPorts     string
	pasvAddress   string
	activeFrom20  bool
	idleTimeout   time.Duration
	dataTimeout   time.Duration
	portAnyAddr   bool
	maxSessions   int
	maxPerIP      int
	tlsCert       string
	tlsKey        string
	tlsSelfSigned bool
	requireTLS    bool
	tlsNoReuse    bool
	syncUploads   bool
	watch         bool
	record        string
}

// parseServeFlags reads the flags. --anonymous defaults to on when no
// --user is given and off otherwise; passing it explicitly wins.
func parseServeFlags(args []string, stderr io.Writer) (serveOptions, error) {
	o := serveOptions{users: map[string]string{}}
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&o.addr, "addr", "127.0.0.1:2121", "address to listen on")
	fl.StringVar(&o.root, "root", "", "directory to serve (default: a temporary copy of the embedded sample tree)")
	fl.BoolVar(&o.write, "write", false, "allow uploads, deletes and renames (anonymous is read-only without it)")
	fl.Func("user", "a user as NAME:PASSWORD (repeatable)", func(v string) error {
		name, pass, ok := strings.Cut(v, ":")
		if !ok || name == "" {
			return fmt.Errorf("want NAME:PASSWORD, got %q", v)
		}
		o.users[name] = pass
		return nil
	})
	fl.BoolVar(&o.anonymous, "anonymous", true, "allow anonymous login (default: on unless --user is given)")
	fl.StringVar(&o.pasvPorts, "pasv-ports", "", "passive port range LOW-HIGH, e.g. 50000-50100 (default: any port)")
	fl.StringVar(&o.pasvAddress, "pasv-address", "", "IPv4 address to announce in 227 replies (a server behind NAT)")
	fl.BoolVar(&o.activeFrom20, "active-from-20", false, "connect active data connections from the control port minus one, as RFC 959 says")
	fl.DurationVar(&o.idleTimeout, "idle-timeout", ftpd.DefaultIdleTimeout, "close sessions idle this long")
	fl.DurationVar(&o.dataTimeout, "data-timeout", ftpd.DefaultDataTimeout, "give up a data connection not made, or a transfer stalled, this long (425/426); also bounds login and TLS handshakes")
	fl.BoolVar(&o.portAnyAddr, "port-promiscuous", false, "UNSAFE: let PORT/EPRT name any address and port (vsftpd's port_promiscuous); turns off the bounce-attack defence")
	fl.IntVar(&o.maxSessions, "max-sessions", 2048, "most concurrent sessions (0: no cap)")
	fl.IntVar(&o.maxPerIP, "max-sessions-per-ip", 1024, "most concurrent sessions from one address (0: no cap)")
	fl.StringVar(&o.tlsCert, "tls-cert", "", "PEM certificate file for AUTH TLS")
	fl.StringVar(&o.tlsKey, "tls-key", "", "PEM key file for AUTH TLS")
	fl.BoolVar(&o.tlsSelfSigned, "tls-self-signed", false, "enable AUTH TLS with a certificate generated at start")
	fl.BoolVar(&o.requireTLS, "require-tls", false, "refuse login and transfers without TLS")
	fl.BoolVar(&o.tlsNoReuse, "tls-no-session-reuse", false, "let TLS data connections open their own TLS session (for old clients; unsafe: by default they must resume the control connection's, as vsftpd's require_ssl_reuse)")
	fl.BoolVar(&o.syncUploads, "sync-uploads", false, "fsync each upload before renaming it onto its name (durable across a power cut, slower)")
	fl.BoolVar(&o.watch, "watch", false, "show the server's sessions live in the lab's stepper (diagram, timeline, state); without a terminal, print their events as lines")
	fl.StringVar(&o.record, "record", "", "write each session, when it ends, as a lab timeline (JSON) into this directory (ftplab open opens it)")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		return o, usageError{err.Error()}
	}
	if fl.NArg() > 0 {
		return o, usageError{fmt.Sprintf("unexpected argument %q", fl.Arg(0))}
	}
	anonSet := false
	fl.Visit(func(f *flag.Flag) { anonSet = anonSet || f.Name == "anonymous" })
	if !anonSet && len(o.users) > 0 {
		o.anonymous = false
	}
	if !o.anonymous && len(o.users) == 0 {
		return o, usageError{"nobody could log in: give --user or keep --anonymous"}
	}
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return o, usageError{"--tls-cert and --tls-key go together"}
	}
	if o.tlsCert != "" && o.tlsSelfSigned {
		return o, usageError{"--tls-self-signed and --tls-cert exclude each other"}
	}
	if o.requireTLS && o.tlsCert == "" && !o.tlsSelfSigned {
		return o, usageError{"--require-tls needs --tls-cert/--tls-key or --tls-self-signed"}
	}
	if o.idleTimeout <= 0 || o.dataTimeout <= 0 || o.maxSessions < 0 || o.maxPerIP < 0 {
		return o, usageError{"--idle-timeout and --data-timeout must be positive and session caps not negative"}
	}
	return o, nil
}

// parsePortRange reads "LOW-HIGH".
func parsePortRange(s string) (lo, hi uint16, err error) {
	a, b, ok := strings.Cut(s, "-")
	l, err1 := strconv.ParseUint(strings.TrimSpace(a), 10, 16)
	h, err2 := strconv.ParseUint(strings.TrimSpace(b), 10, 16)
	if !ok || err1 != nil || err2 != nil || l == 0 || l > h {
		return 0, 0, usageError{fmt.Sprintf("--pasv-ports %q: want LOW-HIGH, 1 <= LOW <= HIGH <= 65535", s)}
	}
	return uint16(l), uint16(h), nil
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseServeFlags(args, stderr)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	cfg, err := serveConfig(o, logger)
	if err != nil {
		return err
	}
	var noTerm error
	if o.watch {
		noTerm = checkTerminal()
	}
	rec, err := serveObservers(o, noTerm, &cfg, stdout, stderr)
	if err != nil {
		return err
	}
	what := o.root
	if o.root == "" {
		dir, err := copySample()
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.Root = dir
		what = "the sample tree (a temporary copy: changes are lost at exit)"
	}
	srv, err := ftpd.New(cfg)
	if err != nil {
		return err
	}
	l, err := cfg.Network.Listen(ctx, "tcp", o.addr)
	if err != nil {
		srv.Close()
		return err
	}
	printWelcome(stdout, l.Addr().String(), what, o)
	ctx, endUI := watchUI(ctx, rec, l.Addr().String())
	defer endUI()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err := <-served:
		srv.Close()
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "grace", shutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	<-served
	return nil
}

// serveConfig maps the flags to the server's configuration.
func serveConfig(o serveOptions, logger *slog.Logger) (ftpd.Config, error) {
	cfg := ftpd.Config{
		Network:           realnet.OS{},
		Root:              o.root,
		Users:             o.users,
		Anonymous:         o.anonymous,
		Write:             o.write,
		ActiveFromPortL1:  o.activeFrom20,
		PortPromiscuous:   o.portAnyAddr,
		IdleTimeout:       o.idleTimeout,
		DataTimeout:       o.dataTimeout,
		MaxSessions:       o.maxSessions,
		MaxSessionsPerIP:  o.maxPerIP,
		RequireTLS:        o.requireTLS,
		TLSNoSessionReuse: o.tlsNoReuse,
		SyncUploads:       o.syncUploads,
		Logger:            logger,
	}
	var err error
	if o.pasvPorts != "" {
		if cfg.PasvMin, cfg.PasvMax, err = parsePortRange(o.pasvPorts); err != nil {
			return cfg, err
		}
	}
	if o.pasvAddress != "" {
		a, err := netip.ParseAddr(o.pasvAddress)
		if err != nil || !a.Unmap().Is4() {
			return cfg, usageError{fmt.Sprintf("--pasv-address %q: want an IPv4 address", o.pasvAddress)}
		}
		cfg.PasvAddress = a.Unmap()
	}
	host, _, err := net.SplitHostPort(o.addr)
	if err != nil {
		return cfg, usageError{fmt.Sprintf("--addr %q: %v", o.addr, err)}
	}
	cfg.TLS, err = serveTLS(o, host)
	return cfg, err
}

// serveTLS builds the TLS configuration the flags ask for, or nil.
func serveTLS(o serveOptions, host string) (*tls.Config, error) {
	var cert tls.Certificate
	var err error
	switch {
	case o.tlsCert != "":
		cert, err = tls.LoadX509KeyPair(o.tlsCert, o.tlsKey)
	case o.tlsSelfSigned:
		cert, err = ftpd.SelfSignedCertificate("localhost", "127.0.0.1", "::1", host)
	default:
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("TLS certificate: %w", err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// copySample copies the embedded sample tree into a new temporary
// directory.
func copySample() (string, error) {
	sub, err := fs.Sub(assets.Sample, "sample")
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "ftplab-sample-")
	if err != nil {
		return "", err
	}
	if err := os.CopyFS(dir, sub); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("copy the sample tree: %w", err)
	}
	return dir, nil
}

// printWelcome says where the server listens and how to reach it.
func printWelcome(w io.Writer, addr, what string, o serveOptions) {
	url := "ftp://" + dialAddr(addr) + "/"
	access := "read-only"
	if o.write {
		access = "read-write"
	}
	login := "anonymous"
	if !o.anonymous {
		login = "users only"
	} else if len(o.users) > 0 {
		login = "anonymous and users"
	}
	try := "curl " + url
	if o.requireTLS {
		try = "curl --ssl-reqd -k " + url
	}
	fmt.Fprintf(w, "ftplab: serving %s on %s (%s, %s); try: %s\n", what, addr, access, login, try)
}

// dialAddr turns the address a server listens on into one a client on
// the same host can dial: a listener on every address (0.0.0.0, or [::],
// which is how Go shows a dual-stack listener for 0.0.0.0) is reached
// on loopback, not at "[::]", which curl cannot connect to.
func dialAddr(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return listen
	}
	if a, err := netip.ParseAddr(host); host == "" || err == nil && a.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", port)
	}
	return listen
}
