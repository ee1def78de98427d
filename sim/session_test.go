package sim

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"testing"
)

// session is the result of one scripted FTP exchange played with sim calls
// alone: a stand-in for the lab's real client and server.
type session struct {
	outcome  string // ok, 425, 500, timeout, refused, ctrl-...
	dataPort uint16 // the client's listening port (active) or the server's passive port
	net      *Net
	drop     Attempt // the failed data attempt, if any
}

// playSession plays login, the mode's data-connection dance and RETR, the
// way vsftpd and the oracle's python client do.
func playSession(t *testing.T, sc Scenario, mode Mode, seed uint64) session {
	t.Helper()
	n := New(sc, seed)
	s := session{net: n}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s/%s: %v", sc.ID, mode, err)
		}
	}
	_, err := n.Listen(sc.ServerHost, netip.AddrPortFrom(sc.ServerAddr, ControlPort))
	must(err)
	ctl, err := n.Connect(sc.ClientHost, netip.AddrPort{}, sc.ServerTarget)
	must(err)
	if ctl.Verdict != Delivered {
		s.outcome = "ctrl-" + string(ctl.Verdict)
		return s
	}
	cmd := func(line string) string {
		t.Helper()
		out, err := n.Line(ctl.Conn, true, line)
		must(err)
		return out
	}
	reply := func(line string) string {
		t.Helper()
		out, err := n.Line(ctl.Conn, false, line)
		must(err)
		return out
	}
	reply("220 (ftplab)")
	cmd("USER anonymous")
	reply("331 Please specify the password.")
	cmd("PASS guest")
	reply("230 Login successful.")
	if sc.TLS {
		cmd("AUTH TLS")
		reply("234 Proceed with negotiation.")
		cmd("PBSZ 0")
		reply("200 PBSZ set to 0.")
		cmd("PROT P")
		reply("200 PROT now Private.")
	}
	cmd("TYPE I")
	reply("200 Switching to Binary mode.")

	transfer := func(data ConnID, fromDialer bool) {
		must(n.Bytes(data, fromDialer, 200000))
		must(n.Close(data, fromDialer))
		reply("226 Transfer complete.")
	}

	if mode.Active() {
		l, err := n.Listen(sc.ClientHost, netip.AddrPortFrom(sc.ClientAddr, 0))
		must(err)
		s.dataPort = l.Port()
		line := fmt.Sprintf("EPRT |1|%s|%d|", l.Addr(), l.Port())
		if mode == ModePORT {
			line = "PORT " + mangle("PORT", l)
		}
		got := cmd(line)
		target, ok := serverParse(got)
		if !ok {
			t.Fatalf("%s/%s: server cannot parse %q", sc.ID, mode, got)
		}
		if !sc.PortPromiscuous && target.Addr() != ctl.SeenRemote.Addr() {
			reply("500 Illegal " + string(mode) + " command.")
			s.outcome = "500"
			return s
		}
		reply("200 " + string(mode) + " command successful. Consider using PASV.")
		cmd("RETR data.bin")
		from := netip.AddrPortFrom(sc.ServerAddr, 0)
		if sc.ActiveFromPort20 {
			from = netip.AddrPortFrom(sc.ServerAddr, 20)
		}
		d, err := n.Connect(sc.ServerHost, from, target)
		must(err)
		if d.Verdict == Delivered && d.To == sc.ClientHost && d.Listener == l {
			reply("150 Opening BINARY mode data connection for data.bin (200000 bytes).")
			transfer(d.Conn, true)
			s.outcome = "ok"
			return s
		}
		s.drop = d
		reply("425 Failed to establish connection.")
		s.outcome = "425"
		return s
	}

	port := sc.PasvMin
	l, err := n.Listen(sc.ServerHost, netip.AddrPortFrom(sc.ServerAddr, port))
	must(err)
	s.dataPort = port
	var target netip.AddrPort
	switch mode {
	case ModeEPSV:
		cmd("EPSV")
		got := reply(fmt.Sprintf("229 Entering Extended Passive Mode (|||%d|)", port))
		p, ok := clientParse229(got)
		if !ok {
			t.Fatalf("%s/%s: client cannot parse %q", sc.ID, mode, got)
		}
		target = netip.AddrPortFrom(sc.ServerTarget.Addr(), p)
	default:
		cmd("PASV")
		got := reply("227 Entering Passive Mode (" + mangle("227", netip.AddrPortFrom(sc.Announced(), port)) + ").")
		ap, ok := serverParse("PORT " + got[strings.Index(got, "(")+1:strings.Index(got, ")")])
		if !ok {
			t.Fatalf("%s/%s: client cannot parse %q", sc.ID, mode, got)
		}
		target = ap
		if mode == ModePASVCtlIP {
			target = netip.AddrPortFrom(sc.ServerTarget.Addr(), ap.Port())
		}
	}
	d, err := n.Connect(sc.ClientHost, netip.AddrPort{}, target)
	must(err)
	switch {
	case d.Verdict == Delivered && d.To == sc.ServerHost && d.Listener == l:
		cmd("RETR data.bin")
		reply("150 Opening BINARY mode data connection for data.bin (200000 bytes).")
		transfer(d.Conn, false)
		s.outcome = "ok"
	case d.Verdict == Dropped:
		s.drop, s.outcome = d, "timeout"
	case d.Verdict == Rejected:
		s.drop, s.outcome = d, "refused"
	default:
		t.Fatalf("%s/%s: data connection delivered to %s listener %s, want server %s", sc.ID, mode, d.To, d.Listener, l)
	}
	return s
}

// serverParse is the endpoints' own parser (not the helper's): PORT
// h1,...,p2 or EPRT |1|a|p|.
func serverParse(line string) (netip.AddrPort, bool) {
	verb, arg, _ := strings.Cut(line, " ")
	switch strings.ToUpper(verb) {
	case "PORT":
		f := strings.Split(arg, ",")
		if len(f) != 6 {
			return netip.AddrPort{}, false
		}
		var v [6]int
		for i, x := range f {
			n, err := strconv.Atoi(strings.TrimSpace(x))
			if err != nil || n < 0 || n > 255 {
				return netip.AddrPort{}, false
			}
			v[i] = n
		}
		return netip.AddrPortFrom(netip.AddrFrom4([4]byte{byte(v[0]), byte(v[1]), byte(v[2]), byte(v[3])}), uint16(v[4]<<8|v[5])), true
	case "EPRT":
		f := strings.Split(arg, "|")
		if len(f) != 5 || f[1] != "1" {
			return netip.AddrPort{}, false
		}
		a, err := netip.ParseAddr(f[2])
		p, err2 := strconv.Atoi(f[3])
		if err != nil || err2 != nil {
			return netip.AddrPort{}, false
		}
		return netip.AddrPortFrom(a, uint16(p)), true
	}
	return netip.AddrPort{}, false
}

func clientParse229(line string) (uint16, bool) {
	i, j := strings.Index(line, "(|||"), strings.LastIndex(line, "|)")
	if i < 0 || j < i+4 {
		return 0, false
	}
	p, err := strconv.Atoi(line[i+4 : j])
	return uint16(p), err == nil
}
