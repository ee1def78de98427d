package ftpd

import (
	"crypto/subtle"
	"strings"
	"time"

	"ftplab/realnet/wire"
)

// handleUSER starts a login (RFC 959 §4.1.1). Unknown names get 331 too,
// so that the replies do not tell which accounts exist.
func (s *session) handleUSER(arg string) {
	switch {
	case s.login.loggedIn:
		s.reply(wire.CodeNotLoggedIn, "Can't change to another user.")
	case s.srv.cfg.RequireTLS && !s.login.tls:
		s.reply(wire.CodeNotLoggedIn, "Use AUTH TLS before USER: this server requires encryption.")
	default:
		s.login.user = arg
		s.reply(wire.CodeNeedPassword, "Please specify the password.")
	}
}

// handlePASS completes a login. A wrong password is answered after
// Config.LoginFailDelay, and the third one closes the session.
func (s *session) handlePASS(arg string) {
	switch {
	case s.login.loggedIn:
		s.reply(wire.CodeLoggedIn, "Already logged in.")
		return
	case s.srv.cfg.RequireTLS && !s.login.tls:
		s.reply(wire.CodeNotLoggedIn, "Use AUTH TLS before PASS: this server requires encryption.")
		return
	case s.login.user == "" || s.lastVerb != "USER":
		s.reply(wire.CodeBadSequence, "Login with USER first.")
		return
	}
	user := s.login.user
	anon := isAnonymousName(user)
	// An anonymous login where anonymous is allowed checks no secret,
	// so it takes no token from the address's bucket: many clients
	// logging in at once behind one address (a class behind NAT, a load
	// test) would otherwise wait behind their own tokens, refunded only
	// after their checks, and get 421 past LoginTimeout.
	open := anon && s.srv.cfg.Anonymous
	if !open && !s.awaitLoginCheck() {
		return
	}
	ok := open
	if want, found := s.srv.cfg.Users[user]; found && !anon {
		ok = subtle.ConstantTimeCompare([]byte(want), []byte(arg)) == 1
	}
	if !ok {
		s.loginFailed(user)
		return
	}
	if !open {
		s.srv.logins.refund(s.peer.Addr(), s.loginInterval())
	}
	s.login.loggedIn = true
	s.setLoginDeadline(true)
	s.login.anonymous = anon
	s.log.Info("login", "user", user, "anonymous", anon, "tls", s.login.tls)
	s.reply(wire.CodeLoggedIn, "Login successful.")
}

// loginFailed answers a wrong password after Config.LoginFailDelay, and
// closes the session after the third.
func (s *session) loginFailed(user string) {
	s.login.user = ""
	s.login.failures++
	s.log.Warn("login failed", "user", user, "failures", s.login.failures)
	s.pause(s.srv.cfg.LoginFailDelay)
	s.reply(wire.CodeNotLoggedIn, "Login incorrect.")
	if s.login.failures >= maxLoginFailures {
		s.log.Warn("too many failed logins; closing", "user", user)
		s.quit = true
	}
}

// loginInterval is the time one password check from an address costs
// its bucket (loginlimit.go).
func (s *session) loginInterval() time.Duration {
	return s.srv.cfg.LoginFailDelay / loginsPerDelay
}

// awaitLoginCheck waits for the address's turn to have a password
// checked. When the wait would outlast the login timeout, so many wrong
// passwords came from the address that it answers 421 and closes the
// session without checking.
func (s *session) awaitLoginCheck() bool {
	wait, ok := s.srv.logins.reserve(s.peer.Addr(), time.Now(), s.loginInterval(), s.srv.cfg.LoginTimeout)
	if !ok {
		s.log.Warn("too many failed logins from this address; closing")
		s.reply(wire.CodeNotAvailable, "Too many failed logins from your address; try again later.")
		s.quit = true
		return false
	}
	s.pause(wait)
	return s.ctx.Err() == nil
}

// pause waits for d or the end of the session.
func (s *session) pause(d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-s.ctx.Done():
	}
}

func isAnonymousName(user string) bool {
	return strings.EqualFold(user, "anonymous") || strings.EqualFold(user, "ftp")
}

// handleACCT: accounts are not used (RFC 959 allows 202 for a
// superfluous command).
func (s *session) handleACCT(string) {
	s.reply(wire.CodeNotImplementedOK, "ACCT not needed.")
}

// handleQUIT answers 221 and ends the session. During a transfer the
// reply waits for the transfer's own final reply (RFC 959 §4.1.1: the
// connection stays open for the result).
func (s *session) handleQUIT(string) {
	if x := s.currentTransfer(); x != nil {
		<-x.done
	}
	s.reply(wire.CodeClosing, "Goodbye.")
	s.quit = true
}

// handleAUTH switches the control connection to TLS (RFC 4217 §4). AUTH
// SSL and AUTH TLS-C are old names of the same thing.
func (s *session) handleAUTH(arg string) {
	switch {
	case s.srv.cfg.TLS == nil:
		s.reply(wire.CodeNotImplemented, "TLS is not configured on this server.")
		return
	case s.login.tls:
		s.reply(wire.CodeBadSequence, "Already using TLS.")
		return
	}
	switch strings.ToUpper(strings.TrimSpace(arg)) {
	case "TLS", "TLS-C", "SSL":
	default:
		s.reply(wire.CodeBadParameter, "Unknown AUTH type; use AUTH TLS.")
		return
	}
	s.reply(wire.CodeAuthOK, "Proceed with negotiation.")
	if err := s.startTLS(); err != nil {
		// After a failed handshake the connection is in an unknown
		// state: close it (RFC 4217 §4.1).
		s.log.Info("TLS handshake on the control connection failed", "err", err)
		s.quit = true
		return
	}
	s.login.tls = true
	// A new security context starts a new login (RFC 4217 §4).
	s.login.user, s.login.loggedIn = "", false
	s.setLoginDeadline(false)
	s.log.Info("control connection is TLS")
}

// handlePBSZ accepts the only size TLS needs, 0 (RFC 4217 §8).
func (s *session) handlePBSZ(arg string) {
	if !s.login.tls {
		s.reply(wire.CodeBadSequence, "PBSZ needs AUTH TLS first.")
		return
	}
	s.login.pbsz = true
	if strings.TrimSpace(arg) != "0" {
		s.reply(wire.CodeOK, "PBSZ=0")
		return
	}
	s.reply(wire.CodeOK, "PBSZ=0 successful.")
}

// handlePROT sets the data connections' protection: C (clear) or P
// (private, TLS) (RFC 4217 §9).
func (s *session) handlePROT(arg string) {
	if !s.login.tls {
		s.reply(wire.CodeBadSequence, "PROT needs AUTH TLS first.")
		return
	}
	switch strings.ToUpper(strings.TrimSpace(arg)) {
	case "C":
		s.params.protP = false
		s.reply(wire.CodeOK, "Data connections in clear text.")
	case "P":
		s.params.protP = true
		s.reply(wire.CodeOK, "Data connections protected with TLS.")
	case "S", "E":
		s.reply(wire.CodeBadParameter, "Protection level not supported; use C or P.")
	default:
		s.reply(wire.CodeBadArguments, "Unknown protection level; use C or P.")
	}
}
