package ftpd

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"sync/atomic"
	"syscall"
	"time"

	"ftplab/realnet/wire"
)

// transfer is a data transfer running beside the control loop, so that
// the loop can still read ABOR, STAT, NOOP and QUIT (RFC 959 §4.1.3).
type transfer struct {
	verb, path string // for STAT and the log
	started    time.Time
	ctx        context.Context
	cancel     context.CancelFunc
	aborted    atomic.Bool
	bytes      atomic.Int64  // so far, for STAT
	done       chan struct{} // closed after the final reply
}

// abort stops the transfer: its data connection is closed, an upload is
// discarded, and its final reply is 426.
func (x *transfer) abort() {
	x.aborted.Store(true)
	x.cancel()
}

// job is one transfer command's work on the open data connection.
type job struct {
	verb, path string // the verb and the virtual path, for STAT and the log
	opening    string // the text of the 150 reply
	// run moves the data; it returns the bytes moved. A local failure
	// (the disk, not the network) is wrapped in localError.
	run func(x *transfer, conn net.Conn) (int64, error)
	// release frees what the handler prepared (an open file, a
	// temporary upload); it runs however the transfer ends.
	release func()
}

// localError marks a failure of the server's files, as opposed to the
// data connection, so the reply is 451/452/550 rather than 426.
type localError struct{ error }

func (e localError) Unwrap() error { return e.error }

// errAborted is returned by an upload that ABOR or Close stopped before
// it was committed.
var errAborted = errors.New("transfer aborted")

// startTransfer runs j on the prepared data connection in a new
// goroutine. The caller has checked that a data connection is prepared.
func (s *session) startTransfer(j job) {
	d := s.takeData()
	s.params.rest = 0
	x := &transfer{verb: j.verb, path: j.path, started: time.Now(), done: make(chan struct{})}
	x.ctx, x.cancel = context.WithCancel(s.ctx)
	protP := s.params.protP && s.tls != nil
	ascii := s.params.ascii

	s.xmu.Lock()
	s.xfer = x
	s.xmu.Unlock()

	go func() {
		defer s.endTransfer(x)
		defer x.cancel()
		if j.release != nil {
			defer j.release()
		}
		code, msg, n, err := s.runTransfer(x, d, j, protP)
		s.observeTransfer(j.verb, n, err)
		s.reply(code, msg)
		attrs := []any{"verb", j.verb, "path", j.path, "bytes", n, "duration", time.Since(x.started).Round(time.Millisecond),
			"ascii", ascii, "tls", protP, "reply", code}
		if err != nil {
			s.log.Info("transfer failed", append(attrs, "err", err)...)
		} else {
			s.log.Info("transfer", attrs...)
		}
	}()
}

// runTransfer opens the data connection, sends 150, runs the job and
// returns the final reply.
func (s *session) runTransfer(x *transfer, d dataOpener, j job, protP bool) (code int, msg string, n int64, err error) {
	openCtx, cancel := context.WithTimeout(x.ctx, s.srv.cfg.DataTimeout)
	conn, err := d.Open(openCtx)
	cancel()
	d.Close()
	s.observeData(d, conn, err)
	if err != nil {
		if x.aborted.Load() {
			return wire.CodeTransferAborted, "Transfer aborted.", 0, err
		}
		return wire.CodeCantOpenData, "Failed to establish connection.", 0, err
	}
	raw := conn
	// Abort and Close interrupt the copy by closing the socket under
	// it; closing the TLS layer instead could block behind a write.
	stop := context.AfterFunc(x.ctx, func() { raw.Close() })
	defer stop()
	// conn becomes the TLS layer below: close whatever it is then, so a
	// TLS data connection ends with close_notify (ftplib's unwrap needs
	// it, and it tells a complete upload from a cut one).
	defer func() { closeConn(conn) }()

	s.reply(wire.CodeFileStatusOK, j.opening)
	if protP {
		// The handshake follows the 150 reply: curl and ftplib start it
		// only once they have read the 150.
		tc, err := s.dataTLS(x, raw)
		if err != nil {
			return wire.CodeCantOpenData, "TLS negotiation failed on the data connection.", 0, err
		}
		if tc == nil {
			return wire.CodeCantOpenData, "TLS session reuse required on the data connection.", 0, errNoReuse
		}
		conn = tc
	}
	n, err = j.run(x, conn)
	if err == nil {
		// A TLS upload is complete only when the close_notify is
		// sent; an error here is the client's loss, not the file's.
		return wire.CodeClosingData, "Transfer complete.", n, nil
	}
	if x.aborted.Load() {
		return wire.CodeTransferAborted, "Transfer aborted.", n, err
	}
	code, msg = transferErrorReply(err)
	return code, msg, n, err
}

// errNoReuse reports a data connection that did not resume the control
// connection's TLS session.
var errNoReuse = errors.New("data connection did not resume the control connection's TLS session")

// dataTLS runs the server side of the data connection's TLS handshake.
// It returns nil, nil when the client did not resume this session's TLS
// session and Config.TLSNoSessionReuse does not allow that.
func (s *session) dataTLS(x *transfer, raw net.Conn) (*tls.Conn, error) {
	tc := tls.Server(raw, s.tls)
	hctx, cancel := context.WithTimeout(x.ctx, s.srv.cfg.TLSHandshakeTimeout)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		return nil, err
	}
	if !tc.ConnectionState().DidResume && !s.srv.cfg.TLSNoSessionReuse {
		s.log.Warn("data connection refused: it did not resume the control connection's TLS session", "from", raw.RemoteAddr().String())
		closeConn(tc) // close_notify: the client reads an end, then the 425
		return nil, nil
	}
	return tc, nil
}

// transferErrorReply maps a failed transfer to its final reply.
func transferErrorReply(err error) (int, string) {
	var le localError
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return wire.CodeInsufficientSpace, "Insufficient storage space."
	case errors.As(err, &le):
		return replyForError(le.error)
	default:
		return wire.CodeTransferAborted, "Connection closed; transfer aborted."
	}
}

// endTransfer clears the running transfer, re-arms the idle deadline and
// wakes those waiting for the final reply.
func (s *session) endTransfer(x *transfer) {
	s.xmu.Lock()
	s.xfer = nil
	s.armIdleLocked()
	s.xmu.Unlock()
	close(x.done)
}
