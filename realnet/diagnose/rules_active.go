package diagnose

import "fmt"

var activeModes = []Mode{PORT, EPRT}

func commandRefused(a Attempt) bool { return a.Ending == CommandRefused }

// activeFindings judges the active modes of one security level. What the
// server says it sees for us (STAT) tells client-side NAT from a plain
// firewall; when it says nothing, both stay candidates.
func activeFindings(l level, f facts) []Finding {
	var out []Finding
	refused := l.with(activeModes, commandRefused)
	if p, ok := l[PORT]; ok && commandRefused(p) {
		out = append(out, portRefused(refused, f)...)
	}
	if failed := l.with(activeModes, dataFailed); len(failed) > 0 {
		out = append(out, activeBlocked(failed, f)...)
	}
	return out
}

// natEvidence says what is known of our address as the server sees it.
func natEvidence(f facts) string {
	switch {
	case !f.clientNATKnown:
		return "the server does not say which address it sees for us (no \"Connected to\" line in STAT)"
	case f.clientNAT:
		return fmt.Sprintf("the server sees us as %s, but our address is %s: our address is translated (NAT) on the way", f.seen, f.client)
	}
	return fmt.Sprintf("the server sees us as %s, our own address: no NAT on our side", f.seen)
}

// portRefused: the server refused PORT (and perhaps EPRT) itself.
func portRefused(refused []Attempt, f facts) []Finding {
	ev := []string{natEvidence(f)}
	for _, a := range refused {
		ev = append(ev, a.name()+" "+describe(a))
	}
	switch {
	case f.clientNATKnown && f.clientNAT:
		ev = append(ev, "servers refuse a PORT naming an address other than the control connection's peer (bounce protection, vsftpd port_promiscuous=NO)")
		return []Finding{newFinding(ServerRefusesPORT, Likely, ev, "", refused)}
	case f.clientNATKnown:
		return []Finding{newFinding(ActiveDisabled, Likely, ev, "", refused)}
	}
	return []Finding{
		newFinding(ServerRefusesPORT, Possible, ev, "if your address is translated (compare `ip addr` with the address the server logs), the server refuses a PORT naming your private address", refused),
		newFinding(ActiveDisabled, Possible, ev, "if your address is not translated, the server refuses active mode by configuration", refused),
	}
}

// activeBlocked: the server accepted PORT/EPRT, but its connection never
// reached us.
func activeBlocked(failed []Attempt, f facts) []Finding {
	ev := []string{natEvidence(f)}
	for _, a := range failed {
		ev = append(ev, a.name()+" "+describe(a))
	}
	switch {
	case f.clientNATKnown && f.clientNAT:
		ev = append(ev, fmt.Sprintf("PORT names %s, which the server cannot reach through the NAT without an FTP helper", f.client))
		return []Finding{newFinding(ClientNATActive, Likely, ev, "", failed)}
	case f.clientNATKnown:
		ev = append(ev, "the server accepted the command and tried to connect; a stateful firewall on our side drops connections it has not seen begin")
		tell := "a firewall on the server side that blocks the server's outgoing connections looks the same; the client's firewall log (or its drop counter) shows the dropped SYN"
		return []Finding{newFinding(ClientFirewall, Likely, ev, tell, failed)}
	}
	return []Finding{
		newFinding(ClientFirewall, Possible, ev, "if our address is not translated: a stateful firewall on our side drops the server's connection (its drop counter moves)", failed),
		newFinding(ClientNATActive, Possible, ev, "if our address is translated (compare `ip addr` with what the router or the server's log shows): the server cannot reach the private address in PORT", failed),
	}
}

// commandFindings: a server that refuses EPSV or EPRT but accepts PASV or
// PORT does not speak RFC 2428: a server limitation, not the network.
func commandFindings(l level) []Finding {
	var refused []Attempt
	var ev []string
	pairs := [][2]Mode{{EPSV, PASVCtlIP}, {EPRT, PORT}}
	for _, p := range pairs {
		ext, ok1 := l[p[0]]
		old, ok2 := l[p[1]]
		if ok1 && ok2 && commandRefused(ext) && !commandRefused(old) {
			refused = append(refused, ext)
			ev = append(ev, fmt.Sprintf("%s %s, while %s was accepted", ext.name(), describe(ext), old.Mode.command()))
		}
	}
	if len(refused) == 0 {
		return nil
	}
	return []Finding{newFinding(ExtendedUnknown, Likely, ev, "", refused)}
}

// pathFindings: the server refused the transfer command itself (550 and
// the like) — the data connection is not the problem.
func pathFindings(l level) []Finding {
	refused := l.with(Modes, func(a Attempt) bool { return a.Ending == TransferRefused })
	if len(refused) == 0 {
		return nil
	}
	ev := []string{fmt.Sprintf("%s: %s", names(refused), describe(refused[0]))}
	return []Finding{newFinding(PathRefused, Likely, ev, "", refused)}
}
