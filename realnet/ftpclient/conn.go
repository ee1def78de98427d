package ftpclient

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/netip"
	"net/textproto"
	"strings"
	"time"

	"ftplab/realnet/wire"
)

// Conn is one FTP control connection.
type Conn struct {
	cfg  config
	tr   *tracer
	addr string // as dialed
	host string // the host part of addr: the TLS server name

	tcp  net.Conn // the control connection's socket
	conn net.Conn // tcp, or TLS over it after AUTH TLS
	text *textproto.Conn
	lim  *replyLimit // under text: the bounds on one reply

	tlsConf *tls.Config // the session's TLS configuration, after AUTH TLS
	prot    bool        // PROT P is in effect: data connections use TLS
	typ     byte        // 'A' or 'I' once TYPE was sent; 0 before: the server's default is A

	// Fallbacks are remembered: a server that refused EPSV once will
	// refuse it again, so later transfers go straight to PASV.
	epsvRefused, eprtRefused bool

	// ctx is cancelled by Close: every data connection and listener
	// closes with it, so Close from another goroutine (Ctrl-C) stops a
	// transfer at once, not only the control dialogue.
	ctx    context.Context
	cancel context.CancelFunc

	// pending counts replies the server still owes for a transfer that
	// was abandoned after its 1xx reply; they are read and dropped
	// before the next command so that replies stay matched to commands.
	pending int
}

// Dial connects to the FTP server at addr ("host:port"), reads its
// greeting, and, with WithTLS, secures the control connection with AUTH
// TLS. ctx bounds the dial and the greeting.
func Dial(ctx context.Context, addr string, opts ...Option) (*Conn, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("ftp address %q: %w", addr, err)
	}
	if cfg.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.timeout)
		defer cancel()
	}
	c := &Conn{cfg: cfg, tr: newTracer(cfg.trace), addr: addr, host: host}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.tr.printf("connecting to %s", addr)
	nc, err := cfg.network.Dial(ctx, "tcp", "", addr)
	if err != nil {
		c.cancel()
		return nil, &DialError{Addr: addr, Failure: classify(err), Err: err}
	}
	c.tcp, c.conn = nc, nc
	c.tr.printf("connected %s -> %s", nc.LocalAddr(), nc.RemoteAddr())
	c.setupText()

	// Until Dial returns, the caller's ctx may cancel the greeting or
	// the TLS handshake: closing the socket ends any read.
	stop := context.AfterFunc(ctx, func() { nc.Close() })
	defer stop()

	if err := c.greeting(); err != nil {
		c.Close()
		return nil, fmt.Errorf("ftp %s: %w", addr, err)
	}
	if cfg.tls != nil {
		if err := c.authTLS(ctx); err != nil {
			c.Close()
			return nil, fmt.Errorf("ftp %s: %w", addr, err)
		}
	}
	return c, nil
}

// greeting reads the server's welcome: 220, possibly after 120 ("ready
// in nnn minutes", RFC 959 §5.4).
func (c *Conn) greeting() error {
	for {
		r, err := c.readReply()
		if err != nil {
			return fmt.Errorf("reading the greeting: %w", err)
		}
		switch {
		case r.Code == wire.CodeReadyInMinutes:
			continue
		case r.Code == wire.CodeReady:
			return nil
		}
		return &ReplyError{Code: r.Code, Msg: r.Msg, Cmd: "greeting"}
	}
}

// setupText (re)builds the text layer over c.conn: the trace tee sees
// plaintext, below it the line bound.
func (c *Conn) setupText() {
	rw := traceConn(c.conn, c.tr)
	c.lim = &replyLimit{r: rw}
	c.text = textproto.NewConn(struct {
		io.Reader
		io.Writer
		io.Closer
	}{c.lim, rw, rw})
}

// Close closes the control connection without QUIT, and with it any data
// connection or listener. It may be called from another goroutine to abort
// a transfer in progress.
func (c *Conn) Close() error {
	c.cancel()
	return c.conn.Close()
}

