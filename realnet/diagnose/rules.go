package diagnose

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// facts are what the rules derive from the evidence before judging.
type facts struct {
	// server is the address the control connection reached.
	server netip.Addr
	// announced is the address of the 227 reply; serverNAT says it is not
	// the address we reached the server at.
	announced netip.Addr
	serverNAT bool
	// client is our end of the control connection, seen the address the
	// server says it sees; clientNAT is known only when it said.
	client, seen   netip.Addr
	clientNATKnown bool
	clientNAT      bool
}

func deriveFacts(e Evidence) facts {
	var f facts
	for _, s := range e.Sessions {
		if !s.LoggedIn {
			continue
		}
		if !f.server.IsValid() {
			f.server, f.client = addr(s.ServerAddr), addr(s.ClientAddr)
		}
		if a := addr(s.ServerSeesClient); a.IsValid() && !f.seen.IsValid() {
			f.seen = a
		}
	}
	for _, a := range e.Attempts {
		if (a.Mode == PASV || a.Mode == PASVCtlIP) && !f.announced.IsValid() {
			f.announced = addr(a.Announced)
		}
	}
	f.serverNAT = f.announced.IsValid() && f.server.IsValid() && f.announced != f.server
	if f.seen.IsValid() && f.client.IsValid() {
		f.clientNATKnown = true
		f.clientNAT = f.seen != f.client
	}
	return f
}

// level is the attempts made with one security, by mode.
type level map[Mode]Attempt

func attemptsAt(e Evidence, tls bool) level {
	l := level{}
	for _, m := range Modes {
		if a, ok := e.attempt(m, tls); ok {
			l[m] = a
		}
	}
	return l
}

// with returns the attempts of these modes that were made and whose
// ending satisfies ok.
func (l level) with(modes []Mode, ok func(Attempt) bool) []Attempt {
	var out []Attempt
	for _, m := range modes {
		if a, made := l[m]; made && ok(a) {
			out = append(out, a)
		}
	}
	return out
}

func (l level) made(modes []Mode) []Attempt {
	return l.with(modes, func(Attempt) bool { return true })
}

func dataFailed(a Attempt) bool { return a.Ending.dataFailure() }
func works(a Attempt) bool      { return a.Works() }

// Diagnose turns the evidence of a run into a diagnosis. It is a pure
// function: the same evidence always gives the same diagnosis.
func Diagnose(e Evidence) Diagnosis {
	var d Diagnosis
	for _, a := range e.Attempts {
		d.Verdicts = append(d.Verdicts, Verdict{Mode: a.Mode, TLS: a.TLS, Works: a.Works(), Ending: a.Ending, Summary: describe(a)})
	}
	_, plainOK := e.session(false)
	_, tlsOK := e.session(true)
	if (!plainOK && !tlsOK) || (e.TLSRequired && !tlsOK) {
		d.NoLogin = true
		d.Summary = "Could not log in: " + loginError(e, e.TLSRequired && plainOK)
		return d
	}
	f := deriveFacts(e)
	plain, secure := attemptsAt(e, false), attemptsAt(e, true)
	base, baseTLS := plain, false
	if len(plain) == 0 {
		base, baseTLS = secure, true
	}
	var fs []Finding
	fs = append(fs, passiveFindings(base, f)...)
	fs = append(fs, activeFindings(base, f)...)
	fs = append(fs, commandFindings(base)...)
	fs = append(fs, pathFindings(base)...)
	if len(plain) > 0 && len(secure) > 0 {
		fs = alsoUnderTLS(fs, secure)
		fs = append(fs, tlsFindings(plain, secure)...)
	}
	if baseTLS {
		fs = tlsOnly(fs)
	}
	fs = append(fs, unexplained(e, fs)...)
	fs = append(fs, notes(base, f)...)
	d.Findings = fs
	d.AllWork = false
	for _, a := range e.Attempts {
		if a.Ending == NotApplicable {
			continue
		}
		if !a.Works() {
			d.AllWork = false
			break
		}
		d.AllWork = true
	}
	for _, x := range fs {
		d.Ambiguous = d.Ambiguous || x.Certainty == Possible
	}
	d.Summary = summary(e, d)
	return d
}

func loginError(e Evidence, tlsOnly bool) string {
	for _, s := range e.Sessions {
		if s.Error != "" && (s.TLS || !tlsOnly) {
			return s.Error
		}
	}
	return "no session"
}

// unexplained collects the failed attempts that no finding explains.
func unexplained(e Evidence, fs []Finding) []Finding {
	seen := map[string]bool{}
	for _, f := range fs {
		for _, n := range f.Attempts {
			seen[n] = true
		}
	}
	var left []Attempt
	var ev []string
	for _, a := range e.Attempts {
		if !a.Works() && a.Ending.made() && !seen[a.name()] {
			left = append(left, a)
			ev = append(ev, fmt.Sprintf("%s %s", a.name(), describe(a)))
		}
	}
	if len(left) == 0 {
		return nil
	}
	return []Finding{newFinding(Unexplained, Unknown, ev,
		"the transcripts of these attempts (--format json) show the replies and the data connection's fate", left)}
}

// summary is the diagnosis in one or two sentences.
func summary(e Evidence, d Diagnosis) string {
	n, failed, notRun := 0, 0, 0
	var na []string
	for _, a := range e.Attempts {
		switch a.Ending {
		case NotRun:
			notRun++
			continue
		case NotApplicable:
			if !slices.Contains(na, string(a.Mode)) {
				na = append(na, string(a.Mode))
			}
			continue
		}
		n++
		if !a.Works() {
			failed++
		}
	}
	also := ""
	if len(na) > 0 {
		also = fmt.Sprintf(" (%s: not applicable over IPv6)", strings.Join(na, ", "))
	}
	if d.AllWork {
		return fmt.Sprintf("All %d data connections worked%s.", n, also)
	}
	s := fmt.Sprintf("%d of %d data connections failed%s.", failed, n, also)
	if notRun > 0 {
		s += fmt.Sprintf(" %d attempts could not run.", notRun)
	}
	var likely, possible []string
	for _, f := range d.Findings {
		switch f.Certainty {
		case Likely:
			likely = append(likely, f.Title)
		case Possible:
			possible = append(possible, f.Title)
		}
	}
	for i, t := range likely {
		if i == 0 {
			s += " Likely culprit: " + t + "."
		} else {
			s += " Also: " + t + "."
		}
	}
	switch {
	case len(possible) == 1:
		s += " Possible culprit, not certain: " + possible[0] + "."
	case len(possible) > 1:
		s += " The evidence fits more than one culprit; candidates: " + joinOr(possible) + "."
	}
	if len(likely) == 0 && len(possible) == 0 && failed > 0 {
		s += " ftplab cannot tell which element is at fault."
	}
	return s
}

func joinOr(s []string) string {
	out := ""
	for i, x := range s {
		switch {
		case i == 0:
		case i == len(s)-1:
			out += " or "
		default:
			out += "; "
		}
		out += x
	}
	return out
}
