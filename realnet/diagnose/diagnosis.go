package diagnose

import (
	"fmt"
	"net/netip"
	"strings"
)

// Certainty says how sure a finding is.
type Certainty string

const (
	// Likely: the evidence fits this culprit and no other the rules know.
	Likely Certainty = "likely"
	// Possible: one of several candidates that fit the same evidence; the
	// finding's Tell says what would tell them apart.
	Possible Certainty = "possible"
	// Info: not a failure, something worth knowing.
	Info Certainty = "info"
	// Unknown: failures that no rule explains.
	Unknown Certainty = "unknown"
)

// Verdict is the outcome of one attempt in a sentence.
type Verdict struct {
	Mode    Mode   `json:"mode"`
	TLS     bool   `json:"tls"`
	Works   bool   `json:"works"`
	Ending  Ending `json:"ending"`
	Summary string `json:"summary"`
}

// LabRun is the lab run that reproduces a finding.
type LabRun struct {
	Scenario string `json:"scenario"`
	Mode     Mode   `json:"mode"`
	Command  string `json:"command"`
}

// labRun is the lab run of scenario in mode m, with its command line.
func labRun(scenario string, m Mode) LabRun {
	return LabRun{Scenario: scenario, Mode: m, Command: fmt.Sprintf("ftplab lab --scenario %s --mode %s", scenario, m)}
}

// Finding names one culprit, or one candidate among several.
type Finding struct {
	Culprit   Culprit   `json:"culprit"`
	Certainty Certainty `json:"certainty"`
	Title     string    `json:"title"`
	Where     string    `json:"where"`
	// Evidence is what was seen that points here, in sentences.
	Evidence []string `json:"evidence"`
	// Tell, for a possible culprit, says what would confirm or rule it
	// out.
	Tell string `json:"tell,omitempty"`
	// Attempts lists the attempts it explains: "PASV", "EPSV (TLS)".
	Attempts []string `json:"attempts,omitempty"`
	Lab      LabRun   `json:"lab"`
	Lesson   string   `json:"lesson"`
	Fixes    Fixes    `json:"fixes"`
}

// Diagnosis is what the rules make of the evidence.
type Diagnosis struct {
	Summary  string    `json:"summary"`
	Verdicts []Verdict `json:"verdicts"`
	Findings []Finding `json:"findings"`
	// Ambiguous: some failures fit more than one culprit.
	Ambiguous bool `json:"ambiguous"`
	// AllWork: every attempt made worked. NoLogin: none could be made
	// because no session could log in.
	AllWork bool `json:"all_work"`
	NoLogin bool `json:"no_login"`
}

// ExitCode is the status ftplab diagnose exits with: 0 when every mode
// works, 1 when some fail, 2 when it could not log in.
func (d Diagnosis) ExitCode() int {
	switch {
	case d.NoLogin:
		return 2
	case d.AllWork:
		return 0
	}
	return 1
}

// newFinding fills in what the culprit table knows.
func newFinding(c Culprit, cert Certainty, evidence []string, tell string, attempts []Attempt) Finding {
	info := culprits[c]
	f := Finding{
		Culprit: c, Certainty: cert, Title: info.title, Where: info.where,
		Evidence: evidence, Tell: tell,
		Lab:    labRun(info.scenario, info.mode),
		Lesson: "assets/lessons/" + info.lesson,
		Fixes:  info.fixes,
	}
	for _, a := range attempts {
		f.Attempts = append(f.Attempts, a.name())
	}
	return f
}

// name is how findings refer to an attempt: "PASV", "EPSV (TLS)".
func (a Attempt) name() string {
	if a.TLS {
		return string(a.Mode) + " (TLS)"
	}
	return string(a.Mode)
}

// describe says in a few words how an attempt ended.
func describe(a Attempt) string {
	secs := fmt.Sprintf("%.1f s", a.Seconds)
	switch a.Ending {
	case Established:
		return fmt.Sprintf("works: %d bytes, %s -> %s", a.Bytes, orUnknown(a.DataFrom), orUnknown(a.DataTo))
	case Refused:
		return fmt.Sprintf("fails: connection to %s refused (RST) after %s", orUnknown(a.DataTo), secs)
	case Unreachable:
		return fmt.Sprintf("fails: %s unreachable (ICMP) after %s", orUnknown(a.DataTo), secs)
	case NoAnswer:
		if a.Mode.Passive() {
			return fmt.Sprintf("fails: no answer from %s within %s", orUnknown(a.DataTo), secs)
		}
		return fmt.Sprintf("fails: the server never connected to %s within %s", orUnknown(a.DataTo), secs)
	case Reply425:
		return fmt.Sprintf("fails: the server replied %d (cannot open the data connection) after %s", a.Reply, secs)
	case CommandRefused:
		return fmt.Sprintf("fails: the server refused %s (%d)", a.Mode.command(), a.Reply)
	case TransferRefused:
		return fmt.Sprintf("fails: the server refused %s (%d)", a.Command, a.Reply)
	case TLSFailed:
		return "fails: TLS handshake on the data connection: " + a.Detail
	case NotRun:
		return "not run: " + a.Detail
	case NotApplicable:
		return "not applicable: IPv4 only (RFC 959); IPv6 uses " + a.Mode.ipv6Twin()
	}
	return "fails: " + a.Detail
}

// command is the verb a mode sends.
func (m Mode) command() string {
	if m == PASVCtlIP {
		return "PASV"
	}
	return string(m)
}

func orUnknown(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

// addr parses an address, or the address of "addr:port"; the zero Addr
// when s is neither.
func addr(s string) netip.Addr {
	if a, err := netip.ParseAddr(hostOf(s)); err == nil {
		return a.Unmap()
	}
	return netip.Addr{}
}

// private reports an address that is not routed on the Internet.
func private(a netip.Addr) bool {
	cgnat := netip.MustParsePrefix("100.64.0.0/10")
	return a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast() || cgnat.Contains(a)
}

// names joins attempt names: "PASV, EPSV".
func names(as []Attempt) string {
	var s []string
	for _, a := range as {
		s = append(s, a.name())
	}
	return strings.Join(s, ", ")
}
