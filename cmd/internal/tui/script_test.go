package tui

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"ftplab/sim"
)

// scriptFileSize is the size of the file a scripted run downloads.
const scriptFileSize = 200000

// scripted plays login, the mode's data connection and RETR with sim
// calls alone (the way sim's own tests do) and returns a replay of the
// timeline: the UI's tests need no sockets.
func scripted(t testing.TB, id string, mode sim.Mode) (sim.Scenario, *Replay) {
	t.Helper()
	sc, err := catalogue.Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	n := sim.New(sc, 1)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s/%s: %v", id, mode, err)
		}
	}
	done := func(outcome string) (sim.Scenario, *Replay) {
		r := NewReplay(n.Timeline(), outcome, "-")
		r.Size = scriptFileSize
		return sc, r
	}
	_, err = n.Listen(sc.ServerHost, netip.AddrPortFrom(sc.ServerAddr, sim.ControlPort))
	must(err)
	ctl, err := n.Connect(sc.ClientHost, netip.AddrPort{}, sc.ServerTarget)
	must(err)
	if ctl.Verdict != sim.Delivered {
		return done("ctrl")
	}
	line := func(fromClient bool, s string) string {
		t.Helper()
		out, err := n.Line(ctl.Conn, fromClient, s)
		must(err)
		return out
	}
	line(false, "220 (ftplab)")
	line(true, "USER anonymous")
	line(false, "331 Please specify the password.")
	line(true, "PASS guest")
	line(false, "230 Login successful.")
	line(true, "TYPE I")
	line(false, "200 Switching to Binary mode.")
	transfer := func(id sim.ConnID, fromDialer bool) {
		must(n.Bytes(id, fromDialer, scriptFileSize))
		must(n.Close(id, fromDialer))
		line(false, "226 Transfer complete.")
	}
	if mode.Active() {
		l, err := n.Listen(sc.ClientHost, netip.AddrPortFrom(sc.ClientAddr, 0))
		must(err)
		cmd := fmt.Sprintf("EPRT |1|%s|%d|", l.Addr(), l.Port())
		if mode == sim.ModePORT {
			a := l.Addr().As4()
			cmd = fmt.Sprintf("PORT %d,%d,%d,%d,%d,%d", a[0], a[1], a[2], a[3], l.Port()>>8, l.Port()&0xff)
		}
		got := line(true, cmd)
		target, ok := parseHostPort(got)
		if !ok {
			t.Fatalf("cannot parse %q", got)
		}
		if target.Addr() != ctl.SeenRemote.Addr() {
			line(false, "500 Illegal PORT command.")
			return done("500")
		}
		line(false, "200 PORT command successful. Consider using PASV.")
		line(true, "RETR data.bin")
		d, err := n.Connect(sc.ServerHost, netip.AddrPortFrom(sc.ServerAddr, 20), target)
		must(err)
		if d.Verdict != sim.Delivered {
			line(false, "425 Failed to establish connection.")
			return done("425")
		}
		line(false, "150 Opening BINARY mode data connection for data.bin (200000 bytes).")
		transfer(d.Conn, true)
		return done("ok")
	}
	port := sc.PasvMin
	_, err = n.Listen(sc.ServerHost, netip.AddrPortFrom(sc.ServerAddr, port))
	must(err)
	var target netip.AddrPort
	if mode == sim.ModeEPSV {
		line(true, "EPSV")
		line(false, fmt.Sprintf("229 Entering Extended Passive Mode (|||%d|)", port))
		target = netip.AddrPortFrom(sc.ServerTarget.Addr(), port)
	} else {
		line(true, "PASV")
		a := sc.Announced().As4()
		got := line(false, fmt.Sprintf("227 Entering Passive Mode (%d,%d,%d,%d,%d,%d).", a[0], a[1], a[2], a[3], port>>8, port&0xff))
		ap, ok := parseHostPort("PORT " + got[strings.Index(got, "(")+1:strings.Index(got, ")")])
		if !ok {
			t.Fatalf("cannot parse %q", got)
		}
		target = ap
		if mode == sim.ModePASVCtlIP {
			target = netip.AddrPortFrom(sc.ServerTarget.Addr(), ap.Port())
		}
	}
	// scenario steal: the attacker connects first (labrun's order); the
	// server closes its connection when RETR comes
	var stolen sim.ConnID
	if sc.AttackerHost != "" {
		m, err := n.Connect(sc.AttackerHost, netip.AddrPort{}, target)
		must(err)
		stolen = m.Conn
	}
	d, err := n.Connect(sc.ClientHost, netip.AddrPort{}, target)
	must(err)
	if d.Verdict != sim.Delivered {
		return done(string(d.Verdict))
	}
	line(true, "RETR data.bin")
	if stolen != 0 {
		must(n.Close(stolen, false))
	}
	line(false, "150 Opening BINARY mode data connection for data.bin (200000 bytes).")
	transfer(d.Conn, false)
	return done("ok")
}

func parseHostPort(s string) (netip.AddrPort, bool) {
	verb, arg, _ := strings.Cut(s, " ")
	switch strings.ToUpper(verb) {
	case "PORT":
		f := strings.Split(arg, ",")
		if len(f) != 6 {
			return netip.AddrPort{}, false
		}
		var v [6]byte
		for i, x := range f {
			k, err := strconv.Atoi(strings.TrimSpace(x))
			if err != nil {
				return netip.AddrPort{}, false
			}
			v[i] = byte(k)
		}
		return netip.AddrPortFrom(netip.AddrFrom4([4]byte(v[:4])), uint16(v[4])<<8|uint16(v[5])), true
	case "EPRT":
		f := strings.Split(arg, "|")
		if len(f) != 5 {
			return netip.AddrPort{}, false
		}
		a, err := netip.ParseAddr(f[2])
		p, err2 := strconv.Atoi(f[3])
		return netip.AddrPortFrom(a, uint16(p)), err == nil && err2 == nil
	}
	return netip.AddrPort{}, false
}
