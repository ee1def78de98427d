package ftpd

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"ftplab/realnet/wire"
)

// handlePORT prepares an active data connection (RFC 959 §4.1.2). The
// address must be the control connection's peer and the port at least
// 1024: anything else would let a client aim the server at a third host
// (the bounce attack, RFC 2577 §3) or a privileged service.
//
// Any PORT, refused or not, drops the data connection a PASV or EPSV
// prepared, as vsftpd does: after a refused PORT the next transfer gets
// 425, never the old passive port nor a wait for a client that now waits
// for the server.
func (s *session) handlePORT(arg string) {
	if s.params.epsvAll {
		s.reply(wire.CodeBadArguments, "PORT not allowed after EPSV ALL.")
		return
	}
	s.setData(nil)
	ap, err := wire.ParsePORT(arg)
	if err != nil {
		// 501, where vsftpd says 500: RFC 959 §4.2 keeps 500 for a
		// command not recognised and gives 501 to a syntax error in
		// the arguments, which a malformed address is (§5.4 lists 501
		// among PORT's replies). Clients treat both as a permanent
		// failure. The refusal of a well-formed but unsafe address
		// keeps vsftpd's 500 (setActive).
		s.reply(wire.CodeBadArguments, "Syntax error in PORT argument.")
		return
	}
	s.setActive("PORT", ap)
}

// handleEPRT is PORT for IPv4 and IPv6 (RFC 2428 §2). An address of the
// other family than the control connection's gets 522, the reply RFC
// 2428 §2 gives to a protocol the server will not use, with the one it
// will.
func (s *session) handleEPRT(arg string) {
	if s.params.epsvAll {
		s.reply(wire.CodeBadArguments, "EPRT not allowed after EPSV ALL.")
		return
	}
	s.setData(nil)
	ap, err := wire.ParseEPRT(arg)
	switch {
	case errors.Is(err, wire.ErrBadProtocol),
		err == nil && ap.Addr().Unmap().Is4() != s.peer.Addr().Is4():
		s.reply(wire.CodeBadProtocol, "Network protocol not supported, use "+s.protocols()+".")
		return
	case err != nil:
		s.reply(wire.CodeBadArguments, "Syntax error in EPRT argument.")
		return
	}
	s.setActive("EPRT", ap)
}

// setActive checks the address of a PORT or EPRT and prepares the active
// data connection. A refused address gets 500, as from vsftpd, whose
// reply the lab's lessons compare with. Config.PortPromiscuous skips the
// check.
func (s *session) setActive(verb string, ap netip.AddrPort) {
	if !s.srv.cfg.PortPromiscuous && (ap.Addr().Unmap() != s.peer.Addr() || ap.Port() < 1024) {
		s.log.Warn("illegal active address refused", "verb", verb, "addr", ap.String())
		s.reply(wire.CodeSyntaxError, "Illegal "+verb+" command.")
		return
	}
	s.setData(&activeTransfer{
		network: s.srv.cfg.Network,
		local:   s.local,
		remote:  netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()),
		fromL1:  s.srv.cfg.ActiveFromPortL1,
		log:     s.log,
	})
	s.reply(wire.CodeOK, verb+" command successful. Consider using EPSV.")
}

// handlePASV opens a passive port and announces it with its address
// (RFC 959 §4.1.2): Config.PasvAddress when set (a server behind NAT),
// else the control connection's local address.
func (s *session) handlePASV(string) {
	if s.params.epsvAll {
		s.reply(wire.CodeBadArguments, "PASV not allowed after EPSV ALL.")
		return
	}
	announce := s.local.Addr()
	if s.srv.cfg.PasvAddress.IsValid() {
		announce = s.srv.cfg.PasvAddress.Unmap()
	}
	if !announce.Is4() {
		s.reply(wire.CodeCantOpenData, "PASV needs IPv4; use EPSV.")
		return
	}
	pl, err := s.listenPassive()
	if err != nil {
		s.setData(nil)
		s.log.Error("passive listen failed", "err", err)
		s.reply(wire.CodeCantOpenData, "Can't open passive connection.")
		return
	}
	s.setData(pl)
	port := addrPortOf(pl.l.Addr()).Port()
	text, _ := wire.Format227(netip.AddrPortFrom(announce, port))
	s.reply(wire.CodePassive, text)
}

