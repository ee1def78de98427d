package ftpd

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"ftplab/realnet/wire"
)

func (s *session) handleSYST(string) {
	s.reply(wire.CodeSystemType, "UNIX Type: L8")
}

func (s *session) handleNOOP(string) {
	s.reply(wire.CodeOK, "NOOP ok.")
}

// handleSTAT answers three ways (RFC 959 §4.1.3): during a transfer, its
// progress; with a path, a listing over the control connection; else
// the session's status.
func (s *session) handleSTAT(arg string) {
	if x := s.currentTransfer(); x != nil {
		s.reply(wire.CodeFileStatus, fmt.Sprintf("Status: %s %s, %d bytes so far, %s.",
			x.verb, x.path, x.bytes.Load(), time.Since(x.started).Round(time.Second)))
		return
	}
	if arg != "" {
		if !s.login.loggedIn {
			s.reply(wire.CodeNotLoggedIn, "Please login with USER and PASS.")
			return
		}
		l, err := s.listEntries(listArg(arg))
		if err != nil {
			s.replyErr("STAT", err)
			return
		}
		var b strings.Builder
		b.WriteString("Status follows:\n")
		now := time.Now()
		for e := range s.entries(l) {
			b.WriteString(listLine(e.info, e.name, now) + "\n")
		}
		b.WriteString("End of status.")
		s.reply(wire.CodeFileStatus, b.String())
		return
	}
	typ := "BINARY"
	if s.params.ascii {
		typ = "ASCII"
	}
	user := "not logged in"
	if s.login.loggedIn {
		user = "logged in as " + s.login.user
	}
	data := "none"
	switch d := s.params.data.(type) {
	case *passiveListener:
		data = "passive on " + d.l.Addr().String()
	case *activeTransfer:
		data = "active to " + d.remote.String()
	}
	s.reply(wire.CodeSystemStatus, strings.Join([]string{
		"FTP server status:",
		"     Connected to " + s.peer.Addr().String(),
		"     " + strings.ToUpper(user[:1]) + user[1:],
		"     TYPE: " + typ + ", MODE: S, STRU: F",
		fmt.Sprintf("     Control connection TLS: %v, data protection: %v", s.login.tls, s.params.protP),
		"     Data connection: " + data,
		"End of status.",
	}, "\n"))
}

// handleHELP lists the commands, or gives one command's syntax.
func (s *session) handleHELP(arg string) {
	if arg = strings.ToUpper(strings.TrimSpace(arg)); arg != "" {
		spec, ok := s.srv.commands[arg]
		if !ok {
			s.reply(wire.CodeNotImplemented, "Unknown command "+arg+".")
			return
		}
		s.reply(wire.CodeHelp, "Syntax: "+spec.syntax)
		return
	}
	verbs := make([]string, 0, len(s.srv.commands))
	for v, spec := range s.srv.commands {
		if spec.handle != nil {
			verbs = append(verbs, v)
		}
	}
	slices.Sort(verbs)
	var b strings.Builder
	b.WriteString("The following commands are recognized.\n")
	for i := 0; i < len(verbs); i += 8 {
		b.WriteString(" " + strings.Join(verbs[i:min(i+8, len(verbs))], " ") + "\n")
	}
	b.WriteString("Help OK.")
	s.reply(wire.CodeHelp, b.String())
}

// handleFEAT lists the extensions (RFC 2389 §3), one per line, each
// starting with a space.
func (s *session) handleFEAT(string) {
	feats := []string{"EPRT", "EPSV", "MDTM", s.params.facts.feature(), "PASV", "REST STREAM", "SIZE", "TVFS", "UTF8"}
	if s.srv.cfg.TLS != nil {
		feats = append(feats, "AUTH TLS", "PBSZ", "PROT")
	}
	slices.Sort(feats)
	s.reply(wire.CodeSystemStatus, "Features:\n "+strings.Join(feats, "\n ")+"\nEnd")
}

// handleOPTS sets options (RFC 2389 §4): UTF8 (always on: names are
// passed as the client sends them) and the MLST facts (RFC 3659 §7.9).
func (s *session) handleOPTS(arg string) {
	name, value, _ := strings.Cut(strings.TrimSpace(arg), " ")
	switch strings.ToUpper(name) {
	case "UTF8", "UTF-8":
		switch strings.ToUpper(strings.TrimSpace(value)) {
		case "ON", "":
			s.reply(wire.CodeOK, "Always in UTF8 mode.")
		default:
			s.reply(wire.CodeBadParameter, "UTF8 cannot be turned off.")
		}
	case "MLST":
		s.params.facts = parseFacts(value)
		s.reply(wire.CodeOK, "MLST OPTS "+s.params.facts.String())
	default:
		s.reply(wire.CodeBadArguments, "Option not understood.")
	}
}
