package capture

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"ftplab/realnet/capture/pcap"
	"ftplab/sim"
)

// The two capture points of a lab run: the wire on the client's side of
// the router and the wire on the server's side.
const (
	sideClient = 0
	sideServer = 1
)

// SideNames are the capture points' names, in file names and in the
// pcapng interface description.
var SideNames = [2]string{"client-side", "server-side"}

// Epoch is the wall-clock time a written run starts at: the lab's clock
// is logical, so every file of every run begins at the same instant.
var Epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

const mss = 1460

// packet is one frame to write on one side.
type packet struct {
	at    time.Time
	order int
	side  int
	frame []byte
}

// synth turns a lab timeline into the packets the two capture points
// would see.
type synth struct {
	final   sim.State
	conns   map[sim.ConnID]*tcpConn
	packets []packet
	rewrite map[int]string // event index -> the line after nf_nat_ftp
}

// WriteRun writes a lab run's timeline as two pcapng files in dir,
// PREFIX-client-side.pcapng and PREFIX-server-side.pcapng, and returns
// their paths. Connections of hosts other than the client and the server
// (the attacker of scenario steal) are left out.
func WriteRun(dir, prefix string, tl *sim.Timeline) ([]string, error) {
	s, err := newSynth(tl)
	if err != nil {
		return nil, err
	}
	s.run(tl.Events())
	sort.SliceStable(s.packets, func(i, j int) bool {
		a, b := s.packets[i], s.packets[j]
		return a.at.Before(b.at) || a.at.Equal(b.at) && a.order < b.order
	})
	var paths []string
	for side, name := range SideNames {
		p := filepath.Join(dir, prefix+"-"+name+".pcapng")
		if err := s.write(p, side, name); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

func (s *synth) write(path string, side int, name string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w, err := pcap.NewWriter(f, name)
	for _, p := range s.packets {
		if err != nil {
			break
		}
		if p.side == side {
			err = w.WritePacket(p.at, p.frame)
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func newSynth(tl *sim.Timeline) (*synth, error) {
	final, err := tl.At(tl.Len())
	if err != nil {
		return nil, err
	}
	s := &synth{final: final, conns: map[sim.ConnID]*tcpConn{}, rewrite: map[int]string{}}
	evs := tl.Events()
	for i, e := range evs {
		if e.Label != sim.LabelNATTranslate || e.Conn == 0 || e.From.IsValid() {
			continue
		}
		from, to, ok := parseRewrite(e.Text)
		for j := i - 1; ok && j >= 0; j-- {
			if k := evs[j].Kind; evs[j].Conn == e.Conn && evs[j].Line == from && (k == sim.KindCmd || k == sim.KindReply) {
				s.rewrite[j] = to
				break
			}
		}
	}
	for _, c := range final.Conns {
		if tc := s.newConn(c, evs); tc != nil {
			s.conns[c.ID] = tc
		}
	}
	return s, nil
}

// parseRewrite reads `... rewrites "A" to "B"` from a helper's event.
func parseRewrite(text string) (string, string, bool) {
	_, rest, ok := strings.Cut(text, " rewrites ")
	if !ok {
		return "", "", false
	}
	qa, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return "", "", false
	}
	qb, err := strconv.QuotedPrefix(strings.TrimPrefix(rest[len(qa):], " to "))
	if err != nil {
		return "", "", false
	}
	a, _ := strconv.Unquote(qa)
	b, _ := strconv.Unquote(qb)
	return a, b, true
}

// at is the wall-clock time of a logical time, plus a small step per
// packet of the same event.
func at(ms int64, n int) time.Time {
	return Epoch.Add(time.Duration(ms)*time.Millisecond + time.Duration(n)*20*time.Microsecond)
}

func (s *synth) emit(t time.Time, side int, seg pcap.Segment, mssOpt uint16) {
	s.packets = append(s.packets, packet{at: t, order: len(s.packets), side: side, frame: pcap.Frame(seg, mssOpt)})
}

// run walks the events and lays down the packets of each.
func (s *synth) run(evs []sim.Event) {
	for i, e := range evs {
		c := s.conns[e.Conn]
		if c == nil {
			continue
		}
		switch {
		case e.Label == sim.LabelControlConnect || e.Label == sim.LabelDataConnect:
			s.connect(c, e.Time)
		case e.Label == sim.LabelControlAccept || e.Label == sim.LabelDataAccept:
			s.accept(c, e.Time)
		case e.Label == sim.LabelRefused:
			s.refuse(c, e.Time)
		case e.Kind == sim.KindCmd || e.Kind == sim.KindReply:
			fromClient := e.Kind == sim.KindCmd
			line := e.Line + "\r\n"
			far := line
			if r, ok := s.rewrite[i]; ok {
				far = r + "\r\n"
			}
			s.send(c, e.Time, c.dialerIs("client") == fromClient, []byte(line), []byte(far))
		case e.Label == sim.LabelDataBytes:
			s.sendBytes(c, e.Time, e.Host == c.state.Dialer, e.Bytes)
		case e.Label == sim.LabelDataClose || e.Label == sim.LabelClose:
			s.close(c, e.Time, e.Host == c.state.Dialer)
		}
	}
}
