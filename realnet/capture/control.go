package capture

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"ftplab/realnet/wire"
	"ftplab/sim"
)

// maxLine bounds a control line kept from a capture; longer lines are
// cut (a real server would refuse them anyway).
const maxLine = 4096

// maxLines bounds the dialogue kept per session.
const maxLines = 10000

// feed takes the in-order bytes of one direction of the control
// connection (dir 0: from the client); missing bytes drop the line in
// progress.
func (s *Session) feed(a *analyzer, dir int, b []byte, missing int64) {
	for len(b) > 0 {
		if s.TLS {
			s.opaque(a.now, dir, int64(len(b)))
			return
		}
		i := indexByte(b, '\n')
		if i < 0 {
			if len(s.buf[dir]) < maxLine {
				s.buf[dir] = append(s.buf[dir], b[:min(len(b), maxLine-len(s.buf[dir]))]...)
			}
			break
		}
		if len(s.buf[dir]) < maxLine {
			s.buf[dir] = append(s.buf[dir], b[:min(i, maxLine-len(s.buf[dir]))]...)
		}
		b = b[i+1:]
		line := strings.TrimRight(string(s.buf[dir]), "\r")
		s.buf[dir] = s.buf[dir][:0]
		if s.lost[dir] {
			s.lost[dir] = false
			continue
		}
		if dir == 0 {
			s.command(a, line)
		} else {
			s.replyLine(a, line)
		}
	}
	if missing > 0 {
		if s.TLS {
			s.opaque(a.now, dir, missing)
			return
		}
		s.lost[dir] = true
		s.Gaps += missing
	}
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// opaque counts ciphertext on the control connection in bursts, one
// data.bytes event per run of bytes in one direction.
func (s *Session) opaque(at time.Time, dir int, n int64) {
	from, to := s.Client, s.Server
	if dir == 1 {
		from, to = to, from
	}
	if s.burst != nil && s.burst.ev.From == from {
		s.burst.ev.Bytes += int(n)
		return
	}
	s.closeBurst()
	s.burst = &stamped{at, sim.Event{Host: s.role(from), Conn: 1, Label: sim.LabelDataBytes, From: from, To: to, Bytes: int(n)}}
}

func (s *Session) closeBurst() {
	if s.burst == nil {
		return
	}
	b := s.burst
	s.burst = nil
	b.ev.Text = fmt.Sprintf("%s sends %d bytes of TLS on the control connection (unreadable here)", b.ev.Host, b.ev.Bytes)
	s.emit(b.at, b.ev)
}

func (s *Session) keepLine(at time.Time, fromClient bool, text string) {
	if len(s.Lines) < maxLines {
		s.Lines = append(s.Lines, Line{Time: at, FromClient: fromClient, Text: text})
	}
}

// command handles one line from the client.
func (s *Session) command(a *analyzer, line string) {
	verb, arg, _ := strings.Cut(line, " ")
	verb = strings.ToUpper(verb)
	shown := line
	if verb == "PASS" {
		shown = "PASS ****" // a capture holds passwords; the analysis does not repeat them
	}
	s.keepLine(a.now, true, shown)
	s.emit(a.now, sim.Event{Host: "client", Conn: 1, Label: sim.CmdLabel(verb), From: s.Client, To: s.Server,
		Line: shown, Text: fmt.Sprintf("client sends %q", shown)})
	switch verb {
	case "PORT", "EPRT":
		at := &Attempt{Setup: line, sess: s}
		var err error
		if verb == "PORT" {
			at.Announced, err = wire.ParsePORT(arg)
		} else {
			at.Announced, err = wire.ParseEPRT(arg)
		}
		if err != nil {
			at.Announced = netip.AddrPort{}
		}
		s.Attempts = append(s.Attempts, at)
	case "PASV", "EPSV", "LPSV":
		s.Attempts = append(s.Attempts, &Attempt{Setup: line, Passive: true, sess: s})
	case "RETR", "STOR", "STOU", "APPE", "LIST", "NLST", "MLSD":
		at := s.current()
		if at == nil || at.Command != "" {
			at = &Attempt{sess: s} // no PORT/PASV before it: the default data port
			s.Attempts = append(s.Attempts, at)
		}
		at.Command, at.cmdAt = line, a.now
		a.await(at)
	case "AUTH":
		s.authTLS = true
	}
}

// current is the last attempt, if any.
func (s *Session) current() *Attempt {
	if len(s.Attempts) == 0 {
		return nil
	}
	return s.Attempts[len(s.Attempts)-1]
}

// replyLine handles one line from the server, gathering multi-line
// replies (RFC 959 §4.2: "123-First line" ... "123 Last line").
func (s *Session) replyLine(a *analyzer, line string) {
	if len(s.reply) > 0 {
		s.reply = append(s.reply, line)
		if len(line) >= 4 && line[:3] == s.reply[0][:3] && line[3] == ' ' {
			s.replyDone(a, s.reply)
			s.reply = nil
		} else if len(s.reply) > 1000 {
			s.reply = s.reply[:1]
		}
		return
	}
	if len(line) >= 4 && isCode(line[:3]) && line[3] == '-' {
		s.reply = []string{line}
		return
	}
	s.replyDone(a, []string{line})
}

func isCode(s string) bool {
	return len(s) == 3 && s[0] >= '1' && s[0] <= '5' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9'
}

// replyDone handles one whole reply.
func (s *Session) replyDone(a *analyzer, lines []string) {
	text := strings.Join(lines, "\n")
	code := ""
	if len(lines[0]) >= 3 && isCode(lines[0][:3]) {
		code = lines[0][:3]
	}
	s.keepLine(a.now, false, text)
	label := sim.ReplyLabel(code)
	if code == "" {
		label = sim.ReplyLabel("???")
	}
	s.emit(a.now, sim.Event{Host: "server", Conn: 1, Label: label, From: s.Server, To: s.Client, Line: text,
		Text: fmt.Sprintf("server sends %q", lines[len(lines)-1])})
	if code == "220" && len(s.Lines) == 1 {
		return
	}
	s.replyTo(a, code, lines[len(lines)-1])
	if s.authTLS && code == "234" {
		s.TLS = true
		s.emit(a.now, sim.Event{Host: "client", Conn: 1, Label: sim.LabelTLSStart, From: s.Client, To: s.Server,
			Text: "TLS starts on the control connection: from here on the capture (and any firewall helper) sees only ciphertext"})
	}
	s.authTLS = false
}

// replyTo links a reply to the attempt it answers.
func (s *Session) replyTo(a *analyzer, code, last string) {
	at := s.current()
	if at == nil || code == "" {
		return
	}
	switch {
	case at.Command == "" && at.SetupReply == "" && at.Setup != "":
		at.SetupReply = last
		if code == "227" {
			if ap, err := wire.Parse227(last[3:]); err == nil {
				at.Announced = ap
			}
		}
		if code == "229" {
			if p, err := wire.Parse229(last); err == nil {
				at.Announced = netip.AddrPortFrom(s.Server.Addr(), p)
			}
		}
		if code[0] == '2' {
			a.await(at)
		}
	case at.Command != "" && !at.finished:
		at.Replies = append(at.Replies, last)
		if code[0] != '1' {
			at.finished, at.finalAt = true, a.now
		}
	}
}
