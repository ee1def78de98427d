package lessons

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"ftplab/sim"
)

// good is a valid lesson; the cases below break it one way at a time.
const good = `---
id: good
title: A good lesson
order: 1
scenario: a
mode: PASV
rfcs: [RFC 959 §4.1.2]
checkpoints:
  - at: reply.227
    question: Who will listen?
    choices: [the client, the server]
    answer: 2
    explain: PASV asks the server to listen.
  - at: data.connect
    question: To which port?
    answer_from: data.connect.dst.port
---
# Text

<!-- at: cmd.PASV -->
More text.
`

// fakeLab produces the same events for every run, except scenario e.
type fakeLab struct{ OracleCatalogue }

func (fakeLab) Timeline(_ context.Context, s sim.Run) (*sim.Timeline, error) {
	if s.Scenario == "e" {
		return labelled("control.connect", "cmd.PASV", "reply.227", "fw.drop", "timeout")
	}
	return labelled("control.connect", "cmd.PASV", "reply.227", "data.connect", "data.accept", "data.close")
}

// labelled is a timeline of events that carry only these labels, read
// the way a recorded timeline is.
func labelled(labels ...string) (*sim.Timeline, error) {
	var b strings.Builder
	b.WriteString(`{"events": [`)
	for i, l := range labels {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"seq": %d, "label": %q}`, i+1, l)
	}
	fmt.Fprintf(&b, `], "final": {"step": %d}}`, len(labels))
	return sim.ReadJSON([]byte(b.String()))
}

func TestValidateGood(t *testing.T) {
	l := Parse("good.md", []byte(good))
	if ps := Validate(context.Background(), []*Lesson{l}, fakeLab{OracleCatalogue{Catalogue: testScenarios}}); len(ps) != 0 || l.Err() != nil {
		t.Fatalf("problems in a good lesson:\n%v", l.Err())
	}
	c := l.Checkpoints[0]
	if c.AnswerIndex != 1 || c.Answer != "the server" || c.Line != 9 {
		t.Errorf("checkpoint 1 = %+v", c)
	}
	if got := l.Checkpoints[1].AnswerFrom; got == nil || *got != (Ref{"data.connect", "dst.port"}) {
		t.Errorf("answer_from = %v", got)
	}
	if len(l.Sections) != 2 || l.Sections[1].At != "cmd.PASV" || l.Sections[1].Line != 20 {
		t.Errorf("sections = %+v", l.Sections)
	}
}

// TestValidateErrors: each kind of mistake, reported at its line.
func TestValidateErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		old  string // replaced in good by new
		new  string
		want string // file:line: part of the message
	}{
		{"yaml syntax", "title: A good lesson", "title: [unclosed", "x.md:3: front matter: did not find expected"},
		{"yaml tab", "order: 1", "order: 1\n\tbad: indent", "x.md:5: front matter: "},
		{"unknown key", "order: 1", "order: 1\ncolour: red", `x.md:5: front matter: unknown key "colour"`},
		{"repeated key", "order: 1", "order: 1\norder: 2", "x.md:5: front matter: key order repeated (first on line 4)"},
		{"unknown checkpoint key", "    explain: PASV", "    hint: x\n    explain: PASV", `x.md:13: checkpoint 1: unknown key "hint"`},
		{"missing id", "id: good\n", "", "x.md:1: front matter: missing id"},
		{"missing title", "title: A good lesson\n", "", "x.md:1: front matter: missing title"},
		{"empty title", "title: A good lesson", "title:", "x.md:3: title is empty"},
		{"bad id", "id: good", "id: Good Lesson", `x.md:2: id "Good Lesson"`},
		{"order not a number", "order: 1", "order: first", `x.md:4: order: "first" is not a whole number`},
		{"unknown scenario", "scenario: a", "scenario: z9", `x.md:5: unknown scenario "z9"`},
		{"unknown mode", "mode: PASV", "mode: passive", `x.md:6: unknown mode "passive"`},
		{"unknown override", "mode: PASV", "mode: PASV\noverrides:\n  colour: red", `x.md:7: unknown override "colour" (want one of pasv_address pasv_min_port`},
		{"bad override", "mode: PASV", "mode: PASV\noverrides:\n  pasv_address: nowhere", `x.md:7: override pasv_address: "nowhere" is not an IPv4 address`},
		{"bad router_policy", "mode: PASV", "mode: PASV\noverrides:\n  tls: NO\n  router_policy: accept", `x.md:7: override router_policy: "accept": want drop or reject`},
		{"bad helper", "mode: PASV", "mode: PASV\noverrides:\n  helper: maybe", `x.md:7: override helper: "maybe": want on or off`},
		{"topology override", "mode: PASV", "mode: PASV\noverrides:\n  family: dnat", `x.md:7: override "family": family is the scenario's topology`},
		{"checkpoint scenario", "  - at: data.connect", "  - at: data.connect\n    scenario: q", `x.md:14: checkpoint 2: unknown scenario "q"`},
		{"no question", "    question: Who will listen?\n", "", "x.md:9: checkpoint 1: missing question"},
		{"no answer", "    answer: 2\n", "", "x.md:9: checkpoint 1: missing answer"},
		{"both answers", "    answer: 2\n", "    answer: 2\n    answer_from: data.connect.dst.port\n", "x.md:13: checkpoint 1: give answer or answer_from, not both"},
		{"answer_from on screen", "data.connect.dst.port", "reply.227.dst.port", "x.md:14: checkpoint 2: answer_from reply.227.dst.port reads step 3, already on screen when the lab stops at step 3 to ask about data.connect"},
		{"choice_from without choices", "answer_from: data.connect.dst.port", "answer: \"40002\"\n    choice_from: data.connect.dst.port", "x.md:17: checkpoint 2: choice_from binds choices to the run"},
		{"choice_from family", "    answer: 2\n", "    answer: 2\n    choice_from: zz.*.host\n", `x.md:13: checkpoint 1: choice_from "zz.*.host": no label family zz.*`},
		{"choice_from list", "    answer: 2\n", "    answer: 2\n    choice_from: [fw.*.verdict, zz.*.host]\n", `x.md:13: checkpoint 1: choice_from "zz.*.host": no label family zz.*`},
		{"choice_from field", "    answer: 2\n", "    answer: 2\n    choice_from: fw.*.code\n", `x.md:13: checkpoint 1: choice_from "fw.accept.code": field code needs a reply.NNN label`},
		{"index out of range", "answer: 2", "answer: 3", "x.md:12: checkpoint 1: answer 3 is out of range: choices are numbered 1 to 2"},
		{"index zero", "answer: 2", "answer: 0", "x.md:12: checkpoint 1: answer 0 is out of range"},
		{"answer not a choice", "answer: 2", "answer: nobody", `x.md:12: checkpoint 1: answer "nobody" is not one of the choices`},
		{"missing at", "  - at: reply.227\n    question", "  - question", "x.md:9: checkpoint 1: missing at"},
		{"label syntax", "at: reply.227", "at: reply.2270", `x.md:9: checkpoint 1: unknown label "reply.2270"`},
		{"label unknown", "at: data.connect", "at: data.conect", `x.md:14: checkpoint 2: unknown label "data.conect"`},
		{"lower-case verb", "at: reply.227", "at: cmd.pasv", `x.md:9: checkpoint 1: unknown label "cmd.pasv"`},
		{"answer_from field", "data.connect.dst.port", "reply.227.colour", `x.md:16: checkpoint 2: answer_from "reply.227.colour": want LABEL.FIELD`},
		{"answer_from kind", "data.connect.dst.port", "data.connect.code", "x.md:16: checkpoint 2: answer_from \"data.connect.code\": field code needs a reply.NNN label"},
		{"nth", "  - at: data.connect", "  - at: data.connect\n    nth: 0", "x.md:15: checkpoint 2: nth counts from 1"},
		{"rfc", "rfcs: [RFC 959 §4.1.2]", "rfcs: [rfc959]", `x.md:7: rfcs: "rfc959"`},
		{"script", "rfcs:", "script: [\"PORT 1,2,3,4,0,25\", \"rm -rf /\"]\nrfcs:", `x.md:7: script: "rm -rf /" is not a command line`},
		{"marker label", "<!-- at: cmd.PASV -->", "<!-- at: cmd.pasv -->", `x.md:20: section marker: unknown label "cmd.pasv"`},
		{"marker key", "<!-- at: cmd.PASV -->", "<!-- at: cmd.PASV, when: later -->", `x.md:20: section marker: unknown key "when"`},
		{"marker nested", "More text.", "- item\n  <!-- at: data.close -->", "x.md:22: section marker must stand alone"},
		{"marker scenario", "<!-- at: cmd.PASV -->", "<!-- at: timeout, scenario: zz -->", `x.md:20: section marker: unknown scenario "zz"`},
		{"label never produced", "at: data.connect", "at: data.bytes", "x.md:14: checkpoint 2: bound to data.bytes, which run a/PASV never produces"},
		{"nth never produced", "  - at: data.connect", "  - at: data.connect\n    nth: 2", "x.md:14: checkpoint 2: bound to data.connect (occurrence 2), which run a/PASV never produces (it produces 1)"},
		{"other run", "  - at: data.connect", "  - at: data.connect\n    scenario: e", "x.md:14: checkpoint 2: bound to data.connect, which run e/PASV never produces"},
		{"answer_from later", "data.connect.dst.port", "data.close.dst.port", "x.md:14: checkpoint 2: answer_from data.close.dst.port: no data.close event at or before data.connect"},
		{"section never produced", "<!-- at: cmd.PASV -->", "<!-- at: fw.reject -->", "x.md:20: section bound to fw.reject, which run a/PASV never produces"},
		{"sections out of order", "More text.", "More text.\n\n<!-- at: control.connect -->\nEarlier.", "x.md:23: section bound to control.connect comes after the section of line 20"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(good, c.old, c.new, 1)
			if src == good {
				t.Fatalf("case does not change the lesson: %q not found", c.old)
			}
			l := Parse("x.md", []byte(src))
			Validate(context.Background(), []*Lesson{l}, fakeLab{OracleCatalogue{Catalogue: testScenarios}})
			for _, p := range l.Problems {
				if strings.HasPrefix(p.String(), c.want) {
					return
				}
			}
			t.Errorf("want a problem starting %q, got:\n%v", c.want, l.Err())
		})
	}
}

