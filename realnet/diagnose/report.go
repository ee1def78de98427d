package diagnose

import (
	"encoding/json"
	"io"
)

// SchemaVersion names the JSON schema of Report. It changes only if a
// field is renamed or removed, which the project does not do: fields are
// added.
const SchemaVersion = "ftplab.diagnose/1"

// Report is the JSON output of ftplab diagnose: the diagnosis and the
// evidence it was made from.
//
//	{
//	  "schema": "ftplab.diagnose/1",
//	  "target": "10.200.1.1:21",
//	  "exit_code": 1,                  // 0 all modes work, 1 some fail, 2 no login
//	  "summary": "3 of 5 data connections failed. Likely culprit: ...",
//	  "ambiguous": false,              // true: some failures fit several culprits
//	  "bound_seconds": 41,             // the run's stated time bound
//	  "verdicts": [{"mode": "PASV", "tls": false, "works": false,
//	                "ending": "no-answer", "summary": "fails: no answer from ..."}],
//	  "findings": [{"culprit": "server-nat-private-address",
//	                "certainty": "likely",   // likely | possible | info | unknown
//	                "title": "...", "where": "...", "evidence": ["..."],
//	                "tell": "...",           // what tells candidates apart
//	                "attempts": ["PASV"],
//	                "lab": {"scenario": "i1", "mode": "PASV", "command": "ftplab lab --scenario i1 --mode PASV"},
//	                "lesson": "assets/lessons/10-server-nat.md",
//	                "fixes": {"server": ["..."], "firewall": ["..."], "client": ["..."]}}],
//	  "evidence": {"target": "...", "features": ["AUTH TLS", ...], "tls_offered": true,
//	               "tls_required": false, "tls_skipped": "...", "ipv6": false,
//	               "sessions": [{"tls": false, "logged_in": true, "client_addr": "10.200.1.2:40522",
//	                             "server_addr": "10.200.1.1:21", "server_sees_client": "10.200.1.2",
//	                             "transcript": [{"t": 0.001, "line": "> USER anonymous"}]}],
//	               "attempts": [{"mode": "PASV", "tls": false, "command": "LIST pub",
//	                             "announced": "10.200.2.2:40003", "data_to": "10.200.2.2:40003",
//	                             "data_from": "", "ending": "no-answer", "reply": 0,
//	                             "seconds": 3.001, "bytes": 0, "detail": "...",
//	                             "write": {"name": "...", "ending": "established", "removed": true},
//	                             "transcript": [...]}]}
//	}
//
// Endings: established, refused, no-answer, unreachable, 425,
// command-refused, transfer-refused, tls-failed, error, not-run,
// not-applicable (PASV, PASV_CTLIP and PORT over IPv6). Culprits
// are the Culprit constants.
type Report struct {
	Schema       string    `json:"schema"`
	Target       string    `json:"target"`
	ExitCode     int       `json:"exit_code"`
	Summary      string    `json:"summary"`
	Ambiguous    bool      `json:"ambiguous"`
	BoundSeconds float64   `json:"bound_seconds"`
	Verdicts     []Verdict `json:"verdicts"`
	Findings     []Finding `json:"findings"`
	Evidence     Evidence  `json:"evidence"`
}

// NewReport puts a run's evidence and its diagnosis together.
func NewReport(e Evidence, d Diagnosis, o Options) Report {
	// Empty lists are [] in JSON, never null.
	if d.Verdicts == nil {
		d.Verdicts = []Verdict{}
	}
	if d.Findings == nil {
		d.Findings = []Finding{}
	}
	if e.Attempts == nil {
		e.Attempts = []Attempt{}
	}
	return Report{
		Schema: SchemaVersion, Target: e.Target, ExitCode: d.ExitCode(), Summary: d.Summary,
		Ambiguous: d.Ambiguous, BoundSeconds: o.Bound().Seconds(),
		Verdicts: d.Verdicts, Findings: d.Findings, Evidence: e,
	}
}

// WriteJSON writes the report as indented JSON.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
