package ftpd

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"time"

	"ftplab/realnet/wire"
)

// session is one control connection. Its fields are owned by the control
// goroutine (serve), except those under wmu and xmu, which the transfer
// goroutine and Shutdown also touch.
type session struct {
	srv   *Server
	id    uint64
	log   *slog.Logger
	raw   net.Conn // the accepted connection: deadlines are set here
	peer  netip.AddrPort
	local netip.AddrPort

	ctx    context.Context // ends when the session ends or is killed
	cancel context.CancelFunc

	r *bufio.Reader // reads s.conn, wire.MaxLine bytes at most

	wmu  sync.Mutex  // serializes replies from the loop and the transfer
	conn net.Conn    // raw, or a *tls.Conn after AUTH TLS; written under wmu
	tls  *tls.Config // this session's (sessionTLS), set by AUTH TLS

	login  loginState
	params transferParams
	cwd    string // virtual, absolute: "/" is the Root

	renameFrom string // set by RNFR, used by the RNTO that follows at once
	lastVerb   string
	quit       bool // close after this command's reply

	xmu     sync.Mutex
	xfer    *transfer // the transfer running now, or nil
	closing bool      // Shutdown asked: end after any running transfer
	loginBy time.Time // before login: when the session must be logged in
}

// loginState is what USER, PASS and AUTH have established.
type loginState struct {
	user      string // from USER, until PASS
	loggedIn  bool
	anonymous bool
	failures  int
	tls       bool // the control connection is TLS
	pbsz      bool // PBSZ 0 received
}

// transferParams are the settings the next transfer uses.
type transferParams struct {
	ascii   bool  // TYPE A
	rest    int64 // REST offset for the next RETR, STOR or APPE
	protP   bool  // PROT P: data connections use TLS
	epsvAll bool
	data    dataOpener // from PASV, EPSV, PORT or EPRT
	facts   factSet    // MLST facts chosen with OPTS MLST
}

func newSession(srv *Server, c net.Conn, id uint64) *session {
	ctx, cancel := context.WithCancel(context.Background())
	s := &session{
		srv:    srv,
		id:     id,
		raw:    c,
		conn:   c,
		peer:   addrPortOf(c.RemoteAddr()),
		local:  addrPortOf(c.LocalAddr()),
		ctx:    ctx,
		cancel: cancel,
		r:      bufio.NewReaderSize(c, wire.MaxLine),
		cwd:    "/",
	}
	s.params.facts = defaultFacts
	s.loginBy = time.Now().Add(srv.cfg.LoginTimeout)
	s.log = srv.cfg.Logger.With("session", id, "remote", s.peer.String())
	return s
}

// serve runs the control loop until QUIT, an error, a timeout or Close.
func (s *session) serve() {
	start := time.Now()
	s.log.Info("connect", "local", s.local.String())
	s.observe(Event{Kind: SessionOpen})
	defer s.observe(Event{Kind: SessionClose}) // after the cleanup below
	setOOBInline(s.raw)
	defer func() {
		s.cancel()
		if x := s.currentTransfer(); x != nil {
			x.abort()
			<-x.done
		}
		s.setData(nil)
		s.wmu.Lock()
		closeConn(s.conn)
		s.wmu.Unlock()
		s.log.Info("disconnect", "user", s.login.user, "duration", time.Since(start).Round(time.Millisecond))
	}()

	s.reply(wire.CodeReady, s.srv.cfg.Welcome)
	for !s.quit {
		line, err := s.readLine()
		switch {
		case errors.Is(err, errLineTooLong):
			s.reply(wire.CodeSyntaxError, "Command line too long.")
			continue
		case err != nil:
			s.endOnReadError(err)
			return
		}
		s.dispatch(line)
	}
}