func TestFrontMatterDelimiters(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"# no front matter\n", "x.md:1: no front matter"},
		{"---\nid: x\ntitle: y\n", "x.md:1: front matter not closed"},
		{"---\n---\n# empty\n", "x.md:1: front matter is empty"},
		{"---\n- a\n- b\n---\n", "x.md:2: front matter must be a mapping"},
	} {
		l := Parse("x.md", []byte(c.src))
		if len(l.Problems) == 0 || !strings.HasPrefix(l.Problems[0].String(), c.want) {
			t.Errorf("%q: got %v, want %q", c.src, l.Err(), c.want)
		}
	}
}

func TestLoadDuplicatesAndBroken(t *testing.T) {
	second := strings.Replace(good, "title: A good lesson", "title: Another", 1)
	third := strings.NewReplacer("id: good", "id: third", "order: 1", "order: 3").Replace(good)
	fsys := fstest.MapFS{
		"a.md":      {Data: []byte(good)},
		"b.md":      {Data: []byte(second)},
		"c.md":      {Data: []byte(third)},
		"broken.md": {Data: []byte("---\nid: [\n---\n")},
		"README.md": {Data: []byte("# for teachers, not a lesson\n")},
		"notes.txt": {Data: []byte("ignored")},
	}
	ls, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, l := range ls {
		files = append(files, l.File)
	}
	if got := strings.Join(files, " "); got != "broken.md a.md b.md c.md" {
		t.Fatalf("loaded %s, want broken.md a.md b.md c.md (by order, then name)", got)
	}
	ps := Validate(context.Background(), ls, OracleCatalogue{Catalogue: testScenarios})
	want := []string{
		"b.md:2: duplicate id good (also in a.md:2)",
		"b.md:4: duplicate order 1 (also in a.md:4)",
	}
	for _, w := range want {
		if !strings.Contains(ps.Error(), w) {
			t.Errorf("missing %q in:\n%v", w, ps)
		}
	}
	if ls[0].Err() == nil || !strings.HasPrefix(ls[0].Problems[0].String(), "broken.md:2: front matter: ") {
		t.Errorf("broken lesson: %v", ls[0].Err())
	}
	if ls[3].Err() != nil {
		t.Errorf("c.md should be fine: %v", ls[3].Err())
	}
}

