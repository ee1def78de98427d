// Package scripted builds the timeline of a lab run with sim calls alone:
// login, the mode's data connection and RETR, the way the real lab's
// client and server do it, without sockets. The UI's tests and the lesson
// player's table tests replay these timelines.
package scripted

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"ftplab/assets"
	"ftplab/sim"
)

// FileSize is the size of the file a scripted run downloads (labrun's
// data.bin has the same).
const FileSize = 200000

// A Result is a scripted run: its scenario, timeline and outcome.
type Result struct {
	Scenario sim.Scenario
	Timeline *sim.Timeline
	Outcome  string
	// Snapshots are the timeline after each operation, as a live lab
	// shows it growing (an operation may add several events).
	Snapshots []*sim.Timeline
}

// session is one scripted run under way; err is the first sim error,
// after which every operation does nothing.
type session struct {
	n     *sim.Net
	sc    sim.Scenario
	ctl   sim.ConnID
	snaps []*sim.Timeline
	err   error
}

// shipped is the catalogue of the shipped scenario files. (Package tui
// has the same; its tests import this package, so it cannot be used here.)
var shipped = func() *sim.Catalogue {
	c, err := sim.NewCatalogue(assets.ScenarioFS())
	if err != nil {
		panic(fmt.Sprintf("the shipped scenario files: %v", err))
	}
	return c
}()

// Catalogue returns the shipped scenario files' catalogue.
func Catalogue() *sim.Catalogue { return shipped }

// Run plays login, the mode's data connection and RETR of scenario id
// with sim calls alone (the way sim's own tests do): a timeline like the
// lab's, without sockets. It fails with sim's error, if any.
func Run(id string, mode sim.Mode) (Result, error) {
	sc, err := Catalogue().Lookup(id)
	if err != nil {
		return Result{}, err
	}
	return RunScenario(sc, mode)
}

// RunScenario is Run on the scenario sc (an edited one, say).
func RunScenario(sc sim.Scenario, mode sim.Mode) (Result, error) {
	s := &session{n: sim.New(sc, 1), sc: sc}
	outcome := s.run(mode)
	if s.err != nil {
		return Result{}, fmt.Errorf("%s/%s: %w", sc.ID, mode, s.err)
	}
	return Result{Scenario: sc, Timeline: s.n.Timeline(), Outcome: outcome, Snapshots: s.snaps}, nil
}

// done records the outcome of one operation: its error, or the timeline
// after it.
func (s *session) done(err error) {
	if s.err == nil && err != nil {
		s.err = err
	}
	if s.err == nil {
		s.snaps = append(s.snaps, s.n.Timeline().Snapshot())
	}
}

// line sends one control line and returns it as it arrived.
func (s *session) line(fromClient bool, l string) string {
	if s.err != nil {
		return l
	}
	out, err := s.n.Line(s.ctl, fromClient, l)
	s.done(err)
	return out
}

// connect dials target from host; ok says it was delivered.
func (s *session) connect(host string, target netip.AddrPort) (sim.ConnID, bool) {
	if s.err != nil {
		return 0, false
	}
	src := netip.AddrPort{}
	if host == s.sc.ServerHost {
		src = netip.AddrPortFrom(s.sc.ServerAddr, 20)
	}
	r, err := s.n.Connect(host, src, target)
	s.done(err)
	return r.Conn, err == nil && r.Verdict == sim.Delivered
}

// run plays the session and returns its outcome.
func (s *session) run(mode sim.Mode) string {
	sc := s.sc
	_, err := s.n.Listen(sc.ServerHost, netip.AddrPortFrom(sc.ServerAddr, sim.ControlPort))
	s.done(err)
	ctl, err := s.n.Connect(sc.ClientHost, netip.AddrPort{}, sc.ServerTarget)
	s.done(err)
	if s.err != nil || ctl.Verdict != sim.Delivered {
		return "ctrl"
	}
	s.ctl = ctl.Conn
	for i, l := range []string{"220 (ftplab)", "USER anonymous", "331 Please specify the password.",
		"PASS guest", "230 Login successful.", "TYPE I", "200 Switching to Binary mode."} {
		s.line(i%2 == 1, l)
	}
	if mode.Active() {
		return s.active(mode, ctl.SeenRemote)
	}
	return s.passive(mode)
}

