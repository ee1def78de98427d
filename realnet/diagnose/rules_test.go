package diagnose

import (
	"slices"
	"strings"
	"testing"
)

// outcomes is one level's endings as the oracle's matrix writes them:
// "PORT=425 EPRT=425 PASV=ok ...". Modes left out were not attempted.
func outcomes(t *testing.T, s string) map[Mode]Ending {
	t.Helper()
	out := map[Mode]Ending{}
	for f := range strings.FieldsSeq(s) {
		m, e, ok := strings.Cut(f, "=")
		if !ok {
			t.Fatalf("bad outcome %q", f)
		}
		end := Ending(e)
		switch e {
		case "ok":
			end = Established
		case "timeout":
			end = NoAnswer
		case "500":
			end = CommandRefused
		case "550":
			end = TransferRefused
		}
		out[Mode(m)] = end
	}
	return out
}

// net describes the addresses of a case: the server as we reach it, the
// address its 227 reply names, our address, and what STAT says it sees
// ("" when STAT does not say).
type netw struct{ server, announced, client, seen string }

// evidence builds what a run would have recorded.
func evidence(t *testing.T, n netw, plain, tls string) Evidence {
	t.Helper()
	e := Evidence{Target: n.server + ":21"}
	for _, lv := range []struct {
		tls bool
		s   string
	}{{false, plain}, {true, tls}} {
		if lv.s == "" {
			continue
		}
		e.Sessions = append(e.Sessions, Session{TLS: lv.tls, LoggedIn: true,
			ClientAddr: n.client + ":50000", ServerAddr: n.server + ":21", ServerSeesClient: n.seen})
		out := outcomes(t, lv.s)
		for _, m := range Modes {
			end, ok := out[m]
			if !ok {
				continue
			}
			a := Attempt{Mode: m, TLS: lv.tls, Command: "LIST", Ending: end, Seconds: 3}
			switch m {
			case PASV:
				a.Announced, a.DataTo = n.announced+":40001", n.announced+":40001"
			case PASVCtlIP:
				a.Announced, a.DataTo = n.announced+":40002", n.server+":40002"
			case EPSV:
				a.Announced, a.DataTo = ":40003", n.server+":40003"
			default:
				a.Announced, a.DataTo = n.client+":45000", n.client+":45000"
			}
			switch end {
			case CommandRefused:
				a.Reply, a.DataTo = 500, ""
			case Reply425:
				a.Reply = 425
			case TransferRefused:
				a.Reply = 550
			}
			e.Attempts = append(e.Attempts, a)
		}
	}
	return e
}

const allOK = "PORT=ok EPRT=ok PASV=ok EPSV=ok PASV_CTLIP=ok"

// Addresses of the oracle's lab: client 10.200.1.2, router 10.200.1.1 |
// 10.200.2.1, server 10.200.2.2.
var (
	direct    = netw{server: "10.200.2.2", announced: "10.200.2.2", client: "10.200.1.2", seen: "10.200.1.2"}
	clientNAT = netw{server: "10.200.2.2", announced: "10.200.2.2", client: "10.200.1.2", seen: "10.200.2.1"}
	serverNAT = netw{server: "10.200.1.1", announced: "10.200.2.2", client: "10.200.1.2", seen: "10.200.1.2"}
	pasvAddr  = netw{server: "10.200.1.1", announced: "10.200.1.1", client: "10.200.1.2", seen: "10.200.1.2"}
	noStat    = netw{server: "10.200.2.2", announced: "10.200.2.2", client: "10.200.1.2"}
)