type event struct {
	label  string
	fields map[string]string
}

func (e event) Label() string { return e.label }
func (e event) Field(n string) (string, bool) {
	v, ok := e.fields[n]
	return v, ok
}

func TestCheckpointAnswers(t *testing.T) {
	l := Parse("good.md", []byte(good))
	tl := []Event{
		event{"cmd.PASV", nil},
		event{"reply.227", map[string]string{"dst.port": "40002", "code": "227"}},
		event{"data.connect", map[string]string{"dst.port": "40002"}},
	}
	at := Find(tl, "data.connect", 1)
	c := &l.Checkpoints[1]
	if !c.Matches(l, l.Setup, "data.connect", 1) || c.Matches(l, l.Setup, "data.connect", 2) {
		t.Error("Matches")
	}
	want, ok := c.Expected(tl, at)
	if !ok || want != "40002" {
		t.Fatalf("Expected = %q, %v", want, ok)
	}
	if !Correct(" 40002 ", want) || Correct("40003", want) || Correct("", "") {
		t.Error("Correct")
	}
	if exp, _ := l.Checkpoints[0].Expected(tl, 1); !Correct("The  Server", exp) {
		t.Errorf("choice answer %q", exp)
	}
	if got := l.Current(l.Setup, []string{"control.connect"}); got != 0 {
		t.Errorf("Current before cmd.PASV = %d", got)
	}
	if got := l.Current(l.Setup, []string{"control.connect", "cmd.PASV"}); got != 1 {
		t.Errorf("Current after cmd.PASV = %d", got)
	}
}

func TestParseRef(t *testing.T) {
	for i, c := range []struct {
		in   string
		want Ref
		err  bool
	}{
		{"data.connect.dst.port", Ref{"data.connect", "dst.port"}, false},
		{"data.connect.dst", Ref{"data.connect", "dst"}, false},
		{"cmd.PORT.arg", Ref{"cmd.PORT", "arg"}, false},
		{"reply.227.line", Ref{"reply.227", "line"}, false},
		{"fw.drop.rule", Ref{"fw.drop", "rule"}, false},
		{"timeout.host", Ref{"timeout", "host"}, false},
		{"fw.drop.code", Ref{}, true},
		{"data.connect", Ref{}, true},
	} {
		got, err := ParseRef(c.in)
		if (err != nil) != c.err || (!c.err && got != c.want) {
			t.Errorf("#%d: ParseRef(%q) = %v, %v", i, c.in, got, err)
		}
	}
	if fmt.Sprint(Ref{"a.b", "code"}) != "a.b.code" {
		t.Error("Ref.String")
	}
}
