package capture

import (
	"fmt"
	"strings"
)

// Explanation says why a session ended as it did, as the lab teaches it:
// the likely culprit, the lab run and lesson that reproduce it, the fix,
// and what this one capture point cannot tell.
type Explanation struct {
	Outcome  string   `json:"outcome"`
	Culprit  string   `json:"culprit,omitempty"`
	Lab      string   `json:"lab,omitempty"`    // e.g. "ftplab lab --scenario c --mode PORT"
	Lesson   string   `json:"lesson,omitempty"` // lesson id
	Fix      string   `json:"fix,omitempty"`
	Findings []string `json:"findings,omitempty"`
	Cannot   string   `json:"cannot_know,omitempty"`
	// Scenario and Mode are the lab run Lab names, for callers that open
	// it rather than print it.
	Scenario, Mode string `json:"-"`
}

// The limit of one capture point, said whenever a connection went
// unanswered.
const oneCapturePoint = "One capture point shows what passed it, not where a packet was dropped: an unanswered SYN may have died at the far host's firewall or at a router in between. A second capture on the other side of the router tells (ftplab analyze A.pcap B.pcap)."

// reproduce names the lab run and the lesson for the session.
func (x *Explanation) reproduce(scenario, mode, lesson string) {
	x.Scenario, x.Mode, x.Lesson = scenario, mode, lesson
	x.Lab = fmt.Sprintf("ftplab lab --scenario %s --mode %s", scenario, mode)
}

// Explain explains the session's outcome.
func (s *Session) Explain() Explanation {
	x := Explanation{Outcome: s.Outcome, Findings: s.findings()}
	if len(s.Attempts) == 0 {
		return x
	}
	at := s.Attempts[len(s.Attempts)-1]
	dc := at.lastData()
	mode := at.mode()
	clientNAT := !at.Passive && at.Announced.IsValid() && at.Announced.Addr() != s.Client.Addr()
	serverNAT := at.Passive && at.Announced.IsValid() && at.Announced.Addr() != s.Server.Addr()
	switch {
	case s.Outcome == "ok" || s.Outcome == OutcomeNoTransfer || s.Outcome == OutcomeIncomplete:
	case replyCode(at.SetupReply) != "" && at.SetupReply[0] >= '4':
		s.explainRefusedSetup(&x, at, mode, clientNAT)
	case s.Outcome == "425" && dc != nil && dc.ByServer && dc.Verdict == "timeout" || s.Outcome == "425" && !at.Passive && dc == nil:
		x.Culprit = "the server's data connection to the client is never answered: a stateful firewall on the client's side drops new inbound connections and has no FTP helper to expect this one"
		x.reproduce("c", mode, "client-firewall")
		x.Fix = "use passive mode; or assign the FTP helper on the client's firewall (`ct helper set \"ftp\"` for tcp dport 21, scenario d)"
		switch {
		case s.TLS:
			x.Culprit = "under FTPS the client firewall's FTP helper cannot read PORT/EPRT, so it expects nothing and drops the server's data connection"
			x.reproduce("j3", mode, "ftps")
			x.Fix = "use passive mode with the server's passive range opened (scenario j2); a helper cannot help under TLS"
		case clientNAT:
			x.Culprit = fmt.Sprintf("the client is behind NAT: the server dials %s, which the NAT router does not forward (no FTP helper to expect it)", at.Announced)
			x.reproduce("h4", mode, "client-nat")
			x.Fix = "use passive mode; or the FTP helper on the NAT router (scenario h2)"
		}
		if dc == nil {
			x.Culprit = "the server's data connection never reached this capture point and the server answered 425: " + x.Culprit
		}
	case s.Outcome == "timeout" && at.Passive:
		x.Culprit = "the client's data connection to the passive port is never answered: a stateful firewall on the server's side drops new inbound connections (passive range not opened, no FTP helper)"
		x.reproduce("e", mode, "server-firewall")
		x.Fix = "open the server's passive range for new connections (scenario g), or assign the FTP helper there (scenario f)"
		switch {
		case serverNAT && dc != nil && dc.To.Addr() == at.Announced.Addr():
			x.Culprit = fmt.Sprintf("the server is behind NAT and announces its private address: 227 names %s but the control connection goes to %s; the client's SYN to the private address is dropped", at.Announced.Addr(), s.Server.Addr())
			x.reproduce("i1", "PASV", "server-nat")
			x.Fix = "make the server announce its public address (vsftpd pasv_address, ftplab serve --pasv-address) and forward the passive range on the router (scenario i4); or have the client use the control connection's address (EPSV, PASV_CTLIP)"
		case s.TLS:
			x.Culprit = "under FTPS the server firewall's FTP helper cannot read 227/229, so it expects nothing and drops the client's data connection"
			x.reproduce("j1", mode, "ftps")
			x.Fix = "open the passive range for new connections on the server's firewall (scenario j2); a helper cannot help under TLS"
		}
	case s.Outcome == "refused" && at.Passive:
		x.Culprit = fmt.Sprintf("nothing accepts the data connection at %s: a router that port-forwards only the control port answers RST for the passive port", dc.To)
		x.reproduce("i3", mode, "server-nat")
		x.Fix = "forward the passive range on the router too (scenario i4), or assign the FTP helper there (scenario i2)"
		if serverNAT {
			x.Culprit += fmt.Sprintf(" (227 named %s, the server's private address; the client used the control connection's %s instead)", at.Announced.Addr(), s.Server.Addr())
			x.reproduce("i1", mode, "server-nat")
		}
		x.Findings = append(x.Findings, "if the router runs the FTP helper and the server announces a public address it does not own, the helper creates no expectation and PASV is refused while EPSV works (scenario i5)")
	case s.Outcome == "unreachable":
		x.Culprit = "an ICMP unreachable came back for the data connection's SYN: a firewall rejects it, or no route leads to the announced address"
		x.Lesson = "debugging"
	case s.Outcome == OutcomeUnseen:
		x.Culprit = "the data connection never reached this capture point"
		x.Cannot = "From this side alone it cannot be told whether the peer gave up on a dropped SYN or a refused one. " + oneCapturePoint
		return x
	default:
		x.Culprit = "the server answered " + s.Outcome + ": " + s.Detail
		x.Lesson = "debugging"
	}
	if dc != nil && dc.Verdict != "ok" || s.Outcome == "425" {
		x.Cannot = oneCapturePoint
	}
	return x
}

