package diagnose

import (
	"context"
	"crypto/tls"
	"errors"
	"strings"
	"sync"
	"time"

	"ftplab/realnet"
	"ftplab/realnet/ftpclient"
)

// TLSPolicy says whether the attempts are repeated under explicit FTPS.
type TLSPolicy int

const (
	// TLSAuto repeats them under FTPS when FEAT offers AUTH TLS.
	TLSAuto TLSPolicy = iota
	// TLSOff tries plain FTP only.
	TLSOff
	// TLSOn repeats them under FTPS; a TLS session that cannot log in is
	// a failed login.
	TLSOn
)

// Options says what a run does. The zero value lists the login
// directory anonymously with the default timeout.
type Options struct {
	User, Password string // "" logs in as anonymous
	Path           string // the directory to LIST
	Retr           string // a file to RETR instead of the LIST, if set
	WriteTest      bool   // also upload a unique file in each mode, then remove it
	TLS            TLSPolicy
	TLSConfig      *tls.Config // for FTPS; nil verifies against the system roots
	// Timeout bounds each data connection and each reply (default 3 s).
	Timeout time.Duration
	// Parallel is how many attempts run at once, each on its own control
	// connection (default 5).
	Parallel int
	// Network is where connections are made (default the OS network).
	Network realnet.Network
}

// DefaultTimeout is the default of Options.Timeout.
const DefaultTimeout = 3 * time.Second

func (o Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultTimeout
}

func (o Options) network() realnet.Network {
	if o.Network != nil {
		return o.Network
	}
	return realnet.OS{}
}

func (o Options) user() string {
	if o.User == "" {
		return "anonymous"
	}
	return o.User
}

func (o Options) parallel() int {
	if o.Parallel > 0 {
		return o.Parallel
	}
	return 5
}

func (o Options) command() string {
	if o.Retr != "" {
		return "RETR " + o.Retr
	}
	return strings.TrimSpace("LIST " + o.Path)
}

// attemptLimit bounds one attempt: dialling, the data connection and the
// reply to the transfer command get a timeout each, the rest is slack.
func (o Options) attemptLimit() time.Duration { return 4 * o.timeout() }

// probeLimit bounds one probe session (login, FEAT, STAT).
func (o Options) probeLimit() time.Duration { return 2 * o.timeout() }

// Bound is the longest a run can take: two probe sessions, then the
// attempts in waves of Parallel (ten attempts at most), each wave bounded
// by attemptLimit, plus a second for closing.
func (o Options) Bound() time.Duration {
	waves := (2*len(Modes) + o.parallel() - 1) / o.parallel()
	return 2*o.probeLimit() + time.Duration(waves)*o.attemptLimit() + time.Second
}

// Run logs in, learns what the server offers and sees, then tries every
// mode on its own control connection, in plain FTP and, as the policy
// says, under FTPS. It never takes longer than o.Bound().
func Run(ctx context.Context, target string, o Options) Evidence {
	ctx, cancel := context.WithTimeout(ctx, o.Bound())
	defer cancel()
	e := Evidence{Target: target, TLSRequired: o.TLS == TLSOn}
	plain, feats := probe(ctx, target, false, o)
	e.Sessions = append(e.Sessions, plain)
	e.Features = feats
	e.TLSOffered = offersTLS(feats)
	levels := []bool{}
	if plain.LoggedIn {
		levels = append(levels, false)
	}
	switch {
	case plain.ServerAddr == "" && o.TLS != TLSOn:
		e.TLSSkipped = "the server could not be reached"
	case o.TLS == TLSOff:
		e.TLSSkipped = "--tls=off"
	case o.TLS == TLSAuto && !e.TLSOffered:
		e.TLSSkipped = "FEAT does not offer AUTH TLS"
	default:
		s, _ := probe(ctx, target, true, o)
		e.Sessions = append(e.Sessions, s)
		if s.LoggedIn {
			levels = append(levels, true)
		} else {
			e.TLSSkipped = "the FTPS session failed: " + s.Error
		}
	}
	e.IPv6 = controlIPv6(plain, target)
	e.Attempts = attempts(ctx, target, levels, e.IPv6, o)
	return e
}

