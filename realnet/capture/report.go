package capture

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"ftplab/sim"
)

// Report is the analysis of one or two captures, ready to print.
type Report struct {
	Files []*Result     `json:"files"`
	Pairs []SessionPair `json:"pairs,omitempty"`
}

// sessionJSON is a session in the JSON report.
type sessionJSON struct {
	*Session
	Client      string      `json:"client"`
	Server      string      `json:"server"`
	Explanation Explanation `json:"explanation"`
	Events      []sim.Event `json:"events"`
}

// WriteJSON writes the report as indented JSON: per file its sessions
// with their lines, attempts, events and explanation; then the pairs.
func (r *Report) WriteJSON(w io.Writer) error {
	type fileJSON struct {
		*Result
		Sessions []sessionJSON `json:"sessions"`
	}
	var v struct {
		Files []fileJSON    `json:"files"`
		Pairs []SessionPair `json:"pairs,omitempty"`
	}
	for _, f := range r.Files {
		fj := fileJSON{Result: f}
		for _, s := range f.Sessions {
			tl, err := s.Timeline()
			if err != nil {
				return err
			}
			fj.Sessions = append(fj.Sessions, sessionJSON{s, s.Client.String(), s.Server.String(), s.Explain(), tl.Events()})
		}
		v.Files = append(v.Files, fj)
	}
	v.Pairs = r.Pairs
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteText writes the report for a person: per session its timeline,
// verdict and explanation; then what the pairs show.
func (r *Report) WriteText(w io.Writer) error {
	for _, f := range r.Files {
		fmt.Fprintf(w, "%s: %d packets, %d TCP connections, %d FTP sessions\n", f.File, f.Packets, f.Flows, len(f.Sessions))
		if f.Undecoded > 0 {
			fmt.Fprintf(w, "  (%d packets not decoded)\n", f.Undecoded)
		}
		for _, s := range f.Sessions {
			if err := writeSession(w, s); err != nil {
				return err
			}
		}
	}
	for _, p := range r.Pairs {
		fmt.Fprintf(w, "\n== session %d of %s with session %d of %s: outcome %s\n", p.AID, r.Files[0].File, p.BID, r.Files[1].File, p.Outcome)
		for _, n := range p.NAT {
			fmt.Fprintf(w, "  nat: %s\n", n)
		}
		for _, rw := range p.Rewrites {
			what := "changed in flight"
			if rw.Helper {
				what = "rewritten in flight (nf_nat_ftp: a NAT's FTP helper)"
			}
			fmt.Fprintf(w, "  %s:\n      A: %s\n      B: %s\n", what, rw.A, rw.B)
		}
		for _, d := range p.Data {
			fmt.Fprintf(w, "  data: %s\n", d)
		}
		if len(p.NAT)+len(p.Rewrites)+len(p.Data) == 0 {
			fmt.Fprintln(w, "  the two captures show the same session: nothing between them changed it")
		}
	}
	return nil
}

func writeSession(w io.Writer, s *Session) error {
	tl, err := s.Timeline()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n== session %d: client %s, server %s, %s\n\n", s.ID, s.Client, s.Server, s.Start.Format("2006-01-02 15:04:05.000 MST"))
	io.WriteString(w, sim.RenderText(tl))
	x := s.Explain()
	fmt.Fprintf(w, "\noutcome: %s: %s\n", s.Outcome, s.Detail)
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "%-9s %s\n", k+":", v)
		}
	}
	field("culprit", x.Culprit)
	field("lab", x.Lab)
	if x.Lesson != "" {
		field("lesson", x.Lesson+" (ftplab, lesson menu)")
	}
	field("fix", x.Fix)
	for _, f := range x.Findings {
		field("finding", f)
	}
	field("cannot", strings.TrimSpace(x.Cannot))
	return nil
}
