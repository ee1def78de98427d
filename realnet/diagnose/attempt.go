package diagnose

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path"
	"strings"
	"syscall"
	"time"

	"ftplab/realnet/ftpclient"
	"ftplab/realnet/wire"
)

// clientModes maps the oracle's modes to the client's exact modes, which
// send one command and never fall back.
var clientModes = map[Mode]ftpclient.Mode{
	PASV: ftpclient.PASV, PASVCtlIP: ftpclient.PASVCtlIP, EPSV: ftpclient.EPSV,
	PORT: ftpclient.PORT, EPRT: ftpclient.EPRT,
}

// dial opens a control connection that records itself, and closes it when
// ctx ends.
func dial(ctx context.Context, target string, m Mode, tls bool, o Options) (*ftpclient.Conn, *recorder, *transcript, func(), error) {
	rec := &recorder{inner: o.network()}
	tr := newTranscript()
	opts := []ftpclient.Option{
		ftpclient.WithNetwork(rec), ftpclient.WithTrace(tr), ftpclient.WithMode(clientModes[m]),
		ftpclient.WithTimeout(o.timeout()), ftpclient.WithDataTimeout(o.timeout()),
	}
	if tls {
		opts = append(opts, ftpclient.WithTLS(o.TLSConfig))
	}
	c, err := ftpclient.Dial(ctx, target, opts...)
	if err != nil {
		return nil, rec, tr, nil, err
	}
	stop := context.AfterFunc(ctx, func() { c.Close() })
	return c, rec, tr, func() { stop() }, nil
}

// attempt opens one data connection in mode m on its own control
// connection, and records how it went.
func attempt(ctx context.Context, target string, m Mode, tls bool, o Options) (a Attempt, busy bool) {
	a = Attempt{Mode: m, TLS: tls, Command: o.command()}
	ctx, cancel := context.WithTimeout(ctx, o.attemptLimit())
	defer cancel()
	c, rec, tr, stop, err := dial(ctx, target, m, tls, o)
	if err == nil {
		defer stop()
		err = c.Login(o.user(), o.Password)
		if err != nil {
			c.Close()
		}
	}
	if err != nil {
		var re *ftpclient.ReplyError
		busy = errors.As(err, &re) && re.Code == 421
		a.Ending, a.Detail, a.Transcript = NotRun, "could not log in: "+err.Error(), tr.Lines()
		return a, busy
	}
	var n int64
	err = transfer(c, o, &n)
	end := time.Now()
	a.Bytes = n
	a.Ending, a.Reply = classify(err)
	if err != nil {
		a.Detail = err.Error()
	}
	if ctx.Err() != nil && a.Ending == Failed {
		a.Ending, a.Detail = NoAnswer, fmt.Sprintf("attempt stopped after %v: %v", o.attemptLimit(), err)
	}
	if a.Works() && o.WriteTest {
		a.Write = writeTest(c, o)
	}
	if a.Works() {
		c.Quit()
	} else {
		c.Close()
	}
	a.Transcript = tr.Lines()
	a.Announced = announced(a.Transcript)
	a.DataTo, a.DataFrom = rec.dataEnds(m.Passive())
	a.Seconds = round3(end.Sub(tr.start).Seconds() - commandAt(a.Transcript))
	return a, false
}

// transfer runs the read-only transfer: LIST of the path, or RETR.
func transfer(c *ftpclient.Conn, o Options, n *int64) error {
	if o.Retr != "" {
		w := &counter{}
		err := c.Retr(o.Retr, w, 0)
		*n = w.n
		return err
	}
	b, err := c.List(o.Path)
	*n = int64(len(b))
	return err
}

type counter struct{ n int64 }

func (w *counter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// writeTest uploads a few bytes under a unique name beside the path, then
// removes them.
func writeTest(c *ftpclient.Conn, o Options) *WriteTest {
	var b [6]byte
	rand.Read(b[:])
	dir := o.Path
	if o.Retr != "" {
		dir = path.Dir(o.Retr)
	}
	name := path.Join(dir, ".ftplab-diagnose-"+hex.EncodeToString(b[:]))
	w := &WriteTest{Name: name}
	err := c.Stor(name, strings.NewReader("ftplab diagnose write test\n"), 0)
	w.Ending, w.Reply = classify(err)
	if err != nil {
		w.Detail = err.Error()
		return w
	}
	if err := c.Delete(name); err != nil {
		w.Detail = "could not remove it: " + err.Error()
		return w
	}
	w.Removed = true
	return w
}

// classify turns the client's error into an ending.
func classify(err error) (Ending, int) {
	var re *ftpclient.ReplyError
	var de *ftpclient.DataError
	switch {
	case err == nil:
		return Established, 0
	case errors.As(err, &re):
		verb, _, _ := strings.Cut(strings.ToUpper(re.Cmd), " ")
		switch {
		case verb == "PORT" || verb == "EPRT" || verb == "PASV" || verb == "EPSV":
			return CommandRefused, re.Code
		case re.Code == 425 || re.Code == 426:
			return Reply425, re.Code
		}
		return TransferRefused, re.Code
	case errors.As(err, &de):
		switch {
		case de.Op == "TLS handshake" && de.Failure != ftpclient.DataTimeout:
			return TLSFailed, 0
		case de.Failure == ftpclient.DataTimeout:
			return NoAnswer, 0
		case errors.Is(de.Err, syscall.EHOSTUNREACH) || errors.Is(de.Err, syscall.ENETUNREACH):
			return Unreachable, 0
		case de.Failure == ftpclient.DataRefused:
			return Refused, 0
		}
	case errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded):
		// No reply in time: in active mode, the server is still trying
		// to connect to us.
		return NoAnswer, 0
	}
	return Failed, 0
}

// announced reads what the 227 or 229 reply, or our PORT or EPRT
// command, named, from the transcript.
func announced(ls []Line) string {
	for _, l := range ls {
		t := l.Text
		switch {
		case strings.HasPrefix(t, "< 227 "):
			if ap, err := wire.Parse227(t[6:]); err == nil {
				return ap.String()
			}
		case strings.HasPrefix(t, "< 229 "):
			if p, err := wire.Parse229(t[6:]); err == nil {
				return fmt.Sprintf(":%d", p)
			}
		case strings.HasPrefix(t, "> PORT "):
			return parsed(wire.ParsePORT(t[7:]))
		case strings.HasPrefix(t, "> EPRT "):
			return parsed(wire.ParseEPRT(t[7:]))
		}
	}
	return ""
}

func parsed(ap netip.AddrPort, err error) string {
	if err != nil {
		return ""
	}
	return ap.String()
}

// commandAt is when the mode's command was sent, in seconds into the
// attempt: where its data connection's time starts.
func commandAt(ls []Line) float64 {
	for _, l := range ls {
		for _, v := range []string{"> PASV", "> EPSV", "> PORT ", "> EPRT "} {
			if strings.HasPrefix(l.Text, v) {
				return l.At
			}
		}
	}
	return 0
}
