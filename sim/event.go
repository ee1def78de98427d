package sim

import "net/netip"

// ConnID names one simulated TCP connection. 0 means "no connection".
type ConnID int

// Kind is the family of an event: the part of its label before the dot.
type Kind string

// Event kinds.
const (
	KindControl Kind = "control"
	KindCmd     Kind = "cmd"
	KindReply   Kind = "reply"
	KindData    Kind = "data"
	KindFW      Kind = "fw"
	KindNAT     Kind = "nat"
	KindHelper  Kind = "helper"
	KindTLS     Kind = "tls"
	KindTCP     Kind = "tcp"
	KindTimeout Kind = "timeout"
	KindClose   Kind = "close"
	// KindFinding marks an analysis of an observed session (a proxy, a
	// capture): not something the network did, but what it means.
	KindFinding Kind = "finding"
)

// Event labels. Lessons and tests refer to them: extend, never rename.
// cmd.<VERB> and reply.<code> are built with CmdLabel and ReplyLabel.
const (
	LabelControlListen   = "control.listen"
	LabelControlUnlisten = "control.unlisten"
	LabelControlConnect  = "control.connect"
	LabelControlAccept   = "control.accept"
	LabelDataListen      = "data.listen"
	LabelDataUnlisten    = "data.unlisten"
	LabelDataConnect     = "data.connect"
	LabelDataAccept      = "data.accept"
	LabelDataBytes       = "data.bytes"
	LabelDataClose       = "data.close"
	LabelFWAccept        = "fw.accept"
	LabelFWDrop          = "fw.drop"
	LabelFWReject        = "fw.reject"
	LabelNATTranslate    = "nat.translate"
	LabelHelperParse     = "helper.parse"
	LabelHelperExpect    = "helper.expect"
	LabelHelperRelated   = "helper.related"
	LabelTLSStart        = "tls.start"
	LabelRefused         = "refused"
	LabelTimeout         = "timeout"
	LabelClose           = "close"
	LabelFinding         = "finding"
)

// CmdLabel is the label of a command line from the client: cmd.<VERB>.
func CmdLabel(verb string) string { return "cmd." + verb }

// ReplyLabel is the label of a reply line from the server: reply.<code>.
func ReplyLabel(code string) string { return "reply." + code }

// Event is one step of a timeline. Seq counts from 1; Time is the logical
// clock in milliseconds after the event.
type Event struct {
	Seq      int            `json:"seq"`
	Time     int64          `json:"time_ms"`
	Host     string         `json:"host"`
	Conn     ConnID         `json:"conn,omitempty"`
	Kind     Kind           `json:"kind"`
	Label    string         `json:"label"`
	Text     string         `json:"text"`
	From     netip.AddrPort `json:"from,omitzero"`
	To       netip.AddrPort `json:"to,omitzero"`
	Line     string         `json:"line,omitempty"`
	Firewall string         `json:"firewall,omitempty"`
	Rule     string         `json:"rule,omitempty"`
	// RuleLine is the line of Rule in its scenario or ruleset file, when
	// a rule (not a policy) decided.
	RuleLine int    `json:"rule_line,omitempty"`
	Verdict  string `json:"verdict,omitempty"`
	// CT is the conntrack state of the packet a firewall judged (fw.*
	// events): new, established, related, or untracked for a firewall
	// that tracks no connection.
	CT    CTState `json:"ct,omitempty"`
	Bytes int     `json:"bytes,omitempty"`
}

// FixedLabels returns every event label other than the open families
// cmd.<VERB> and reply.<code>: the vocabulary lessons may bind to.
func FixedLabels() []string {
	return []string{
		LabelControlListen, LabelControlUnlisten, LabelControlConnect, LabelControlAccept,
		LabelDataListen, LabelDataUnlisten, LabelDataConnect, LabelDataAccept, LabelDataBytes, LabelDataClose,
		LabelFWAccept, LabelFWDrop, LabelFWReject, LabelNATTranslate,
		LabelHelperParse, LabelHelperExpect, LabelHelperRelated,
		LabelTLSStart, LabelRefused, LabelTimeout, LabelClose, LabelFinding,
	}
}
