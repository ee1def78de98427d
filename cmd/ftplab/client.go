package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"ftplab/realnet/ftpclient"
)

// clientFlags are the flags ls, get and put share.
type clientFlags struct {
	active, passive     bool
	noEPSV, noEPRT      bool
	usePasvAddress      bool
	mode                string
	ascii, resume       bool
	tls, insecure       bool
	trace               bool
	timeout, dataTimout time.Duration
}

func (f *clientFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.active, "active", false, "active mode: the server connects to us (EPRT, then PORT if refused)")
	fs.BoolVar(&f.passive, "passive", false, "passive mode, the default: we connect to the server (EPSV, then PASV if refused)")
	fs.BoolVar(&f.noEPSV, "no-epsv", false, "passive mode with PASV only (RFC 959)")
	fs.BoolVar(&f.noEPRT, "no-eprt", false, "active mode with PORT only (RFC 959)")
	fs.BoolVar(&f.usePasvAddress, "use-pasv-address", false, "after PASV, connect to the address in the 227 reply instead of the server's control address")
	fs.StringVar(&f.mode, "mode", "", "exactly one data connection mode, no fallback: PORT, EPRT, PASV, EPSV or PASV_CTLIP")
	fs.BoolVar(&f.ascii, "ascii", false, "transfer in ASCII mode (TYPE A): line ends converted")
	fs.BoolVar(&f.tls, "tls", false, "explicit FTPS: AUTH TLS, then protected data connections")
	fs.BoolVar(&f.insecure, "insecure", false, "with --tls, do not verify the server's certificate (self-signed servers)")
	fs.BoolVar(&f.trace, "trace", false, "print the control dialogue and the data connections on stderr")
	fs.DurationVar(&f.timeout, "timeout", 30*time.Second, "limit for connecting and for each reply; data connections get half")
}

// options turns the flags into client options.
func (f *clientFlags) options(host string, stderr io.Writer) ([]ftpclient.Option, error) {
	if f.active && f.passive {
		return nil, usageError{"--active and --passive exclude each other"}
	}
	opts := []ftpclient.Option{ftpclient.WithTimeout(f.timeout), ftpclient.WithDataTimeout(f.timeout / 2)}
	switch {
	case f.mode != "":
		if f.active || f.passive {
			return nil, usageError{"--mode excludes --active and --passive"}
		}
		m, err := ftpclient.ParseMode(f.mode)
		if err != nil || m == ftpclient.Active || m == ftpclient.Passive {
			return nil, usageError{fmt.Sprintf("--mode %q: want PORT, EPRT, PASV, EPSV or PASV_CTLIP (or use --active/--passive)", f.mode)}
		}
		opts = append(opts, ftpclient.WithMode(m))
	case f.active:
		opts = append(opts, ftpclient.WithMode(ftpclient.Active))
	}
	if f.noEPSV {
		opts = append(opts, ftpclient.WithoutEPSV())
	}
	if f.noEPRT {
		opts = append(opts, ftpclient.WithoutEPRT())
	}
	if f.usePasvAddress {
		opts = append(opts, ftpclient.WithPasvAddress())
	}
	if f.tls {
		opts = append(opts, ftpclient.WithTLS(&tls.Config{ServerName: host, InsecureSkipVerify: f.insecure}))
	} else if f.insecure {
		return nil, usageError{"--insecure needs --tls"}
	}
	if f.trace {
		opts = append(opts, ftpclient.WithTrace(stderr))
	}
	return opts, nil
}

// ftpURL is a parsed ftp://user:pass@host:port/path.
type ftpURL struct {
	addr       string // host:port
	host       string
	user, pass string
	path       string // relative to the login directory, "/..." if absolute
	shown      string // the URL without its password, for messages
}

// parseFTPURL reads an ftp URL (RFC 1738 §3.2). Without a user the login
// is anonymous with the password "ftplab@"; the port defaults to 21. The
// path is percent-decoded and, as RFC 1738 says, relative to the login
// directory: ftp://host/pub/a is "pub/a"; ftp://host/%2Fetc/a is "/etc/a".
func parseFTPURL(s string) (ftpURL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return ftpURL{}, usageError{fmt.Sprintf("bad URL %q: %v", s, err)}
	}
	switch u.Scheme {
	case "ftp":
	case "ftps":
		return ftpURL{}, usageError{fmt.Sprintf("URL %q: use ftp:// with --tls (explicit FTPS)", s)}
	default:
		return ftpURL{}, usageError{fmt.Sprintf("URL %q: want ftp://[user[:password]@]host[:port]/path", s)}
	}
	if u.Hostname() == "" {
		return ftpURL{}, usageError{fmt.Sprintf("URL %q has no host", s)}
	}
	port := u.Port()
	if port == "" {
		port = "21"
	}
	f := ftpURL{
		addr:  net.JoinHostPort(u.Hostname(), port),
		host:  u.Hostname(),
		user:  "anonymous",
		pass:  "ftplab@",
		path:  strings.TrimPrefix(u.Path, "/"),
		shown: u.Redacted(),
	}
	if u.User != nil {
		f.user = u.User.Username()
		f.pass, _ = u.User.Password()
	}
	return f, nil
}