// handleEPSV opens a passive port and announces only its number (RFC
// 2428 §3). "EPSV 1" and "EPSV 2" name the protocol, which must be the
// control connection's; "EPSV ALL" refuses PORT, PASV and EPRT from then
// on.
func (s *session) handleEPSV(arg string) {
	switch a := strings.ToUpper(strings.TrimSpace(arg)); a {
	case "ALL":
		s.params.epsvAll = true
		s.reply(wire.CodeOK, "EPSV ALL ok.")
		return
	case "":
	case "1", "2":
		if a != s.protocol() {
			s.reply(wire.CodeBadProtocol, "Network protocol not supported, use "+s.protocols()+".")
			return
		}
	default:
		if _, err := fmt.Sscanf(a, "%d", new(int)); err == nil {
			s.reply(wire.CodeBadProtocol, "Network protocol not supported, use "+s.protocols()+".")
			return
		}
		s.reply(wire.CodeBadArguments, "Syntax error in EPSV argument.")
		return
	}
	pl, err := s.listenPassive()
	if err != nil {
		s.setData(nil)
		s.log.Error("passive listen failed", "err", err)
		s.reply(wire.CodeCantOpenData, "Can't open passive connection.")
		return
	}
	s.setData(pl)
	s.reply(wire.CodeExtendedPassive, wire.Format229(addrPortOf(pl.l.Addr()).Port()))
}

// protocol is the RFC 2428 number of the control connection's family.
func (s *session) protocol() string {
	if s.local.Addr().Is4() {
		return "1"
	}
	return "2"
}

// protocols is the list a 522 reply offers.
func (s *session) protocols() string { return "(" + s.protocol() + ")" }

// handleTYPE sets the representation type (RFC 959 §3.1.1): A (ASCII,
// with the default format N) or I (image), L 8 being I. Other types and
// formats get 504.
func (s *session) handleTYPE(arg string) {
	f := strings.Fields(strings.ToUpper(arg))
	switch {
	case len(f) == 1 && f[0] == "A", len(f) == 2 && f[0] == "A" && f[1] == "N":
		s.params.ascii = true
		s.reply(wire.CodeOK, "Switching to ASCII mode.")
	case len(f) == 1 && f[0] == "I", len(f) == 2 && f[0] == "L" && f[1] == "8", len(f) == 1 && f[0] == "L":
		s.params.ascii = false
		s.reply(wire.CodeOK, "Switching to Binary mode.")
	case len(f) >= 1 && len(f) <= 2 && strings.Contains("AEIL", f[0]) && len(f[0]) == 1:
		s.reply(wire.CodeBadParameter, "Type not supported: use A or I.")
	default:
		s.reply(wire.CodeBadArguments, "Unrecognised TYPE command.")
	}
}

// handleMODE accepts only stream mode (RFC 959 §3.4.1).
func (s *session) handleMODE(arg string) {
	s.onlyDefault(arg, "MODE", "Mode", "S", "BC", "stream mode")
}

// handleSTRU accepts only file structure (RFC 959 §3.1.2).
func (s *session) handleSTRU(arg string) {
	s.onlyDefault(arg, "STRU", "Structure", "F", "RP", "file structure")
}

// onlyDefault answers a command whose parameter may take only its default
// value here (RFC 959 §5.1 asks no more of a server): 200 for it, 504 for
// the other values the RFC defines, 501 for anything else.
func (s *session) onlyDefault(arg, verb, noun, def, others, what string) {
	v := strings.ToUpper(strings.TrimSpace(arg))
	switch {
	case v == def:
		s.reply(wire.CodeOK, noun+" set to "+def+".")
	case len(v) == 1 && strings.Contains(others, v):
		s.reply(wire.CodeBadParameter, "Only "+what+" is supported.")
	default:
		s.reply(wire.CodeBadArguments, "Unrecognised "+verb+".")
	}
}

// handleABOR aborts the running transfer: the transfer answers 426 and
// ABOR then 226 (RFC 959 §4.1.3). Without a transfer, a prepared data
// connection is dropped and the answer is 225.
func (s *session) handleABOR(string) {
	x := s.currentTransfer()
	if x == nil {
		s.setData(nil)
		s.reply(wire.CodeDataOpen, "No transfer to abort.")
		return
	}
	x.abort()
	<-x.done
	s.reply(wire.CodeClosingData, "Abort successful.")
}

// needData checks that a transfer command may run: a data connection is
// prepared, and protected when the server requires it. It answers when
// not.
func (s *session) needData() bool {
	switch {
	case s.srv.cfg.RequireTLS && !s.params.protP:
		s.reply(wire.CodeProtRequired, "Data connections must be protected: use PROT P.")
		return false
	case s.params.data == nil:
		s.reply(wire.CodeCantOpenData, "Use PORT, EPRT, PASV or EPSV first.")
		return false
	}
	return true
}
