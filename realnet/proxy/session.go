package proxy

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/netip"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"ftplab/realnet/wire"
)

// session is one client's control connection and its upstream twin.
type session struct {
	p      *Proxy
	id     uint64
	ctx    context.Context
	cancel context.CancelFunc

	client, server         net.Conn
	clientAddr, serverAddr netip.AddrPort // the peers
	cr, sr                 *bufio.Reader

	cmu sync.Mutex // serialises writes to the client

	authAsked atomic.Bool // AUTH sent, its reply not yet seen
	authDone  chan bool   // the reply to AUTH: true if 234
	relays    atomic.Int32
	data      dataSlot
	wg        sync.WaitGroup // data relays
}

func newSession(p *Proxy, ctx context.Context, c, u net.Conn) *session {
	ctx, cancel := context.WithCancel(ctx)
	return &session{
		p: p, id: p.nextID.Add(1), ctx: ctx, cancel: cancel,
		client: c, server: u,
		clientAddr: addrPort(c.RemoteAddr()), serverAddr: addrPort(u.RemoteAddr()),
		cr: bufio.NewReaderSize(c, wire.MaxLine), sr: bufio.NewReaderSize(u, wire.MaxLine),
		authDone: make(chan bool, 1),
	}
}

// run relays both directions until one ends, then closes everything.
func (s *session) run() {
	s.emit(Event{Kind: SessionOpen})
	stop := context.AfterFunc(s.ctx, func() { s.client.Close(); s.server.Close() })
	defer stop()
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.fromServer()
		s.cancel()
	}()
	s.fromClient()
	s.cancel()
	<-done
	s.data.set(nil)
	s.wg.Wait()
	s.emit(Event{Kind: SessionClose})
}

func (s *session) emit(ev Event) {
	if s.p.cfg.Observer == nil {
		return
	}
	ev.Session, ev.Time = s.id, time.Now()
	ev.Client, ev.Server = s.clientAddr, s.serverAddr
	s.p.cfg.Observer(ev)
}

func (s *session) gate(ev Event) error {
	if s.p.cfg.Gate == nil {
		return nil
	}
	ev.Session, ev.Client, ev.Server = s.id, s.clientAddr, s.serverAddr
	return s.p.cfg.Gate(s.ctx, ev)
}

// fromClient relays the client's commands, rewriting PORT and EPRT.
func (s *session) fromClient() {
	for {
		line, err := s.readClient()
		if errors.Is(err, errLineTooLong) {
			s.refuse(wire.CodeSyntaxError, "Command line too long.", "")
			continue
		}
		if err != nil {
			return
		}
		if err := s.gate(Event{Kind: ClientLine, Line: line}); err != nil {
			return
		}
		sent, note := s.clientLine(line)
		if sent == "" {
			continue
		}
		auth := isAuthTLS(line)
		s.authAsked.Store(auth)
		s.emit(Event{Kind: ClientLine, Line: line, Sent: sent, Note: note})
		if _, err := io.WriteString(s.server, sent+"\r\n"); err != nil {
			return
		}
		if auth && s.awaitAuth() {
			// Ciphertext from here on: relay the bytes as they are.
			io.Copy(s.server, s.cr)
			return
		}
	}
}

// awaitAuth waits for the server's answer to AUTH.
func (s *session) awaitAuth() bool {
	select {
	case ok := <-s.authDone:
		return ok
	case <-s.ctx.Done():
		return false
	}
}

// fromServer relays the server's replies, rewriting 227 and 229.
func (s *session) fromServer() {
	for {
		line, err := readLine(s.sr)
		if err != nil {
			return
		}
		if err := s.gate(Event{Kind: ServerLine, Line: line}); err != nil {
			return
		}
		sent, note := s.serverLine(line)
		s.emit(Event{Kind: ServerLine, Line: line, Sent: sent, Note: note})
		// Whether this reply answers AUTH is settled before the client
		// sees it: once relayed, the client may send AUTH at once, and a
		// greeting taken for its answer left the real 234 unheeded (the
		// ClientHello was then read as command lines).
		answersAuth := final(line) && s.authAsked.Swap(false)
		if err := s.toClient(sent); err != nil {
			return
		}
		if answersAuth {
			ok := strings.HasPrefix(line, "234")
			s.authDone <- ok
			if ok {
				s.emit(Event{Kind: Opaque, Note: "AUTH TLS accepted: the control connection is encrypted from here on. " +
					"The proxy relays it unread, as a firewall's FTP helper would have to: " +
					"it can no longer see PORT or 227, so data connections no longer pass through it"})
				io.Copy(s.client, s.sr)
				return
			}
		}
	}
}

