package lessons

import (
	"context"
	"slices"
	"strings"
	"testing"

	"ftplab/sim"
)

// stepsLab runs every setup as this timeline: the server listens (step
// 3) before its 227 (step 4), and its firewall drops the client's SYN.
type stepsLab struct{ OracleCatalogue }

func (stepsLab) Timeline(context.Context, sim.Run) (*sim.Timeline, error) {
	return sim.ReadJSON([]byte(`{"events": [
	{"seq": 1, "label": "control.connect", "host": "client"},
	{"seq": 2, "label": "cmd.PASV", "host": "client", "line": "PASV"},
	{"seq": 3, "label": "data.listen", "host": "server", "to": "10.0.0.2:40002"},
	{"seq": 4, "label": "reply.227", "host": "server", "line": "227 Entering Passive Mode (10,0,0,2,156,66)."},
	{"seq": 5, "label": "data.connect", "host": "client", "to": "10.0.0.2:40002"},
	{"seq": 6, "label": "fw.drop", "host": "server", "verdict": "drop", "firewall": "server-fw", "rule": "srv_in_new_DROP", "ct": "new"},
	{"seq": 7, "label": "timeout", "host": "client"},
	{"seq": 8, "label": "helper.parse", "host": "server", "line": "227 Entering Passive Mode (10,0,0,2,156,66)."}
	], "final": {"step": 8}}`))
}

// bound is a lesson whose checkpoint is replaced by each case below.
const bound = `---
id: bound
title: Choices bound to the run
order: 1
scenario: a
mode: PASV
rfcs: [RFC 959 §4.1.2]
checkpoints:
CHECKPOINT
---
# Text
`

