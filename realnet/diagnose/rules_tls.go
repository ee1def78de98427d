package diagnose

import "fmt"

// tlsFindings compares each mode in plain FTP and under FTPS: a mode
// that works in plain and fails under TLS is one that a firewall opens
// only because its FTP helper reads the control connection — which TLS
// hides from it.
func tlsFindings(plain, secure level) []Finding {
	var out []Finding
	for _, side := range []struct {
		modes    []Mode
		where    string
		scenario string
		mode     Mode
	}{
		{[]Mode{PASV, PASVCtlIP, EPSV}, "server side: the stateful firewall on the server host or in front of it, which relies on its FTP helper for the passive ports", "j1", PASV},
		{activeModes, "client side: the stateful firewall on your host or your network, which relies on its FTP helper for the server's connection", "j3", PORT},
	} {
		var failed []Attempt
		var ev []string
		for _, m := range side.modes {
			p, ok1 := plain[m]
			s, ok2 := secure[m]
			if ok1 && ok2 && p.Works() && dataFailed(s) {
				failed = append(failed, s)
				ev = append(ev, fmt.Sprintf("%s works in plain FTP; under TLS it %s", m, describe(s)))
			}
		}
		if len(failed) == 0 {
			continue
		}
		ev = append(ev, "after AUTH TLS the firewall's helper sees only ciphertext: no PORT, 227 or 229 to read, so no expectation")
		f := newFinding(HelperBlindedByTLS, Likely, ev, "", failed)
		f.Where = side.where
		f.Lab = labRun(side.scenario, side.mode)
		out = append(out, f)
	}
	return out
}

// tlsOnly revises findings made from FTPS attempts alone (the server
// refused plain FTP): a firewall that drops the data connection may lack
// the helper altogether, or have one that TLS blinds. Nothing here tells
// them apart, so both become candidates.
func tlsOnly(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		switch f.Culprit {
		case ServerFirewall, PassiveRangeDrop, ClientFirewall:
		default:
			out = append(out, f)
			continue
		}
		f.Certainty = Possible
		f.Tell = "a plain FTP session would tell: with no helper it fails the same way; the server refuses plain FTP, so ask its admin whether the firewall has rules for the passive range or relies on ct helper"
		out = append(out, f)
		b := f
		info := culprits[HelperBlindedByTLS]
		b.Culprit, b.Title, b.Fixes = HelperBlindedByTLS, info.title, info.fixes
		b.Lesson = "assets/lessons/" + info.lesson
		b.Lab = labRun("j1", PASV)
		if f.Culprit == ClientFirewall {
			b.Lab = labRun("j3", PORT)
		}
		b.Tell = "if the firewall assigns the FTP helper (ct helper set \"ftp\"), TLS blinds it: only FTPS was tried, since the server refuses plain FTP"
		out = append(out, b)
	}
	return out
}

// notes are things worth knowing when nothing failed because of them.
func notes(l level, f facts) []Finding {
	if !f.clientNATKnown || !f.clientNAT {
		return nil
	}
	if ok := l.with(activeModes, works); len(ok) == 0 {
		return nil
	}
	ev := []string{natEvidence(f), "active mode still works (" + names(l.with(activeModes, works)) + "): the NAT rewrites PORT/EPRT, an FTP helper (nf_nat_ftp) at work — and one that TLS would blind"}
	f2 := newFinding(ClientNATActive, Info, ev, "", nil)
	f2.Title = "client behind NAT with an FTP helper: active mode works"
	f2.Lab = labRun("h2", PORT)
	f2.Fixes = Fixes{}
	return []Finding{f2}
}

// alsoUnderTLS makes each finding from plain attempts explain the same
// modes under TLS when they failed there too: one cause, seen twice.
func alsoUnderTLS(fs []Finding, secure level) []Finding {
	for i, f := range fs {
		for _, n := range f.Attempts {
			if a, ok := secure[Mode(n)]; ok && !a.Works() {
				fs[i].Attempts = append(fs[i].Attempts, a.name())
			}
		}
	}
	return fs
}