// endOnReadError says goodbye when the read failed for a reason the
// client can still hear about.
func (s *session) endOnReadError(err error) {
	s.xmu.Lock()
	closing := s.closing
	s.xmu.Unlock()
	var ne net.Error
	switch {
	case closing:
		s.reply(wire.CodeNotAvailable, "Server shutting down.")
	case errors.As(err, &ne) && ne.Timeout():
		s.log.Info("idle timeout", "after", s.srv.cfg.IdleTimeout)
		s.reply(wire.CodeNotAvailable, "Timeout.")
	case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
	default:
		s.log.Debug("control read failed", "err", err)
	}
}

// dispatch parses and runs one command line.
func (s *session) dispatch(line string) {
	s.observeCommand(line)
	cmd, err := wire.ParseCommand(line)
	if err != nil {
		s.reply(wire.CodeSyntaxError, "Syntax error, command unrecognized.")
		return
	}
	if cmd.Verb == "PASS" {
		s.log.Debug("command", "verb", cmd.Verb)
	} else {
		s.log.Debug("command", "verb", cmd.Verb, "arg", cmd.Arg)
	}
	spec, ok := s.srv.commands[cmd.Verb]
	if !ok {
		s.reply(wire.CodeSyntaxError, "Unknown command.")
		return
	}
	// While a transfer runs only ABOR, STAT, NOOP and QUIT are answered
	// at once; any other command waits for the transfer's final reply,
	// as if the client had waited for it before sending.
	if x := s.currentTransfer(); x != nil && !spec.duringTransfer {
		<-x.done
	}
	defer func() { s.lastVerb = cmd.Verb }()
	switch {
	case spec.handle == nil:
		s.reply(wire.CodeNotImplemented, "Command not implemented.")
	case spec.needLogin && !s.login.loggedIn:
		s.reply(wire.CodeNotLoggedIn, "Please login with USER and PASS.")
	case spec.needArg && cmd.Arg == "":
		s.reply(wire.CodeBadArguments, "Syntax error in parameters or arguments.")
	default:
		spec.handle(s, cmd.Arg)
	}
}

// errLineTooLong reports a command line longer than wire.MaxLine.
var errLineTooLong = errors.New("command line too long")

// readLine reads one command line under the idle deadline, which bounds
// the whole line. A line longer than wire.MaxLine is discarded to its end
// without being buffered, and errLineTooLong returned. Telnet commands
// (IAC sequences, RFC 854) are removed.
func (s *session) readLine() (string, error) {
	s.armIdle()
	b, err := s.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		for errors.Is(err, bufio.ErrBufferFull) {
			_, err = s.r.ReadSlice('\n')
		}
		if err != nil {
			return "", err
		}
		return "", errLineTooLong
	}
	if err != nil {
		return "", err
	}
	return stripTelnet(b), nil
}

// armIdle sets the control connection's read deadline: none while a
// transfer runs (the data timeout watches it), in the past when the
// server is shutting down, else IdleTimeout from now, and before login
// no later than the login deadline.
func (s *session) armIdle() {
	s.xmu.Lock()
	defer s.xmu.Unlock()
	s.armIdleLocked()
}

func (s *session) armIdleLocked() {
	switch {
	case s.xfer != nil:
		s.raw.SetReadDeadline(time.Time{})
	case s.closing:
		s.raw.SetReadDeadline(time.Unix(1, 0))
	default:
		d := time.Now().Add(s.srv.cfg.IdleTimeout)
		if !s.loginBy.IsZero() && s.loginBy.Before(d) {
			d = s.loginBy
		}
		s.raw.SetReadDeadline(d)
	}
}

// setLoginDeadline starts (from now) or, with loggedIn, ends the time
// allowed to log in.
func (s *session) setLoginDeadline(loggedIn bool) {
	s.xmu.Lock()
	defer s.xmu.Unlock()
	s.loginBy = time.Time{}
	if !loggedIn {
		s.loginBy = time.Now().Add(s.srv.cfg.LoginTimeout)
	}
}

