package capture

import (
	"fmt"
	"strings"
)

// Outcomes beyond the oracle's words (ok, timeout, refused, unreachable,
// a reply code): what one capture point cannot settle.
const (
	OutcomeUnseen     = "unseen"      // the data connection never reached this capture point
	OutcomeIncomplete = "incomplete"  // the capture ends before the transfer does
	OutcomeNoTransfer = "no-transfer" // the session set up no data connection
)

func replyCode(line string) string {
	if len(line) >= 3 && isCode(line[:3]) {
		return line[:3]
	}
	return ""
}

// final is the command's first reply that is not preliminary (1xx).
func (at *Attempt) final() string {
	for _, r := range at.Replies {
		if c := replyCode(r); c != "" && c[0] != '1' {
			return r
		}
	}
	return ""
}

// verdict says how the attempt ended, in the lab's words.
func (at *Attempt) verdict() {
	what := at.Setup
	if what == "" {
		what = "the data connection"
	}
	if c := replyCode(at.SetupReply); c != "" && c[0] >= '4' {
		at.Outcome, at.Detail = c, fmt.Sprintf("the server refused %q: %s", at.Setup, at.SetupReply)
		return
	}
	fin := at.final()
	if c := replyCode(fin); c != "" && c[0] >= '4' {
		at.Outcome = c
		at.Detail = fmt.Sprintf("%s answered %q after %.1f s", at.Command, fin, at.finalAt.Sub(at.cmdAt).Seconds())
		if dc := at.lastData(); dc != nil && dc.Verdict != "ok" {
			at.Detail += "; " + dc.describe()
		}
		return
	}
	dc := at.lastData()
	for _, d := range at.Data {
		if d.Verdict == "ok" {
			dc = d
		}
	}
	switch {
	case dc != nil && dc.Verdict == "ok":
		at.Outcome, at.Detail = "ok", dc.describe()
		if fin == "" && at.Command != "" && !at.sess.TLS {
			at.Outcome, at.Detail = OutcomeIncomplete, dc.describe()+"; the capture ends before the reply to "+at.Command
		}
	case dc != nil && dc.Verdict == "timeout" && dc.ByServer && at.sess.TLS:
		at.Outcome = "425"
		at.Detail = dc.describe() + "; the server gives up and (inside TLS, unreadable here) replies 425"
	case dc != nil && dc.Verdict != "unknown":
		at.Outcome, at.Detail = dc.Verdict, dc.describe()
	case replyCode(fin) != "" && fin[0] == '2':
		at.Outcome, at.Detail = "ok", at.Command+" answered "+fin
	case at.Announced.IsValid() || at.Command != "":
		at.Outcome = OutcomeUnseen
		at.Detail = fmt.Sprintf("no data connection for %s reached this capture point: it was lost on the other side, or never tried", what)
	default:
		at.Outcome, at.Detail = OutcomeNoTransfer, "no data connection"
	}
}

func (at *Attempt) lastData() *DataConn {
	if len(at.Data) == 0 {
		return nil
	}
	return at.Data[len(at.Data)-1]
}

// describe says how a data connection went, in one sentence.
func (dc *DataConn) describe() string {
	who := "client"
	if dc.ByServer {
		who = "server"
	}
	switch dc.Verdict {
	case "ok":
		s := fmt.Sprintf("data connection %s -> %s (dialled by the %s) carried %d bytes", dc.From, dc.To, who, dc.Bytes)
		if dc.Gap > 0 {
			s += fmt.Sprintf(", %d of them missing from the capture", dc.Gap)
		}
		return s
	case "timeout":
		return fmt.Sprintf("the %s's SYN %s -> %s was never answered (%d retransmissions)", who, dc.From, dc.To, dc.SYNs-1)
	case "refused":
		return fmt.Sprintf("the %s's SYN %s -> %s was answered by a RST", who, dc.From, dc.To)
	case "unreachable":
		return fmt.Sprintf("the %s's SYN %s -> %s got an ICMP unreachable", who, dc.From, dc.To)
	}
	return fmt.Sprintf("data connection %s -> %s: %s", dc.From, dc.To, dc.Verdict)
}

// verdict is the session's outcome: its last attempt's, the one the
// client ended with.
func (s *Session) verdict() {
	if len(s.Attempts) == 0 {
		s.Outcome, s.Detail = OutcomeNoTransfer, "the session set up no data connection"
		if s.TLS {
			s.Detail += " that this capture could tell apart (the control connection is encrypted)"
		}
		return
	}
	at := s.Attempts[len(s.Attempts)-1]
	s.Outcome, s.Detail = at.Outcome, at.Detail
	if len(s.Attempts) > 1 {
		var prev []string
		for _, x := range s.Attempts[:len(s.Attempts)-1] {
			prev = append(prev, x.Outcome)
		}
		s.Detail += fmt.Sprintf(" (after %d earlier attempts: %s)", len(prev), strings.Join(prev, ", "))
	}
}