// The cases are the kernel oracle's rows (../shared/oracle/results.md),
// plus the ambiguous evidence a real server can give.
func TestDiagnose(t *testing.T) {
	for _, tc := range []struct {
		name        string
		n           netw
		plain, tls  string
		likely      []Culprit
		possible    []Culprit
		exit        int
		wantInFacts string // a phrase the findings' evidence must hold
	}{
		{name: "a healthy", n: direct, plain: allOK, exit: 0},
		{name: "c client firewall", n: direct, plain: "PORT=425 EPRT=425 PASV=ok EPSV=ok PASV_CTLIP=ok",
			likely: []Culprit{ClientFirewall}, exit: 1, wantInFacts: "no NAT on our side"},
		{name: "c without STAT is ambiguous", n: noStat, plain: "PORT=425 EPRT=no-answer PASV=ok EPSV=ok PASV_CTLIP=ok",
			possible: []Culprit{ClientFirewall, ClientNATActive}, exit: 1},
		{name: "e server firewall", n: direct, plain: "PORT=ok EPRT=ok PASV=timeout EPSV=timeout PASV_CTLIP=timeout",
			likely: []Culprit{ServerFirewall}, exit: 1},
		{name: "g range opened", n: direct, plain: allOK, exit: 0},
		{name: "h1 server refuses PORT from NAT", n: clientNAT, plain: "PORT=500 EPRT=500 PASV=ok EPSV=ok PASV_CTLIP=ok",
			likely: []Culprit{ServerRefusesPORT}, exit: 1, wantInFacts: "translated"},
		{name: "h1 without STAT is ambiguous", n: netw{server: "10.200.2.2", announced: "10.200.2.2", client: "10.200.1.2"},
			plain: "PORT=500 EPRT=500 PASV=ok EPSV=ok PASV_CTLIP=ok", possible: []Culprit{ServerRefusesPORT, ActiveDisabled}, exit: 1},
		{name: "active refused without NAT", n: direct, plain: "PORT=500 EPRT=500 PASV=ok EPSV=ok PASV_CTLIP=ok",
			likely: []Culprit{ActiveDisabled}, exit: 1},
		{name: "h2 helper on the client's NAT", n: clientNAT, plain: allOK, exit: 0},
		{name: "h4 client NAT breaks active", n: clientNAT, plain: "PORT=425 EPRT=425 PASV=ok EPSV=ok PASV_CTLIP=ok",
			likely: []Culprit{ClientNATActive}, exit: 1},
		{name: "i1 server NAT, private address, range not forwarded", n: serverNAT,
			plain:  "PORT=ok EPRT=ok PASV=timeout EPSV=refused PASV_CTLIP=refused",
			likely: []Culprit{ServerNATAddress, PassiveRangeClosed}, exit: 1, wantInFacts: "private address"},
		{name: "server NAT, range forwarded, private address", n: serverNAT,
			plain: "PORT=ok EPRT=ok PASV=timeout EPSV=ok PASV_CTLIP=ok", likely: []Culprit{ServerNATAddress}, exit: 1},
		{name: "server NAT, range dropped", n: serverNAT,
			plain:  "PORT=ok EPRT=ok PASV=timeout EPSV=timeout PASV_CTLIP=timeout",
			likely: []Culprit{ServerNATAddress, PassiveRangeDrop}, exit: 1},
		{name: "i3 pasv_address, range not forwarded", n: pasvAddr,
			plain: "PORT=ok EPRT=ok PASV=refused EPSV=refused PASV_CTLIP=refused", likely: []Culprit{PassiveRangeClosed}, exit: 1},
		{name: "i4 all forwarded", n: pasvAddr, plain: allOK, exit: 0},
		{name: "i5 helper vs pasv_address", n: pasvAddr,
			plain: "PORT=ok EPRT=ok PASV=refused EPSV=ok PASV_CTLIP=refused", likely: []Culprit{HelperPasvAddress}, exit: 1},
		{name: "j1 helper blinded by TLS", n: direct, plain: allOK,
			tls: "PORT=ok EPRT=ok PASV=timeout EPSV=timeout PASV_CTLIP=timeout", likely: []Culprit{HelperBlindedByTLS}, exit: 1},
		{name: "j1 with FTPS only is ambiguous", n: direct,
			tls: "PORT=ok EPRT=ok PASV=timeout EPSV=timeout PASV_CTLIP=timeout", possible: []Culprit{ServerFirewall, HelperBlindedByTLS}, exit: 1},
		{name: "j3 client helper blinded", n: direct, plain: allOK,
			tls: "PORT=425 EPRT=425 PASV=ok EPSV=ok PASV_CTLIP=ok", likely: []Culprit{HelperBlindedByTLS}, exit: 1},
		{name: "i1 under TLS too: one cause", n: serverNAT,
			plain:  "PORT=ok EPRT=ok PASV=timeout EPSV=refused PASV_CTLIP=refused",
			tls:    "PORT=ok EPRT=ok PASV=timeout EPSV=refused PASV_CTLIP=refused",
			likely: []Culprit{ServerNATAddress, PassiveRangeClosed}, exit: 1},
		{name: "mixed refused and dropped", n: direct, plain: "PORT=ok EPRT=ok PASV=refused EPSV=timeout PASV_CTLIP=refused",
			possible: []Culprit{PassiveRangeClosed, ServerFirewall}, exit: 1},
		{name: "old server without RFC 2428", n: direct, plain: "PORT=ok EPRT=500 PASV=ok EPSV=500 PASV_CTLIP=ok",
			likely: []Culprit{ExtendedUnknown}, exit: 1},
		{name: "no such path", n: direct, plain: "PORT=550 EPRT=550 PASV=550 EPSV=550 PASV_CTLIP=550",
			likely: []Culprit{PathRefused}, exit: 1},
		{name: "425 after every passive connect: a candidate, not a verdict", n: direct, plain: "PORT=ok EPRT=ok PASV=425 EPSV=425 PASV_CTLIP=425",
			possible: []Culprit{DataFromOtherAddr}, exit: 1},
		{name: "TLS failing on passive data connections is not guessed at", n: direct, plain: "PORT=ok EPRT=ok PASV=tls-failed EPSV=tls-failed PASV_CTLIP=tls-failed",
			exit: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Diagnose(evidence(t, tc.n, tc.plain, tc.tls))
			var likely, possible []Culprit
			var facts string
			for _, f := range d.Findings {
				switch f.Certainty {
				case Likely:
					likely = append(likely, f.Culprit)
				case Possible:
					possible = append(possible, f.Culprit)
				}
				facts += strings.Join(f.Evidence, "\n") + "\n"
			}
			if !slices.Equal(likely, tc.likely) || !sameSet(possible, tc.possible) {
				t.Errorf("likely %v, possible %v; want %v, %v\n%s", likely, possible, tc.likely, tc.possible, d.Summary)
			}
			if d.Ambiguous != (len(tc.possible) > 0) {
				t.Errorf("ambiguous %v with candidates %v", d.Ambiguous, possible)
			}
			if got := d.ExitCode(); got != tc.exit {
				t.Errorf("exit code %d, want %d", got, tc.exit)
			}
			if !strings.Contains(facts, tc.wantInFacts) {
				t.Errorf("findings' evidence lacks %q:\n%s", tc.wantInFacts, facts)
			}
			checkExplained(t, d)
		})
	}
}