// Quit sends QUIT, reads the 221, waits briefly for the server to close
// the connection, and closes it. RFC 959 has the server close the control
// connection after 221; letting it go first keeps the closing order (and
// the lab's timeline) the same every time, and leaves TIME_WAIT on the
// server, not on the client.
func (c *Conn) Quit() error {
	_, err := c.cmd(2, "QUIT")
	if err == nil {
		c.tcp.SetReadDeadline(time.Now().Add(quitLinger))
		io.Copy(io.Discard, io.LimitReader(c.tcp, quitDrain))
	}
	if cerr := c.Close(); err == nil {
		err = cerr
	}
	return err
}

// After QUIT the client waits up to quitLinger for the server to close,
// reading and discarding at most quitDrain bytes (a TLS close_notify).
const (
	quitLinger = 2 * time.Second
	quitDrain  = 4096
)

// Login sends USER and, when the server asks for it (331), PASS. On a TLS
// session it then sends PBSZ 0 and PROT P so that data connections are
// protected too.
func (c *Conn) Login(user, pass string) error {
	r, err := c.cmd(0, "USER "+user)
	if err != nil {
		return err
	}
	switch r.Code {
	case wire.CodeLoggedIn:
	case wire.CodeNeedPassword:
		if _, err := c.cmd(23, "PASS "+pass); err != nil {
			return err
		}
	default:
		return &ReplyError{Code: r.Code, Msg: r.Msg, Cmd: "USER " + user}
	}
	if c.tlsConf != nil && !c.prot {
		return c.protect()
	}
	return nil
}

// LocalAddr is the control connection's local address: in the lab, a
// virtual one.
func (c *Conn) LocalAddr() net.Addr { return c.tcp.LocalAddr() }

// RemoteAddr is the control connection's peer: the server, or the NAT in
// front of it.
func (c *Conn) RemoteAddr() net.Addr { return c.tcp.RemoteAddr() }

// send writes one command line. A line holding CR or LF is refused: it
// would smuggle a second command (a file name "x\r\nDELE y").
func (c *Conn) send(line string) error {
	if strings.ContainsAny(line, "\r\n") {
		return fmt.Errorf("command %q: CR and LF are not allowed in a command line", maskPassword(line))
	}
	if err := c.drainPending(); err != nil {
		return err
	}
	if c.cfg.timeout > 0 {
		c.conn.SetWriteDeadline(time.Now().Add(c.cfg.timeout))
	}
	if err := c.text.PrintfLine("%s", line); err != nil {
		return fmt.Errorf("sending %s: %w", maskPassword(line), err)
	}
	return nil
}

// readReply reads one reply, single- or multi-line, within the timeout.
func (c *Conn) readReply() (Reply, error) {
	if c.cfg.timeout > 0 {
		c.conn.SetReadDeadline(time.Now().Add(c.cfg.timeout))
	}
	c.lim.start()
	code, msg, err := c.text.ReadResponse(0)
	if err != nil {
		return Reply{}, fmt.Errorf("reading reply: %w", err)
	}
	return Reply{Code: code, Msg: msg}, nil
}

// cmd sends line and reads its reply, which must match expect (see
// matches); any other reply becomes a *ReplyError.
func (c *Conn) cmd(expect int, line string) (Reply, error) {
	if err := c.send(line); err != nil {
		return Reply{}, err
	}
	r, err := c.readReply()
	if err != nil {
		return Reply{}, fmt.Errorf("%s: %w", maskPassword(line), err)
	}
	if !matches(r.Code, expect) {
		return r, &ReplyError{Code: r.Code, Msg: r.Msg, Cmd: maskPassword(line)}
	}
	return r, nil
}

// drainPending reads replies owed for an abandoned transfer.
func (c *Conn) drainPending() error {
	for c.pending > 0 {
		c.pending--
		if _, err := c.readReply(); err != nil {
			return fmt.Errorf("reading the reply to an abandoned transfer: %w", err)
		}
	}
	return nil
}

// addrPort converts a net.Addr of any Network implementation to a
// netip.AddrPort, IPv4-mapped addresses unmapped.
func addrPort(a net.Addr) (netip.AddrPort, error) {
	if ta, ok := a.(*net.TCPAddr); ok {
		ap := ta.AddrPort()
		return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()), nil
	}
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("address %q: %w", a, err)
	}
	return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()), nil
}
