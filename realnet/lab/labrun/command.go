package labrun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"ftplab/realnet/ftpclient"
	"ftplab/realnet/wire"
)

// pendingData is the data connection a typed PASV/EPSV opened, or the
// listener a typed PORT/EPRT announced, waiting for a transfer command.
type pendingData struct {
	conn net.Conn
	ln   *ftpclient.ActiveListener
}

func (p *pendingData) close() {
	if p.conn != nil {
		p.conn.Close()
	}
	if p.ln != nil {
		p.ln.Close()
	}
}

// transferVerbs use the data connection a previous command arranged.
var transferVerbs = map[string]bool{"LIST": true, "NLST": true, "MLSD": true, "RETR": true}

// maxShown bounds how much of a listing Command returns.
const maxShown = 4096

// Command sends one raw command line through the lab's client, the way a
// student drives the protocol by hand, and returns what the server
// answered. PASV and EPSV also open the data connection their reply
// announces; PORT and EPRT typed without an argument listen first and
// announce the client's own address (with an argument they are sent as
// typed: the bounce-attack lesson names a third host); LIST, NLST, MLSD
// and RETR then read the data connection and return its first bytes and
// the final reply. A line starting with "!" is a directive to the lab, not
// sent: "!steal" arms the scenario's attacker (see steal.go).
//
// Commands are taken once the run's own session is over (Done is closed)
// and only with Options.KeepOpen: the client is not shared with the
// scripted download.
func (r *Run) Command(ctx context.Context, line string) (string, error) {
	select {
	case <-r.done:
	default:
		return "", errors.New("the run's own session is still going: step it to its end first")
	}
	if !r.opts.KeepOpen {
		return "", errors.New("this run does not keep its FTP session open for commands")
	}
	type answer struct {
		out string
		err error
	}
	ch := make(chan answer, 1)
	go func() {
		out, err := r.command(line)
		ch <- answer{out, err}
	}()
	select {
	case a := <-ch:
		return a.out, a.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func (r *Run) command(line string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.client
	if c == nil {
		return "", errors.New("no FTP session: the run has ended (press r to restart)")
	}
	if strings.HasPrefix(strings.TrimSpace(line), "!") {
		return r.directive(line)
	}
	cmd, err := wire.ParseCommand(line)
	if err != nil {
		cmd = wire.Command{Verb: strings.ToUpper(strings.TrimSpace(line))}
	}
	if (cmd.Verb == "PORT" || cmd.Verb == "EPRT") && cmd.Arg == "" {
		ln, err := c.ListenActive()
		if err != nil {
			return "", err
		}
		arg := wire.FormatEPRT(ln.Addr())
		if cmd.Verb == "PORT" {
			if arg, err = wire.FormatPORT(ln.Addr()); err != nil {
				ln.Close()
				return "", err
			}
		}
		r.setData(&pendingData{ln: ln})
		line = cmd.Verb + " " + arg
	}
	reply, err := c.Raw(line)
	if err != nil {
		return "", err
	}
	out := reply.String()
	switch {
	case (cmd.Verb == "PASV" && reply.Code == 227) || (cmd.Verb == "EPSV" && reply.Code == 229):
		conn, err := c.DialPassive(reply)
		if err != nil {
			return out, err
		}
		r.setData(&pendingData{conn: conn})
	case transferVerbs[cmd.Verb] && reply.Code/100 == 1:
		n, shown, terr := r.readData()
		final, err := c.ReadReply()
		if err != nil {
			return out, err
		}
		out += fmt.Sprintf("\n(%d bytes on the data connection)\n", n)
		if cmd.Verb != "RETR" {
			out += shown
		}
		out += final.String()
		if terr != nil {
			return out, terr
		}
	}
	return out, nil
}

func (r *Run) setData(p *pendingData) {
	if r.data != nil {
		r.data.close()
	}
	r.data = p
}

// readData reads the pending data connection to its end.
func (r *Run) readData() (int64, string, error) {
	p := r.data
	r.data = nil
	if p == nil {
		return 0, "", errors.New("no data connection: send PASV, EPSV, PORT or EPRT first")
	}
	defer p.close()
	conn := p.conn
	if p.ln != nil {
		var err error
		if conn, err = p.ln.Accept(); err != nil {
			return 0, "", err
		}
	}
	var shown strings.Builder
	n, err := io.Copy(io.MultiWriter(&limited{&shown, maxShown}, io.Discard), conn)
	conn.Close()
	return n, shown.String(), err
}

// limited keeps the first n bytes written to it and swallows the rest.
type limited struct {
	b *strings.Builder
	n int
}

func (l *limited) Write(p []byte) (int, error) {
	if room := l.n - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}