// explainRefusedSetup explains a PORT, EPRT, PASV or EPSV the server
// refused: for an active mode, most often a client behind NAT.
func (s *Session) explainRefusedSetup(x *Explanation, at *Attempt, mode string, clientNAT bool) {
	x.Culprit = fmt.Sprintf("the server refused %q: %s", at.Setup, at.SetupReply)
	if at.Passive {
		return
	}
	x.Culprit = fmt.Sprintf("the server refused %q (%s). Servers refuse a data address other than the control connection's peer (vsftpd's port_promiscuous=NO); seen from here the two match, so if this capture was taken before a NAT router, the server saw another address: a client behind NAT without an FTP helper", at.Setup, at.SetupReply)
	x.reproduce("h1", mode, "client-nat")
	x.Fix = "use passive mode (EPSV or PASV); or assign the FTP helper on the NAT router (scenario h2); a capture on the server's side shows the address the server sees"
	if clientNAT {
		x.Culprit = fmt.Sprintf("the client is behind NAT: its %s names %s but the server sees the control connection come from %s, and refuses a data address other than the client's (vsftpd's port_promiscuous=NO)", mode, at.Announced.Addr(), s.Client.Addr())
		x.Fix = "use passive mode (EPSV or PASV); or assign the FTP helper on the NAT router (nftables `ct helper set \"ftp\"`) so nf_nat_ftp rewrites the address (scenario h2)"
	}
}

// mode names the attempt's data-connection command like the lab does.
func (at *Attempt) mode() string {
	verb, _, _ := strings.Cut(at.Setup, " ")
	verb = strings.ToUpper(verb)
	if verb == "PASV" && len(at.Data) > 0 && at.Announced.IsValid() && at.Data[0].To.Addr() != at.Announced.Addr() {
		return "PASV_CTLIP"
	}
	if verb == "" {
		if at.Passive || len(at.Data) > 0 && !at.Data[0].ByServer {
			return "PASV"
		}
		return "PORT"
	}
	return verb
}

// findings are remarks that hold whatever the outcome.
func (s *Session) findings() []string {
	var out []string
	if s.TLS {
		out = append(out, "after AUTH TLS the control connection is encrypted: neither this analysis nor a firewall's FTP helper can read PORT/227 or link data connections to commands (they are linked here by address only)")
	}
	for _, at := range s.Attempts {
		switch {
		case at.Passive && at.Announced.IsValid() && at.Announced.Addr() != s.Server.Addr():
			out = append(out, fmt.Sprintf("%q names %s but the control connection goes to %s: the server is behind NAT and announces an address this side cannot reach as is", at.SetupReply, at.Announced.Addr(), s.Server.Addr()))
		case !at.Passive && at.Announced.IsValid() && at.Announced.Addr() != s.Client.Addr():
			out = append(out, fmt.Sprintf("%q names %s but the control connection comes from %s: the client is behind NAT", at.Setup, at.Announced.Addr(), s.Client.Addr()))
		}
		for _, dc := range at.Data {
			if dc.Gap > 0 {
				out = append(out, fmt.Sprintf("data connection c%d: %d bytes missing from the capture (capture drops), counted from TCP sequence numbers", dc.Conn, dc.Gap))
			}
		}
	}
	if s.Gaps > 0 {
		out = append(out, fmt.Sprintf("%d bytes of the control connection are missing from the capture; the lines they held are skipped", s.Gaps))
	}
	return out
}