// checkExplained: every failed attempt is named by some finding (at worst
// as unexplained), and a likely finding is never unexplained's twin.
func checkExplained(t *testing.T, d Diagnosis) {
	t.Helper()
	named := map[string]bool{}
	for _, f := range d.Findings {
		for _, a := range f.Attempts {
			named[a] = true
		}
		if f.Lab.Scenario == "" || !strings.HasPrefix(f.Lesson, "assets/lessons/") {
			t.Errorf("finding %s lacks its lab run or lesson", f.Culprit)
		}
	}
	for _, v := range d.Verdicts {
		n := string(v.Mode)
		if v.TLS {
			n += " (TLS)"
		}
		if !v.Works && !named[n] {
			t.Errorf("failed attempt %s is in no finding", n)
		}
	}
}

func sameSet(a, b []Culprit) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

func TestDiagnoseNoLogin(t *testing.T) {
	e := Evidence{Target: "h:21", Sessions: []Session{{Error: "USER anonymous: 530 Permission denied", Reply: 530}}}
	d := Diagnose(e)
	if d.ExitCode() != 2 || !strings.Contains(d.Summary, "530") {
		t.Fatalf("exit %d, summary %q; want 2 and the 530", d.ExitCode(), d.Summary)
	}
}

func TestConnectedTo(t *testing.T) {
	for i, tc := range []struct{ stat, want string }{
		{"FTP server status:\n     Connected to 10.200.2.1\n     Logged in as ftp\nEnd of status", "10.200.2.1"},
		{"FTP server status:\n     Connected to 192.0.2.7:51234\nEnd", "192.0.2.7"},
		{"Status of 'ProFTPD'\nConnected from 198.51.100.7 (198.51.100.7)\nEnd", "198.51.100.7"},
		{"Connected to ::ffff:10.0.0.1.", "10.0.0.1"},
		{"FTP server status:\n     Connected to host.example\nEnd", ""},
		{"No status here", ""},
		{"", ""},
	} {
		if got := connectedTo(tc.stat); got != tc.want {
			t.Errorf("#%d: got %q, want %q", i, got, tc.want)
		}
	}
}