// attempts runs every mode at every level, Parallel at a time; one that
// found the server busy (421: too many connections) is tried again once
// the others are done. Over IPv6 the IPv4-only modes are not tried.
func attempts(ctx context.Context, target string, levels []bool, ipv6 bool, o Options) []Attempt {
	type job struct {
		m   Mode
		tls bool
	}
	var jobs []job
	for _, tls := range levels {
		for _, m := range Modes {
			jobs = append(jobs, job{m, tls})
		}
	}
	out := make([]Attempt, len(jobs))
	busy := make([]bool, len(jobs))
	sem := make(chan struct{}, o.parallel())
	var wg sync.WaitGroup
	for i, j := range jobs {
		if ipv6 && j.m.ipv4Only() {
			out[i] = notApplicable(j.m, j.tls, o)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i], busy[i] = runOne(ctx, target, j.m, j.tls, o)
		}()
	}
	wg.Wait()
	for i, j := range jobs {
		if busy[i] {
			out[i], _ = runOne(ctx, target, j.m, j.tls, o)
		}
	}
	return out
}

// runOne makes one attempt unless the run's time is up.
func runOne(ctx context.Context, target string, m Mode, tls bool, o Options) (Attempt, bool) {
	if ctx.Err() != nil {
		return Attempt{Mode: m, TLS: tls, Command: o.command(), Ending: NotRun,
			Detail: "the run's time bound was reached first"}, false
	}
	return attempt(ctx, target, m, tls, o)
}

// probe logs in once to learn what the server offers (FEAT) and which
// address it sees for us (STAT).
func probe(ctx context.Context, target string, tls bool, o Options) (s Session, feats []string) {
	ctx, cancel := context.WithTimeout(ctx, o.probeLimit())
	defer cancel()
	s.TLS = tls
	c, _, tr, stop, err := dial(ctx, target, PASV, tls, o)
	defer func() { s.Transcript = tr.Lines() }()
	if err != nil {
		s.Error = err.Error()
		return s, nil
	}
	defer stop()
	s.ClientAddr, s.ServerAddr = c.LocalAddr().String(), c.RemoteAddr().String()
	if r, err := c.Cmd("FEAT"); err == nil && r.Code == 211 {
		feats = features(r.Msg)
	}
	if err := c.Login(o.user(), o.Password); err != nil {
		s.Error = err.Error()
		var re *ftpclient.ReplyError
		if errors.As(err, &re) {
			s.Reply = re.Code
		}
		c.Close()
		return s, feats
	}
	s.LoggedIn = true
	if r, err := c.Cmd("STAT"); err == nil {
		s.ServerSeesClient = connectedTo(r.Msg)
	}
	c.Quit()
	return s, feats
}

// features reads a 211 FEAT reply's feature lines (RFC 2389 §3.2): every
// line between the first and the last, trimmed, the name upper-cased.
func features(msg string) []string {
	ls := strings.Split(msg, "\n")
	var out []string
	for i, l := range ls {
		l = strings.TrimSpace(l)
		if i == 0 || i == len(ls)-1 || l == "" {
			continue
		}
		name, params, _ := strings.Cut(l, " ")
		out = append(out, strings.TrimSpace(strings.ToUpper(name)+" "+params))
	}
	return out
}

// offersTLS reports a FEAT list naming AUTH TLS ("AUTH TLS", "AUTH
// TLS;SSL", "AUTH SSL TLS").
func offersTLS(feats []string) bool {
	for _, f := range feats {
		if strings.HasPrefix(f, "AUTH ") && strings.Contains(strings.ToUpper(f), "TLS") {
			return true
		}
	}
	return false
}
