package lessons

import (
	"fmt"
	"regexp"
	"strings"

	"ftplab/sim"
)

// Labels names the fixed event labels of the lab's timeline, as package
// sim defines them. Two more families are open: cmd.VERB (a command the
// client sent, e.g. cmd.PORT) and reply.NNN (a reply the server sent, e.g.
// reply.227).
func Labels() []string { return sim.FixedLabels() }

var (
	cmdLabel   = regexp.MustCompile(`^cmd\.[A-Z]{3,4}$`)
	replyLabel = regexp.MustCompile(`^reply\.[1-5][0-9][0-9]$`)
)

// ValidLabel reports whether s is an event label of the lab's vocabulary:
// one of Labels, cmd.VERB (3 or 4 upper-case letters) or reply.NNN (a reply
// code, first digit 1 to 5).
func ValidLabel(s string) bool {
	if cmdLabel.MatchString(s) || replyLabel.MatchString(s) {
		return true
	}
	for _, l := range Labels() {
		if s == l {
			return true
		}
	}
	return false
}

// labelError explains why s is not a label.
func labelError(s string) string {
	switch {
	case strings.HasPrefix(s, "cmd."):
		return fmt.Sprintf("unknown label %q: a command label is cmd.VERB with the verb in capitals, e.g. cmd.PORT", s)
	case strings.HasPrefix(s, "reply."):
		return fmt.Sprintf("unknown label %q: a reply label is reply.NNN with a three-digit code, e.g. reply.227", s)
	}
	return fmt.Sprintf("unknown label %q: want cmd.VERB, reply.NNN or one of %s", s, strings.Join(Labels(), " "))
}

// Fields is the vocabulary of event fields an answer can be read from
// (answer_from: LABEL.FIELD):
//
//	host      the host where the event happened (client, server, router)
//	src       source address:port of the connection the event concerns
//	src.addr  its address
//	src.port  its port
//	dst       destination address:port (as dialled, before any NAT on the way)
//	dst.addr  its address
//	dst.port  its port
//	line      the control line, without CRLF (cmd.* and reply.* events)
//	arg       the command's argument (cmd.* events), e.g. 10,0,0,2,195,80
//	code      the reply code (reply.* events), e.g. 227
//	verdict   accept, drop or reject (fw.* events)
//	firewall  the name of the firewall that decided (fw.* events)
//	rule      the rule that decided (fw.* events)
//	state     the conntrack state the firewall saw (fw.* events): new,
//	          established, related, invalid, or stateless when the
//	          firewall tracks no connection
//	line.addr the address a control line announces, as the FTP helper
//	          reads it (PORT, EPRT, 227; a 229 announces none)
//	line.verb a command's verb or a reply's code (PORT, 227); for
//	          helper.parse, the pattern the helper read (PORT, EPRT,
//	          227, 229)
//	failure   how a failure reaches the client (timeout, refused, or a
//	          4yz/5yz reply's code): see sim.Event.Failure
var Fields = []string{
	"host", "src", "src.addr", "src.port", "dst", "dst.addr", "dst.port",
	"line", "arg", "code", "verdict", "firewall", "rule",
	"state", "line.addr", "line.verb", "failure",
}

// Ref names one field of an event: answer_from: data.connect.dst.port is
// Ref{Label: "data.connect", Field: "dst.port"}.
type Ref struct {
	Label string
	Field string
}

func (r Ref) String() string {
	if r.Label == "" {
		return r.Field
	}
	return r.Label + "." + r.Field
}

// ParseRef splits LABEL.FIELD and checks both halves against the
// vocabularies (Labels, Fields) and against each other (code needs a reply
// label, verdict a fw label, ...).
func ParseRef(s string) (Ref, error) {
	var r Ref
	for _, f := range Fields {
		if strings.HasSuffix(s, "."+f) && len(f) > len(r.Field) {
			r = Ref{Label: strings.TrimSuffix(s, "."+f), Field: f}
		}
	}
	if r.Field == "" {
		return r, fmt.Errorf("answer_from %q: want LABEL.FIELD with FIELD one of %s", s, strings.Join(Fields, " "))
	}
	if !ValidLabel(r.Label) {
		return r, fmt.Errorf("answer_from %q: %s", s, labelError(r.Label))
	}
	need := ""
	switch r.Field {
	case "code":
		if !strings.HasPrefix(r.Label, "reply.") {
			need = "a reply.NNN label"
		}
	case "arg":
		if !strings.HasPrefix(r.Label, "cmd.") {
			need = "a cmd.VERB label"
		}
	case "line", "line.addr", "line.verb":
		if !strings.HasPrefix(r.Label, "cmd.") && !strings.HasPrefix(r.Label, "reply.") && r.Label != "helper.parse" {
			need = "a cmd.VERB, reply.NNN or helper.parse label"
		}
	case "verdict", "firewall", "rule", "state":
		if !strings.HasPrefix(r.Label, "fw.") {
			need = "a fw.* label"
		}
	case "failure":
		if !strings.HasPrefix(r.Label, "reply.") && r.Label != "timeout" && r.Label != "refused" {
			need = "a timeout, refused or reply.NNN label"
		}
	}
	if need != "" {
		return r, fmt.Errorf("answer_from %q: field %s needs %s", s, r.Field, need)
	}
	return r, nil
}

// Event is what lessons read from one event of the lab's timeline. The
// lab's timeline adapts to it; Field takes the names listed in Fields.
type Event interface {
	Label() string
	Field(name string) (string, bool)
}

// Find returns the index of the nth (from 1) event labelled label, or -1.
func Find(events []Event, label string, nth int) int {
	for i, e := range events {
		if e.Label() == label {
			nth--
			if nth <= 0 {
				return i
			}
		}
	}
	return -1
}
