package ftpd

import (
	"crypto/sha256"
	"crypto/tls"
	"slices"
	"sync"
)

// maxSessionTickets bounds the tickets one FTP session remembers: each
// handshake issues one or two, so a long session keeps the recent ones.
const maxSessionTickets = 64

// sessionTickets are the TLS session tickets one FTP session issued, by
// digest.
type sessionTickets struct {
	mu   sync.Mutex
	sums [][sha256.Size]byte
}

func (t *sessionTickets) add(ticket []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.sums) == maxSessionTickets {
		t.sums = slices.Delete(t.sums, 0, 1)
	}
	t.sums = append(t.sums, sha256.Sum256(ticket))
}

func (t *sessionTickets) has(ticket []byte) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Contains(t.sums, sha256.Sum256(ticket))
}

// sessionTLS returns the TLS configuration of one FTP session: its
// control connection and its data connections. It remembers the session
// tickets it issues and resumes only those. A data connection that did
// not resume is then refused (see dataTLS), as vsftpd's
// require_ssl_reuse does: whoever reaches the passive port first cannot
// bring a TLS session of his own, or of another FTP session, and take
// the data. Tickets are sealed with base's keys, as without the hooks,
// so they keep their size (the lab's timelines count ciphertext bytes).
func sessionTLS(base *tls.Config) *tls.Config {
	issued := &sessionTickets{}
	cfg := base.Clone()
	cfg.WrapSession = func(cs tls.ConnectionState, ss *tls.SessionState) ([]byte, error) {
		ticket, err := base.EncryptTicket(cs, ss)
		if err == nil {
			issued.add(ticket)
		}
		return ticket, err
	}
	cfg.UnwrapSession = func(ticket []byte, cs tls.ConnectionState) (*tls.SessionState, error) {
		if !issued.has(ticket) {
			return nil, nil // not this FTP session's: a full handshake
		}
		return base.DecryptTicket(ticket, cs)
	}
	return cfg
}