// parseArgs parses flags wherever they are among the positional
// arguments ("get URL -o FILE" as well as "get -o FILE URL"), and returns
// the positional ones.
// oneURL parses the flags and the one URL that ls and get take.
func oneURL(fs *flag.FlagSet, args []string) (ftpURL, error) {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return ftpURL{}, err
	}
	if len(pos) != 1 {
		return ftpURL{}, usageError{"want one URL"}
	}
	return parseFTPURL(pos[0])
}

func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ftplab %s\n\nflags:\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// connect dials and logs in. Cancelling ctx (Ctrl-C) closes the
// connection, which ends whatever is in progress.
func connect(ctx context.Context, u ftpURL, f *clientFlags, stderr io.Writer) (*ftpclient.Conn, func(), error) {
	opts, err := f.options(u.host, stderr)
	if err != nil {
		return nil, nil, err
	}
	c, err := ftpclient.Dial(ctx, u.addr, opts...)
	if err != nil {
		return nil, nil, err
	}
	stop := context.AfterFunc(ctx, func() { c.Close() })
	done := func() {
		stop()
		c.Quit()
	}
	if err := c.Login(u.user, u.pass); err != nil {
		done()
		return nil, nil, err
	}
	if f.ascii {
		if err := c.Type(true); err != nil {
			done()
			return nil, nil, err
		}
	}
	return c, done, nil
}

func runLs(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f clientFlags
	fs := newFlagSet("ls", "ls [flags] ftp://[user[:pass]@]host[:port]/dir", stderr)
	f.register(fs)
	mlsd := fs.Bool("mlsd", false, "machine listing (MLSD, RFC 3659) instead of LIST")
	u, err := oneURL(fs, args)
	if err != nil {
		return err
	}
	c, done, err := connect(ctx, u, &f, stderr)
	if err != nil {
		return err
	}
	defer done()
	if *mlsd {
		return c.MLSDTo(stdout, u.path)
	}
	return c.ListTo(stdout, u.path)
}

func runGet(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f clientFlags
	fs := newFlagSet("get", "get [flags] ftp://[user[:pass]@]host[:port]/file [-o FILE]", stderr)
	f.register(fs)
	fs.BoolVar(&f.resume, "resume", false, "continue the FILE.part an interrupted get left (REST)")
	output := fs.String("o", "", "write to FILE (default: the remote file's base name; - for standard output)")
	u, err := oneURL(fs, args)
	if err != nil {
		return err
	}
	if u.path == "" || strings.HasSuffix(u.path, "/") {
		return usageError{fmt.Sprintf("URL %s names a directory, not a file", u.shown)}
	}
	target := *output
	if target == "" {
		target = path.Base(u.path)
	}
	if target == "-" && f.resume {
		return usageError{"--resume needs a file, not standard output"}
	}
	c, done, err := connect(ctx, u, &f, stderr)
	if err != nil {
		return err
	}
	defer done()
	if target == "-" {
		return c.Retr(u.path, stdout, 0)
	}
	t, err := c.Retrieve(ctx, u.path, target, f.resume)
	if t.Complete {
		fmt.Fprintf(stderr, "%s: already complete (%d bytes)\n", target, t.Size)
	}
	if err != nil {
		if _, serr := os.Stat(target + ftpclient.PartSuffix); serr == nil {
			err = fmt.Errorf("%w (what arrived is in %s%s: --resume continues it)", err, target, ftpclient.PartSuffix)
		}
	}
	return err
}

func runPut(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f clientFlags
	fs := newFlagSet("put", "put [flags] FILE ftp://[user[:pass]@]host[:port]/dir/[name]", stderr)
	f.register(fs)
	fs.BoolVar(&f.resume, "resume", false, "continue a partial remote file (SIZE, then REST and STOR)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError{"want FILE and URL"}
	}
	local := pos[0]
	u, err := parseFTPURL(pos[1])
	if err != nil {
		return err
	}
	remote := u.path
	if remote == "" || strings.HasSuffix(remote, "/") {
		remote += filepath.Base(local)
	}
	c, done, err := connect(ctx, u, &f, stderr)
	if err != nil {
		return err
	}
	defer done()
	t, err := c.Store(ctx, local, remote, f.resume)
	if t.Complete {
		fmt.Fprintf(stderr, "%s: already complete (%d bytes)\n", remote, t.Size)
	}
	return err
}
