package labrun

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// maxShown bounds how much of a listing Command returns.
const maxShown = 4096

// Command sends one raw command line through the lab's client, the way a
// student drives the protocol by hand, and returns what the server
// answered. PASV and EPSV also open the data connection their reply
// announces; PORT and EPRT typed without an argument listen first and
// announce the client's own address (with an argument they are sent as
// typed: the bounce-attack lesson names a third host); LIST, NLST, MLSD,
// RETR and STOR (an empty file) then use the data connection, and Command
// returns the bytes it carried, the first bytes of a listing and the
// final reply. A line starting with "!" is a directive to the lab, not
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
	if r.console == nil {
		return "", errors.New("no FTP session: the run has ended")
	}
	if strings.HasPrefix(strings.TrimSpace(line), "!") {
		return r.directive(line)
	}
	var shown limited
	shown.n = maxShown
	x, err := r.console.Do(line, &shown, nil)
	if x.Reply.Code == 0 {
		return "", err
	}
	out := x.Reply.String()
	if x.Transferred() && x.Final.Code != 0 {
		out += fmt.Sprintf("\n(%d bytes on the data connection)\n", x.Bytes)
		if !strings.HasPrefix(strings.ToUpper(x.Sent), "RETR") {
			out += shown.b.String()
		}
		out += x.Final.String()
	}
	return out, err
}

// limited keeps the first n bytes written to it and swallows the rest.
type limited struct {
	b strings.Builder
	n int
}

func (l *limited) Write(p []byte) (int, error) {
	if room := l.n - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}