// transfer sends the file on data connection id and closes it.
func (s *session) transfer(id sim.ConnID, fromDialer bool) string {
	if s.err != nil {
		return "error"
	}
	s.done(s.n.Bytes(id, fromDialer, FileSize))
	s.done(s.n.Close(id, fromDialer))
	s.line(false, "226 Transfer complete.")
	return "ok"
}

// active is PORT or EPRT, then RETR over the server's connection.
func (s *session) active(mode sim.Mode, seen netip.AddrPort) string {
	sc := s.sc
	l, err := s.n.Listen(sc.ClientHost, netip.AddrPortFrom(sc.ClientAddr, 0))
	s.done(err)
	if s.err != nil {
		return "error"
	}
	cmd := fmt.Sprintf("EPRT |1|%s|%d|", l.Addr(), l.Port())
	if mode == sim.ModePORT {
		a := l.Addr().As4()
		cmd = fmt.Sprintf("PORT %d,%d,%d,%d,%d,%d", a[0], a[1], a[2], a[3], l.Port()>>8, l.Port()&0xff)
	}
	got := s.line(true, cmd)
	target, ok := parseHostPort(got)
	if !ok {
		s.done(fmt.Errorf("cannot parse %q", got))
		return "error"
	}
	if target.Addr() != seen.Addr() {
		s.line(false, "500 Illegal PORT command.")
		return "500"
	}
	s.line(false, "200 PORT command successful. Consider using PASV.")
	s.line(true, "RETR data.bin")
	d, ok := s.connect(sc.ServerHost, target)
	if !ok {
		s.line(false, "425 Failed to establish connection.")
		return "425"
	}
	s.line(false, "150 Opening BINARY mode data connection for data.bin (200000 bytes).")
	return s.transfer(d, true)
}

// passive is PASV or EPSV, then RETR over the client's connection; in
// scenario steal the attacker connects first (labrun's order) and the
// server closes its connection when RETR comes.
func (s *session) passive(mode sim.Mode) string {
	sc := s.sc
	port := sc.PasvMin
	_, err := s.n.Listen(sc.ServerHost, netip.AddrPortFrom(sc.ServerAddr, port))
	s.done(err)
	target := netip.AddrPortFrom(sc.ServerTarget.Addr(), port)
	if mode == sim.ModeEPSV {
		s.line(true, "EPSV")
		s.line(false, fmt.Sprintf("229 Entering Extended Passive Mode (|||%d|)", port))
	} else {
		s.line(true, "PASV")
		a := sc.Announced().As4()
		got := s.line(false, fmt.Sprintf("227 Entering Passive Mode (%d,%d,%d,%d,%d,%d).", a[0], a[1], a[2], a[3], port>>8, port&0xff))
		ap, ok := parseHostPort("PORT " + got[strings.Index(got, "(")+1:strings.Index(got, ")")])
		if !ok {
			s.done(fmt.Errorf("cannot parse %q", got))
			return "error"
		}
		if mode != sim.ModePASVCtlIP {
			target = ap
		} else {
			target = netip.AddrPortFrom(sc.ServerTarget.Addr(), ap.Port())
		}
	}
	var stolen sim.ConnID
	if sc.AttackerHost != "" {
		stolen, _ = s.connect(sc.AttackerHost, target)
	}
	d, err := s.n.Connect(sc.ClientHost, netip.AddrPort{}, target)
	s.done(err)
	if s.err != nil || d.Verdict != sim.Delivered {
		return string(d.Verdict)
	}
	s.line(true, "RETR data.bin")
	if stolen != 0 {
		s.done(s.n.Close(stolen, false))
	}
	s.line(false, "150 Opening BINARY mode data connection for data.bin (200000 bytes).")
	return s.transfer(d.Conn, false)
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
