package watch

import (
	"net/netip"

	"ftplab/sim"
)

// Frame is what the stepper needs to show an observed session: the mode
// its client used, how it ended, who talked to whom, and the findings.
type Frame struct {
	Mode           sim.Mode // the first data-connection command's mode; PASV if none
	Outcome        string   // ok, 425, refused, timeout, open (not ended yet)
	Client, Server netip.AddrPort
	Findings       []string
}

// FrameOf reads tl's frame from its events.
func FrameOf(tl *sim.Timeline) Frame {
	f := Frame{Mode: sim.ModePASV, Outcome: "open"}
	modeSet := false
	for _, e := range tl.Events() {
		switch e.Label {
		case sim.LabelControlConnect:
			if !f.Client.IsValid() {
				f.Client, f.Server = e.From, e.To
			}
		case sim.LabelFinding:
			f.Findings = append(f.Findings, e.Text)
		case sim.CmdLabel("PASV"), sim.CmdLabel("EPSV"), sim.CmdLabel("PORT"), sim.CmdLabel("EPRT"):
			if !modeSet {
				f.Mode, modeSet = sim.Mode(e.Label[len("cmd."):]), true
			}
		}
		f.Outcome = outcomeAfter(f.Outcome, e.Label)
	}
	return f
}

// outcomeAfter is the session's outcome after an event labelled label:
// the first failure stays; the close of a session without one is ok.
func outcomeAfter(prev, label string) string {
	if prev != "open" && prev != "ok" {
		return prev
	}
	switch label {
	case sim.LabelRefused:
		return "refused"
	case sim.LabelTimeout:
		return "timeout"
	case sim.ReplyLabel("425"):
		return "425"
	case sim.LabelClose:
		return "ok"
	}
	return prev
}