// TestAnswerSource: a checkpoint whose answer is on screen when the lab
// stops to ask it, or whose stated choice disagrees with the run, fails
// validation (issue 9, items 2 and 3).
func TestAnswerSource(t *testing.T) {
	for _, c := range []struct {
		name, cp string
		want     string // "" = no problem
	}{
		{"listener bound", "at: data.listen\n    choices: [the client, the server]\n    answer: 2\n    choice_from: data.listen.host", ""},
		{"wrong listener", "at: data.listen\n    choices: [the client, the server]\n    answer: 1\n    choice_from: data.listen.host",
			`x.md:9: checkpoint 1: the answer is choice 1 ("the client"), but run a/PASV shows data.listen.host = "server" (step 3): choice 2`},
		{"asked after the listener", "at: reply.227\n    choices: [the client, the server]\n    answer: 2\n    choice_from: data.listen.host",
			"x.md:9: checkpoint 1: choice_from data.listen.host: the run shows it at step 3, already on screen when the lab stops at step 3 to ask about reply.227"},
		{"typed answer on screen", "at: data.connect\n    answer_from: data.listen.dst.port",
			"x.md:9: checkpoint 1: answer_from data.listen.dst.port reads step 3, already on screen when the lab stops at step 4"},
		{"typed answer at its event", "at: data.listen\n    answer_from: data.listen.dst.port", ""},
		{"verdict family", "at: data.connect\n    choices: [accepted, dropped, rejected with a reset]\n    answer: dropped\n    choice_from: fw.*.verdict", ""},
		{"accepts where the run drops", "at: data.connect\n    choices: [\"accepts it\", \"drops it\"]\n    answer: 1\n    choice_from: fw.*.verdict",
			`x.md:9: checkpoint 1: the answer is choice 1 ("accepts it"), but run a/PASV shows fw.*.verdict = "drop" (step 6): choice 2`},
		{"no choice names it", "at: data.connect\n    choices: [\"yes\", \"no\"]\n    answer: 2\n    choice_from: fw.*.verdict",
			`x.md:9: checkpoint 1: choice_from fw.*.verdict: run a/PASV shows "drop" (step 6), which no choice names`},
		{"two choices name it", "at: data.connect\n    choices: [\"dropped\", \"a drop\"]\n    answer: 1\n    choice_from: fw.*.verdict",
			`x.md:9: checkpoint 1: choice_from fw.*.verdict: run a/PASV shows "drop" (step 6), which choices 1 and 2 both name`},
		{"nothing later", "at: data.connect\n    choices: [\"226\", \"425\"]\n    answer: 2\n    choice_from: reply.*.code",
			"x.md:9: checkpoint 1: choice_from reply.*.code: the run shows it at step 4, already on screen"},
		{"never produced", "at: data.connect\n    choices: [\"226\", \"425\"]\n    answer: 2\n    choice_from: reply.425.code",
			"x.md:9: checkpoint 1: choice_from reply.425.code: run a/PASV has no reply.425 event at or after data.connect"},
		// one case per kind of fact added for issue 9, item 3: right, then wrong
		{"state", "at: data.connect\n    choices: [NEW, RELATED, ESTABLISHED]\n    answer: NEW\n    choice_from: fw.*.state", ""},
		{"state wrong", "at: data.connect\n    choices: [NEW, RELATED, ESTABLISHED]\n    answer: RELATED\n    choice_from: fw.*.state",
			`x.md:9: checkpoint 1: the answer is choice 2 ("RELATED"), but run a/PASV shows fw.*.state = "new" (step 6): choice 1`},
		{"failure", "at: data.connect\n    choices: [timeout, refused, \"425\"]\n    answer: timeout\n    choice_from: failure", ""},
		{"failure wrong", "at: data.connect\n    choices: [timeout, refused, \"425\"]\n    answer: \"425\"\n    choice_from: failure",
			`x.md:9: checkpoint 1: the answer is choice 3 ("425"), but run a/PASV shows failure = "timeout" (step 7): choice 1`},
		{"failure on screen", "at: helper.parse\n    choices: [timeout, refused]\n    answer: timeout\n    choice_from: failure",
			"x.md:9: checkpoint 1: choice_from failure: the run shows it at step 7, already on screen when the lab stops at step 7 to ask about helper.parse"},
		{"announced address", "at: reply.227\n    choices: [\"10.0.0.2, its own\", \"203.0.113.1, the router's\"]\n    answer: 1\n    choice_from: reply.227.line.addr", ""},
		{"announced address wrong", "at: reply.227\n    choices: [\"10.0.0.2, its own\", \"203.0.113.1, the router's\"]\n    answer: 2\n    choice_from: reply.227.line.addr",
			`x.md:9: checkpoint 1: the answer is choice 2 ("203.0.113.1, the router's"), but run a/PASV shows reply.227.line.addr = "10.0.0.2" (step 4): choice 1`},
		{"helper's line", "at: helper.parse\n    choices: [\"the client's PASV\", \"the server's 227\"]\n    answer: 2\n    choice_from: helper.parse.line.verb", ""},
		{"helper's line wrong", "at: helper.parse\n    choices: [\"the client's PASV\", \"the server's 227\"]\n    answer: 1\n    choice_from: helper.parse.line.verb",
			`x.md:9: checkpoint 1: the answer is choice 1 ("the client's PASV"), but run a/PASV shows helper.parse.line.verb = "227" (step 8): choice 2`},
		{"port range", "at: data.listen\n    choices: [\"port 20\", \"a port above 1023\"]\n    answer: 2\n    choice_from: data.listen.dst.port", ""},
		{"port range wrong", "at: data.listen\n    choices: [\"port 20\", \"a port above 1023\"]\n    answer: 1\n    choice_from: data.listen.dst.port",
			`x.md:9: checkpoint 1: the answer is choice 1 ("port 20"), but run a/PASV shows data.listen.dst.port = "40002" (step 3): choice 2`},
		{"two facts", "at: data.connect\n    choices: [\"dropped, a new SYN\", \"dropped although related\", \"accepted as new\"]\n    answer: 1\n    choice_from: [fw.*.verdict, fw.*.state]", ""},
		{"two facts, one wrong", "at: data.connect\n    choices: [\"dropped, a new SYN\", \"dropped although related\", \"accepted as new\"]\n    answer: 2\n    choice_from: [fw.*.verdict, fw.*.state]",
			`x.md:9: checkpoint 1: the answer is choice 2 ("dropped although related"), but run a/PASV shows fw.*.state = "new" (step 6): choice 1 and 3`},
		{"two facts, two fit", "at: data.connect\n    choices: [\"dropped, a new SYN\", \"a new SYN dropped\"]\n    answer: 1\n    choice_from: [fw.*.verdict, fw.*.state]",
			`x.md:9: checkpoint 1: choice_from [fw.*.verdict, fw.*.state]: run a/PASV fits choices 1 and 2: reword them`},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(bound, "CHECKPOINT", "  - "+c.cp+"\n    question: Q?\n    explain: E.", 1)
			l := Parse("x.md", []byte(src))
			ps := Validate(context.Background(), []*Lesson{l}, stepsLab{OracleCatalogue{Catalogue: testScenarios}})
			if c.want == "" {
				if l.Err() != nil {
					t.Fatalf("want no problem, got:\n%v", l.Err())
				}
				return
			}
			if len(ps) == 0 || !strings.HasPrefix(ps[0].String(), c.want) {
				t.Errorf("want a problem starting\n%q, got:\n%v", c.want, ps)
			}
		})
	}
}