// reply sends one reply, multi-line if msg has several lines.
func (s *session) reply(code int, msg string) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.observeReply(code, msg)
	s.conn.SetWriteDeadline(time.Now().Add(s.srv.cfg.IdleTimeout))
	if _, err := io.WriteString(s.conn, wire.FormatReply(code, msg)); err != nil {
		// The client is gone or not reading: end the session.
		s.log.Debug("reply failed", "code", code, "err", err)
		s.raw.Close()
	}
}

// replyErr answers a failed file operation; see replyForError.
func (s *session) replyErr(op string, err error) {
	code, msg := replyForError(err)
	if code == wire.CodeLocalError {
		s.log.Error("file operation failed", "op", op, "err", err)
	} else {
		s.log.Debug("file operation refused", "op", op, "err", err)
	}
	s.reply(code, msg)
}

// replyCreateErr answers an upload whose file could not be created. A
// refusal is 553, as from vsftpd ("Could not create file."), the code RFC
// 959 gives to a file name not allowed; other failures as replyErr.
func (s *session) replyCreateErr(op string, err error) {
	if code, _ := replyForError(err); code == wire.CodeFileUnavailable {
		s.log.Debug("file creation refused", "op", op, "err", err)
		s.reply(wire.CodeBadFileName, "Could not create file.")
		return
	}
	s.replyErr(op, err)
}

// startTLS turns the control connection into TLS after the 234 reply.
func (s *session) startTLS() error {
	s.tls = sessionTLS(s.srv.cfg.TLS)
	tc := tls.Server(s.raw, s.tls)
	ctx, cancel := context.WithTimeout(s.ctx, s.srv.cfg.TLSHandshakeTimeout)
	defer cancel()
	if err := tc.HandshakeContext(ctx); err != nil {
		return err
	}
	s.wmu.Lock()
	s.conn = tc
	s.wmu.Unlock()
	// Anything the client sent before the handshake is discarded with
	// the old reader, as RFC 4217 §4 requires of pipelined commands.
	s.r.Reset(tc)
	s.observe(Event{Kind: TLSStart})
	return nil
}

// setData replaces the data connection prepared for the next transfer,
// closing the one before.
func (s *session) setData(d dataOpener) {
	if s.params.data != nil {
		s.params.data.Close()
	}
	s.params.data = d
}

// takeData hands the prepared data connection to a transfer.
func (s *session) takeData() dataOpener {
	d := s.params.data
	s.params.data = nil
	return d
}

func (s *session) currentTransfer() *transfer {
	s.xmu.Lock()
	defer s.xmu.Unlock()
	return s.xfer
}

// shutdown asks the session to end: at once when idle, after its
// transfer's final reply otherwise.
func (s *session) shutdown() {
	s.xmu.Lock()
	defer s.xmu.Unlock()
	s.closing = true
	s.armIdleLocked()
}

// kill ends the session now, aborting any transfer.
func (s *session) kill() {
	s.cancel()
	if x := s.currentTransfer(); x != nil {
		x.abort()
	}
	s.raw.Close()
}

// closeConn closes c, giving a TLS connection a moment to send its
// close_notify.
func closeConn(c net.Conn) {
	c.SetWriteDeadline(time.Now().Add(time.Second))
	c.Close()
}

// stripTelnet removes the line ending and Telnet commands from a line.
// Clients send IAC IP and IAC DM (Synch) before ABOR (RFC 959 §4.1.3);
// IAC IAC stands for a 0xFF byte.
func stripTelnet(b []byte) string {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	const iac = 0xFF
	if bytes.IndexByte(b, iac) < 0 {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != iac {
			out = append(out, b[i])
			continue
		}
		if i+1 >= len(b) {
			break
		}
		switch c := b[i+1]; {
		case c == iac:
			out = append(out, iac)
			i++
		case c >= 251 && c <= 254: // WILL, WONT, DO, DONT + option
			i += 2
		case c >= 240:
			i++
		}
	}
	return string(out)
}
