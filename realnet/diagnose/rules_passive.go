package diagnose

import "fmt"

// passiveFindings judges the passive modes of one security level.
//
// The 227 address tells a server behind NAT from one that is not: if it is
// not the address we reached, PASV (which honours it) fails for that
// reason alone, and the modes that connect to the control peer (EPSV,
// PASV_CTLIP) show what happens to the passive ports themselves.
func passiveFindings(l level, f facts) []Finding {
	var out []Finding
	if p, ok := l[PASV]; ok && f.serverNAT && dataFailed(p) {
		ev := []string{fmt.Sprintf("the 227 reply names %s, but the control connection reached the server at %s", f.announced, f.server)}
		if private(f.announced) {
			ev = append(ev, fmt.Sprintf("%s is a private address, not routed to the server from outside", f.announced))
		} else {
			ev = append(ev, fmt.Sprintf("%s is a public address: a stale pasv_address or another interface of the server are possible too", f.announced))
		}
		ev = append(ev, "PASV to the announced address "+describe(p))
		if ok := l.with([]Mode{PASVCtlIP, EPSV}, works); len(ok) > 0 {
			ev = append(ev, "connecting to the control peer instead works ("+names(ok)+")")
		}
		out = append(out, newFinding(ServerNATAddress, Likely, ev, "", []Attempt{p}))
	}
	peer := []Mode{PASVCtlIP, EPSV}
	if !f.serverNAT {
		peer = append(peer, PASV)
	}
	made, failed := l.made(peer), l.with(peer, dataFailed)
	if len(failed) == 0 {
		return out
	}
	if e, ok := l[EPSV]; ok && e.Works() && len(l.with([]Mode{PASVCtlIP, PASV}, dataFailed)) > 0 && !f.serverNAT {
		ev := []string{
			"EPSV " + describe(e),
			"PASV to the same address and a port of the same server " + describe(failed[0]),
			"a Linux FTP helper creates no expectation for a 227 address that is not the control connection's own (nf_conntrack_ftp), while a 229 reply carries no address",
		}
		tell := "with the helper off on the router, PASV and EPSV fail alike (the passive range is not forwarded); conntrack -E expect on the router shows no expectation after PASV"
		return append(out, newFinding(HelperPasvAddress, Likely, ev, tell, failed))
	}
	if len(failed) < len(made) {
		return out // some work, some do not: left to unexplained
	}
	return append(out, passiveRangeFindings(failed, f)...)
}

// passiveRangeFindings judges passive data connections to the control
// peer that all failed: refused means something answered for the address
// and nothing listens behind it; no answer means a silent drop.
func passiveRangeFindings(failed []Attempt, f facts) []Finding {
	refused, silent, r425 := 0, 0, 0
	var ev []string
	for _, a := range failed {
		ev = append(ev, a.name()+" "+describe(a))
		switch a.Ending {
		case Refused, Unreachable:
			refused++
		case NoAnswer:
			silent++
		case Reply425:
			r425++
		}
	}
	natNote := fmt.Sprintf("the 227 reply names %s, the address the control connection reached: if the server is behind NAT, it announces the right address", f.announced)
	if f.serverNAT {
		natNote = fmt.Sprintf("the server is behind NAT (its 227 reply names %s, not %s)", f.announced, f.server)
	}
	switch {
	case refused == len(failed):
		ev = append(ev, natNote, "connections to the passive ports at "+f.server.String()+" are answered with a reset: the address answers, nothing behind it listens on those ports")
		tell := ""
		if !f.serverNAT {
			tell = "a firewall on the server host that rejects (reject with tcp reset) new connections to the passive range looks the same: look for reject rules there"
		}
		return []Finding{newFinding(PassiveRangeClosed, Likely, ev, tell, failed)}
	case silent == len(failed) && f.serverNAT:
		ev = append(ev, natNote, "connections to the passive ports at "+f.server.String()+" get no answer: dropped")
		tell := "a stateful firewall on the server host itself, without the FTP helper, drops them the same way; so does a filter on our side that lets only port 21 out (try from another network)"
		return []Finding{newFinding(PassiveRangeDrop, Likely, ev, tell, failed)}
	case silent == len(failed):
		ev = append(ev, natNote, "the control connection to port 21 works, so new connections are accepted on port 21 only: a stateful firewall that does not know the passive ports")
		tell := "from here the firewall on the server host and one in front of it look the same (either needs the helper or an opened passive range); so does a filter on our side that lets only port 21 out (try from another network)"
		return []Finding{newFinding(ServerFirewall, Likely, ev, tell, failed)}
	case refused+silent == len(failed):
		ev = append(ev, natNote)
		return []Finding{
			newFinding(PassiveRangeClosed, Possible, ev, "refused (RST) attempts point here: nothing listens behind the address on those ports", failed),
			newFinding(ServerFirewall, Possible, ev, "unanswered attempts point here: a firewall drops them silently", failed),
		}
	case r425 == len(failed):
		// The data connections opened, then the server said 425: it
		// refused them once they arrived.
		ev = append(ev, "the data connections opened, then the server answered 425: it refused them on arrival")
		tell := "servers refuse a passive connection from an address other than the control connection's (port stealing protection); a NAT that gives each connection its own address causes it. Other causes: a server-side limit or error (its log says which)"
		return []Finding{newFinding(DataFromOtherAddr, Possible, ev, tell, failed)}
	}
	return nil // TLS failures after connecting: left to unexplained
}