func TestMatchChoices(t *testing.T) {
	for i, c := range []struct {
		value   string
		choices []string
		want    []int
	}{
		{"server", []string{"the client", "the server"}, []int{1}},
		{"drop", []string{"accepted", "dropped", "rejected"}, []int{1}},
		{"accept", []string{"accepts it: it belongs", "drops it"}, []int{0}},
		{"425", []string{"226 Transfer complete", "425: no data connection", "nothing"}, []int{1}},
		{"20", []string{"port 2021", "10.0.0.20", "port 20, the data port"}, []int{2}},
		{"10.0.0.2", []string{"10.0.0.20", "10.0.0.2:40002"}, []int{1}},
		{"drop", []string{"backdrop"}, nil},
		{"40002", []string{"port 20", "a port above 1023", "below 1024"}, []int{1}},
		{"20", []string{"port 20", "a port above 1023", "below 1024"}, []int{0, 2}},
		{"500", []string{"above 1023", "below 100"}, nil},
		{"", []string{"anything"}, nil},
	} {
		if got := MatchChoices(c.value, c.choices); !slices.Equal(got, c.want) {
			t.Errorf("#%d: MatchChoices(%q, %q) = %v, want %v", i, c.value, c.choices, got, c.want)
		}
	}
}

func TestParseChoiceRef(t *testing.T) {
	for i, c := range []struct {
		in   string
		want Ref
		err  bool
	}{
		{"fw.*.verdict", Ref{"fw.*", "verdict"}, false},
		{"reply.*.code", Ref{"reply.*", "code"}, false},
		{"data.listen.host", Ref{"data.listen", "host"}, false},
		{"fw.*.state", Ref{"fw.*", "state"}, false},
		{"cmd.PORT.line.addr", Ref{"cmd.PORT", "line.addr"}, false},
		{"helper.parse.line.verb", Ref{"helper.parse", "line.verb"}, false},
		{"failure", Ref{"", "failure"}, false},
		{"reply.*.failure", Ref{"reply.*", "failure"}, false},
		{"fw.*.code", Ref{}, true},
		{"nope.*.host", Ref{}, true},
		{"data.connect.state", Ref{}, true},
		{"data.connect.line.addr", Ref{}, true},
		{"helper.parse.failure", Ref{}, true},
	} {
		got, err := ParseChoiceRef(c.in)
		if (err != nil) != c.err || (!c.err && got != c.want) {
			t.Errorf("#%d: ParseChoiceRef(%q) = %v, %v", i, c.in, got, err)
		}
	}
	if r := (Ref{"fw.*", "verdict"}); !r.Matches("fw.drop") || r.Matches("data.connect") || r.Matches("fwx.drop") {
		t.Error("family Matches")
	}
}