// clientLine returns the line to send upstream ("" if the proxy answered
// it itself) and a finding about it.
func (s *session) clientLine(line string) (string, string) {
	dc, ok, err := parseDataCommand(line)
	switch {
	case !ok:
		return line, ""
	case err != nil:
		s.data.set(nil)
		s.refuse(wire.CodeBadArguments, "Syntax error in parameters or arguments.", err.Error())
		return "", ""
	}
	if err := checkTarget(dc.target, s.clientAddr.Addr()); err != nil {
		// A refused PORT cancels an earlier PASV, as vsftpd does.
		s.data.set(nil)
		s.refuse(wire.CodeSyntaxError, "Illegal PORT command.", err.Error())
		return "", ""
	}
	local := netip.AddrPortFrom(addrPort(s.server.LocalAddr()).Addr(), 0)
	ln, err := s.listen(local)
	if err != nil {
		s.refuse(wire.CodeCantOpenData, "Proxy cannot listen for the data connection.", err.Error())
		return "", ""
	}
	s.startData(ln, dc.target, false)
	return formatDataCommand(dc.verb, addrPort(ln.Addr())), ""
}

// serverLine returns the line to send to the client and a finding.
func (s *session) serverLine(line string) (string, string) {
	pr, ok, err := parsePassiveReply(line)
	if !ok {
		return line, ""
	}
	if err != nil {
		return line, "the proxy cannot read this passive reply (" + err.Error() + "): relayed as it is"
	}
	target, note := s.passiveTarget(pr)
	local := netip.AddrPortFrom(addrPort(s.client.LocalAddr()).Addr(), 0)
	ln, err := s.listen(local)
	if err != nil {
		return line, "the proxy cannot listen for the data connection: " + err.Error()
	}
	sent, err := formatPassiveReply(pr.code, addrPort(ln.Addr()))
	if err != nil {
		ln.Close()
		return line, note + "; cannot rewrite: " + err.Error()
	}
	s.startData(ln, target, true)
	return sent, note
}

// passiveTarget is where the proxy dials for a 227/229: the server's
// control address at the announced port, or the 227 address itself when
// configured so.
func (s *session) passiveTarget(pr passiveReply) (netip.AddrPort, string) {
	peer := netip.AddrPortFrom(s.serverAddr.Addr(), pr.announced.Port())
	if pr.code != wire.CodePassive {
		return peer, ""
	}
	announced := netip.AddrPortFrom(pr.announced.Addr().Unmap(), pr.announced.Port())
	if announced.Addr() == s.serverAddr.Addr() {
		return announced, ""
	}
	note := "227 names " + announced.Addr().String() + " but the control connection goes to " +
		s.serverAddr.Addr().String() + ": a server behind NAT without pasv_address (lesson 10)"
	if s.p.cfg.UsePASVAddress {
		return announced, note + "; dialling the 227 address as told"
	}
	return peer, note + "; dialling the control connection's address instead, as curl and ftplib do"
}

// refuse answers the client in the proxy's own name.
func (s *session) refuse(code int, msg, why string) {
	reply := strings.TrimRight(wire.FormatReply(code, msg), "\r\n")
	s.emit(Event{Kind: Refused, Line: reply, Note: why})
	s.toClient(reply)
}

func (s *session) toClient(line string) error {
	s.cmu.Lock()
	defer s.cmu.Unlock()
	s.client.SetWriteDeadline(time.Now().Add(s.p.cfg.IdleTimeout))
	_, err := io.WriteString(s.client, line+"\r\n")
	return err
}

// readClient reads a command line; the idle timeout applies only while
// no data connection is being relayed (a transfer is a silent control
// connection).
func (s *session) readClient() (string, error) {
	for {
		s.client.SetReadDeadline(time.Now().Add(s.p.cfg.IdleTimeout))
		line, err := readLine(s.cr)
		if errors.Is(err, os.ErrDeadlineExceeded) && s.relays.Load() > 0 {
			continue
		}
		return line, err
	}
}

// readLine reads one line, without its CRLF. A line longer than
// wire.MaxLine is skipped to its end and errLineTooLong returned.
func readLine(r *bufio.Reader) (string, error) {
	b, err := r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		for errors.Is(err, bufio.ErrBufferFull) {
			_, err = r.ReadSlice('\n')
		}
		if err != nil {
			return "", err
		}
		return "", errLineTooLong
	}
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// final reports whether line ends a reply: "xyz " (RFC 959 §4.2).
func final(line string) bool {
	return len(line) >= 4 && line[3] == ' ' && isCode(line[:3])
}

func isCode(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
