package capture

import (
	"fmt"
	"strings"
	"time"
)

// SessionPair is one FTP session seen at two capture points, and what
// the middlebox between them did to it.
type SessionPair struct {
	A, B     *Session  `json:"-"`
	AID      int       `json:"a_session"`
	BID      int       `json:"b_session"`
	Outcome  string    `json:"outcome"`
	NAT      []string  `json:"nat,omitempty"`      // addresses and ports translated
	Rewrites []Rewrite `json:"rewrites,omitempty"` // control lines changed in flight
	Data     []string  `json:"data,omitempty"`     // data connections seen on one side only, or on both unanswered
}

// Rewrite is a control line that differs between the two captures.
type Rewrite struct {
	A      string `json:"a"`
	B      string `json:"b"`
	Helper bool   `json:"nf_nat_ftp"` // a PORT/EPRT/227/229 address rewritten: a NAT's FTP helper
}

// Pair matches the sessions of two captures of the same traffic (the
// same commands in the same order, the closest in time) and compares
// them.
func Pair(a, b *Result) []SessionPair {
	used := make([]bool, len(b.Sessions))
	var out []SessionPair
	for _, sa := range a.Sessions {
		best := -1
		for j, sb := range b.Sessions {
			if used[j] || verbs(sa) != verbs(sb) {
				continue
			}
			if best < 0 || absDur(sb.Start.Sub(sa.Start)) < absDur(b.Sessions[best].Start.Sub(sa.Start)) {
				best = j
			}
		}
		if best < 0 {
			continue
		}
		used[best] = true
		out = append(out, compare(sa, b.Sessions[best]))
	}
	return out
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// verbs is the session's command verbs and reply codes in order: what a
// middlebox does not change.
func verbs(s *Session) string {
	var b strings.Builder
	for _, l := range s.Lines {
		w, _, _ := strings.Cut(l.Text, " ")
		if len(w) > 4 {
			w = w[:4]
		}
		b.WriteString(strings.ToUpper(w))
		b.WriteByte(' ')
	}
	return b.String()
}

func compare(a, b *Session) SessionPair {
	p := SessionPair{A: a, B: b, AID: a.ID, BID: b.ID, Outcome: a.Outcome}
	if p.Outcome == OutcomeUnseen || p.Outcome == OutcomeIncomplete {
		p.Outcome = b.Outcome
	}
	if a.Client != b.Client {
		p.NAT = append(p.NAT, fmt.Sprintf("client %s in A is %s in B (source NAT)", a.Client, b.Client))
	}
	if a.Server != b.Server {
		p.NAT = append(p.NAT, fmt.Sprintf("server %s in A is %s in B (destination NAT: a port forward)", a.Server, b.Server))
	}
	for i := range min(len(a.Lines), len(b.Lines)) {
		la, lb := a.Lines[i].Text, b.Lines[i].Text
		if la == lb {
			continue
		}
		w, _, _ := strings.Cut(la, " ")
		w = strings.ToUpper(w)
		p.Rewrites = append(p.Rewrites, Rewrite{A: la, B: lb, Helper: w == "PORT" || w == "EPRT" || w == "227" || w == "229"})
	}
	for i := range min(len(a.Attempts), len(b.Attempts)) {
		p.Data = append(p.Data, compareData(a.Attempts[i], b.Attempts[i])...)
	}
	return p
}

// compareData says where a data connection was lost.
func compareData(a, b *Attempt) []string {
	var out []string
	da, db := a.lastData(), b.lastData()
	switch {
	case da != nil && db == nil:
		out = append(out, fmt.Sprintf("SYN %s -> %s seen in A (%s) but never in B: dropped by the middlebox between the two capture points", da.From, da.To, da.Verdict))
	case da == nil && db != nil:
		out = append(out, fmt.Sprintf("SYN %s -> %s seen in B (%s) but never in A: dropped by the middlebox between the two capture points", db.From, db.To, db.Verdict))
	case da != nil && db != nil:
		if da.From != db.From || da.To != db.To {
			out = append(out, fmt.Sprintf("data connection %s -> %s in A is %s -> %s in B (translated)", da.From, da.To, db.From, db.To))
		}
		if da.Verdict == "timeout" && db.Verdict == "timeout" {
			out = append(out, fmt.Sprintf("SYN %s -> %s unanswered on both sides: dropped beyond both capture points, on the way to %s (its host's firewall?)", da.From, da.To, da.To.Addr()))
		}
		if da.Verdict != db.Verdict {
			out = append(out, fmt.Sprintf("data connection %s in A, %s in B: the middlebox answered or dropped it", da.Verdict, db.Verdict))
		}
	}
	return out
}

// HelperRewrites are the rewrites of a data address (nf_nat_ftp's work).
func (p SessionPair) HelperRewrites() []Rewrite {
	var out []Rewrite
	for _, r := range p.Rewrites {
		if r.Helper {
			out = append(out, r)
		}
	}
	return out
}
