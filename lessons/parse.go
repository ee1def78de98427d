package lessons

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"go.abhg.dev/goldmark/frontmatter"
	"gopkg.in/yaml.v3"

	"ftplab/sim"
)

// frontMatterKeys and checkpointKeys are the keys a lesson may use; any
// other key is reported, so that a typo does not pass silently.
var (
	frontMatterKeys = []string{"id", "title", "order", "scenario", "mode", "overrides", "rfcs", "script", "checkpoints"}
	checkpointKeys  = []string{"at", "nth", "scenario", "mode", "question", "choices", "answer", "answer_from", "choice_from", "explain"}
	markerKeys      = []string{"at", "nth", "scenario", "mode"}
)

var (
	idPattern      = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	rfcPattern     = regexp.MustCompile(`^RFC [0-9]+\b`)
	scriptPattern  = regexp.MustCompile(`^[A-Za-z]{3,4}( [^\r\n]*)?$`)
	yamlLine       = regexp.MustCompile(`^yaml: line ([0-9]+): (.*)$`)
	markerPattern  = regexp.MustCompile(`^<!--\s*((?:at|nth|scenario|mode)\s*:.*?)\s*-->\s*$`)
	markerLikeness = regexp.MustCompile(`^<!--\s*(at|nth|scenario|mode)\s*:`)
)

// Parse reads one lesson file. It never fails: what is wrong is recorded in
// the returned lesson's Problems, and whatever could be read is kept.
// Parse checks the file on its own; Validate checks it against the
// catalogue, the lab and the other lessons.
func Parse(file string, src []byte) *Lesson {
	l := &Lesson{File: file, lines: map[string]int{}}
	lines := newLineIndex(src)

	fmStart, fmEnd, bodyStart, fmOK := l.checkDelimiters(src, lines)

	md := goldmark.New(goldmark.WithExtensions(&frontmatter.Extender{Formats: []frontmatter.Format{frontmatter.YAML}}))
	ctx := parser.NewContext()
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))

	if fmOK {
		if data := frontmatter.Get(ctx); data != nil {
			var root yaml.Node
			if err := data.Decode(&root); err != nil {
				l.yamlError(err, src[fmStart:fmEnd])
			} else {
				l.readFrontMatter(&root)
			}
		}
	}
	l.readSections(doc, src, bodyStart, lines)
	return l
}

// checkDelimiters finds the front matter's closing --- line and returns the
// offset just after it, where the Markdown body starts.
func (l *Lesson) checkDelimiters(src []byte, lines lineIndex) (fmStart, fmEnd, bodyStart int, ok bool) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	first = bytes.TrimRight(first, "\r")
	if len(first) < 3 || len(bytes.Trim(first, "-")) != 0 {
		l.problem(1, "no front matter: a lesson starts with a line --- followed by YAML and another ---")
		return 0, 0, 0, false
	}
	fmStart = len(src) - len(rest)
	for off := fmStart; off < len(src); {
		line, _, _ := bytes.Cut(src[off:], []byte("\n"))
		next := off + len(line) + 1
		if bytes.Equal(bytes.TrimRight(line, "\r"), first) {
			return fmStart, off, min(next, len(src)), true
		}
		off = next
	}
	l.problem(1, fmt.Sprintf("front matter not closed: no second %s line", first))
	return 0, 0, len(src), false
}

// line converts a YAML node's line (1 = the line after the opening ---) to
// a line of the file.
func line(n *yaml.Node) int { return n.Line + 1 }

func (l *Lesson) readFrontMatter(root *yaml.Node) {
	if root.Kind == 0 || len(root.Content) == 0 {
		l.problem(1, "front matter is empty")
		l.requireBasics()
		return
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		l.problem(line(m), "front matter must be a mapping of key: value lines")
		return
	}
	eachKey(m, frontMatterKeys, "front matter", l.problem, func(key string, k, v *yaml.Node) {
		l.lines[key] = line(k)
		switch key {
		case "id":
			l.ID = l.str(v, key)
			if l.ID != "" && !idPattern.MatchString(l.ID) {
				l.problem(line(v), fmt.Sprintf("id %q: use lower-case letters, digits and -", l.ID))
			}
		case "title":
			l.Title = l.str(v, key)
		case "order":
			l.Order = l.integer(v, key)
		case "scenario":
			l.Setup.Scenario = l.str(v, key)
		case "mode":
			l.Setup.Mode = sim.Mode(l.str(v, key))
		case "overrides":
			l.Setup.Overrides = l.overrides(v)
		case "rfcs":
			l.RFCs = l.strs(v, key)
			for i, r := range l.RFCs {
				if !rfcPattern.MatchString(r) {
					l.problem(line(v.Content[i]), fmt.Sprintf("rfcs: %q: write RFC NNNN, then the section, e.g. RFC 959 §3.2", r))
				}
			}
		case "script":
			l.Setup.Script = l.strs(v, key)
			for i, s := range l.Setup.Script {
				if !scriptPattern.MatchString(s) {
					l.problem(line(v.Content[i]), fmt.Sprintf("script: %q is not a command line (VERB [argument])", s))
				}
			}
		case "checkpoints":
			if v.Kind != yaml.SequenceNode {
				l.problem(line(v), "checkpoints: want a list (lines starting with -)")
				return
			}
			for i, c := range v.Content {
				l.readCheckpoint(i+1, c)
			}
		}
	})
	l.requireBasics()
}

func (l *Lesson) requireBasics() {
	for _, k := range []string{"id", "title", "order", "scenario", "mode"} {
		if _, ok := l.lines[k]; !ok {
			l.problem(1, "front matter: missing "+k)
		}
	}
	if l.lines["id"] != 0 && l.ID == "" {
		l.problem(l.lines["id"], "id is empty")
	}
	if l.lines["title"] != 0 && l.Title == "" {
		l.problem(l.lines["title"], "title is empty")
	}
}

// eachKey calls f for each key of mapping m, reporting unknown and repeated
// keys.
func eachKey(m *yaml.Node, known []string, where string, report func(int, string), f func(key string, k, v *yaml.Node)) {
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := k.Value
		if prev, ok := seen[key]; ok {
			report(line(k), fmt.Sprintf("%s: key %s repeated (first on line %d)", where, key, prev))
			continue
		}
		seen[key] = line(k)
		if !contains(known, key) {
			report(line(k), fmt.Sprintf("%s: unknown key %q (known: %s)", where, key, strings.Join(known, ", ")))
			continue
		}
		f(key, k, v)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (l *Lesson) str(v *yaml.Node, key string) string {
	if v.Kind != yaml.ScalarNode {
		l.problem(line(v), key+": want a single value")
		return ""
	}
	if v.Tag == "!!null" {
		return ""
	}
	return strings.TrimSpace(v.Value)
}

func (l *Lesson) integer(v *yaml.Node, key string) int {
	s := l.str(v, key)
	n, err := strconv.Atoi(s)
	if err != nil {
		if s != "" || v.Kind == yaml.ScalarNode {
			l.problem(line(v), fmt.Sprintf("%s: %q is not a whole number", key, s))
		}
		return 0
	}
	return n
}

func (l *Lesson) strs(v *yaml.Node, key string) []string {
	if v.Kind != yaml.SequenceNode {
		l.problem(line(v), key+": want a list")
		return nil
	}
	out := make([]string, 0, len(v.Content))
	for _, e := range v.Content {
		out = append(out, l.str(e, key))
	}
	return out
}

func (l *Lesson) overrides(v *yaml.Node) map[string]string {
	if v.Kind != yaml.MappingNode {
		l.problem(line(v), "overrides: want key: value lines")
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		out[v.Content[i].Value] = l.str(v.Content[i+1], "overrides: "+v.Content[i].Value)
	}
	return out
}

func (l *Lesson) readCheckpoint(n int, m *yaml.Node) {
	where := fmt.Sprintf("checkpoint %d", n)
	if m.Kind != yaml.MappingNode {
		l.problem(line(m), where+": want key: value lines (at, question, answer, ...)")
		return
	}
	c := Checkpoint{Line: line(m), Nth: 1, AnswerIndex: -1}
	var answer, from, choiceFrom, at *yaml.Node
	eachKey(m, checkpointKeys, where, l.problem, func(key string, k, v *yaml.Node) {
		switch key {
		case "at":
			at = v
			c.At = l.str(v, key)
		case "nth":
			c.Nth = l.integer(v, key)
			if c.Nth < 1 {
				l.problem(line(v), where+": nth counts from 1")
				c.Nth = 1
			}
		case "scenario":
			c.Scenario = l.str(v, key)
		case "mode":
			c.Mode = sim.Mode(l.str(v, key))
		case "question":
			c.Question = l.str(v, key)
		case "choices":
			c.Choices = l.strs(v, key)
			if len(c.Choices) == 1 {
				l.problem(line(v), where+": a single choice is no choice; give two or more, or a typed answer")
			}
		case "answer":
			answer = v
		case "answer_from":
			from = v
		case "choice_from":
			choiceFrom = v
		case "explain":
			c.Explain = l.str(v, key)
		}
	})
	switch {
	case at == nil:
		l.problem(c.Line, where+": missing at (the event label it is bound to, e.g. at: data.connect)")
	case c.At != "" && !ValidLabel(c.At):
		l.problem(line(at), where+": "+labelError(c.At))
	}
	if c.Question == "" {
		l.problem(c.Line, where+": missing question")
	}
	l.checkpointAnswer(where, &c, answer, from, choiceFrom)
	l.Checkpoints = append(l.Checkpoints, c)
}

// checkpointAnswer reads how a checkpoint is answered: answer (a choice,
// or a typed text), answer_from (typed, read from the run) and
// choice_from (the choices bound to the run).
func (l *Lesson) checkpointAnswer(where string, c *Checkpoint, answer, from, choiceFrom *yaml.Node) {
	switch {
	case answer == nil && from == nil:
		l.problem(c.Line, where+": missing answer (answer: or answer_from:)")
	case answer != nil && from != nil:
		l.problem(line(from), where+": give answer or answer_from, not both")
	case from != nil:
		r, err := ParseRef(l.str(from, "answer_from"))
		if err != nil {
			l.problem(line(from), where+": "+err.Error())
		} else {
			c.AnswerFrom = &r
		}
		if len(c.Choices) > 0 {
			l.problem(line(from), where+": answer_from is for typed answers; remove choices")
		}
	case len(c.Choices) > 0:
		l.choiceAnswer(where, c, answer)
	default:
		if choiceFrom != nil {
			l.problem(line(choiceFrom), where+": choice_from binds choices to the run; add choices, or use answer_from for a typed answer")
		}
		c.Answer = l.str(answer, "answer")
		if c.Answer == "" && answer.Kind == yaml.ScalarNode {
			l.problem(line(answer), where+": answer is empty")
		}
	}
	if choiceFrom != nil && len(c.Choices) > 0 {
		r, err := ParseChoiceRef(l.str(choiceFrom, "choice_from"))
		if err != nil {
			l.problem(line(choiceFrom), where+": "+err.Error())
		} else {
			c.ChoiceFrom = &r
		}
	}
}

// choiceAnswer reads the answer of a multiple-choice checkpoint: the number
// of the right choice counted from 1, or its exact text.
func (l *Lesson) choiceAnswer(where string, c *Checkpoint, v *yaml.Node) {
	s := l.str(v, "answer")
	if v.Kind == yaml.ScalarNode && v.Tag == "!!int" {
		i, _ := strconv.Atoi(s)
		if i < 1 || i > len(c.Choices) {
			l.problem(line(v), fmt.Sprintf("%s: answer %d is out of range: choices are numbered 1 to %d", where, i, len(c.Choices)))
			return
		}
		c.AnswerIndex, c.Answer = i-1, c.Choices[i-1]
		return
	}
	for i, ch := range c.Choices {
		if ch == s {
			c.AnswerIndex, c.Answer = i, ch
			return
		}
	}
	l.problem(line(v), fmt.Sprintf("%s: answer %q is not one of the choices", where, s))
}

// readSections splits the body at the section markers, top-level HTML
// comments such as <!-- at: reply.227 -->.
func (l *Lesson) readSections(doc ast.Node, src []byte, bodyStart int, lines lineIndex) {
	cur := Section{Line: lines.line(bodyStart), Nth: 1}
	start := bodyStart
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		hb, ok := n.(*ast.HTMLBlock)
		if !ok || hb.Lines().Len() == 0 {
			continue
		}
		off := hb.Lines().At(0).Start
		first := firstLine(src[off:])
		if !markerLikeness.Match(first) {
			continue
		}
		ln := lines.line(off)
		cur.Markdown = src[start:off]
		l.Sections = append(l.Sections, cur)
		cur = l.readMarker(ln, first)
		start = min(off+len(first)+1, len(src))
		if hb.Lines().Len() > 1 {
			l.problem(ln, "section marker: put the whole <!-- ... --> on one line, text on the next")
		}
	}
	cur.Markdown = src[start:]
	l.Sections = append(l.Sections, cur)

	// A marker inside a list or quote would not start a section: say so.
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Parent() == doc || n.Parent() == nil {
			return ast.WalkContinue, nil
		}
		var off int
		switch n := n.(type) {
		case *ast.HTMLBlock:
			if n.Lines().Len() == 0 {
				return ast.WalkContinue, nil
			}
			off = n.Lines().At(0).Start
		case *ast.RawHTML:
			if n.Segments.Len() == 0 {
				return ast.WalkContinue, nil
			}
			off = n.Segments.At(0).Start
		default:
			return ast.WalkContinue, nil
		}
		if markerLikeness.Match(firstLine(src[off:])) {
			l.problem(lines.line(off), "section marker must stand alone on a line at the top level, not inside a paragraph, list or quote")
		}
		return ast.WalkContinue, nil
	})
}

func firstLine(b []byte) []byte {
	ln, _, _ := bytes.Cut(b, []byte("\n"))
	return bytes.TrimRight(ln, "\r")
}

// readMarker parses <!-- at: LABEL, nth: N, scenario: ID, mode: MODE -->.
func (l *Lesson) readMarker(ln int, text []byte) Section {
	s := Section{Line: ln, Nth: 1}
	m := markerPattern.FindSubmatch(text)
	if m == nil {
		l.problem(ln, "section marker: want <!-- at: LABEL --> on one line (optional: nth: N, scenario: ID, mode: MODE)")
		return s
	}
	var root yaml.Node
	if err := yaml.Unmarshal(append(append([]byte("{"), m[1]...), '}'), &root); err != nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		l.problem(ln, fmt.Sprintf("section marker: cannot read %q: write key: value pairs separated by commas", m[1]))
		return s
	}
	report := func(_ int, msg string) { l.problem(ln, msg) }
	eachKey(root.Content[0], markerKeys, "section marker", report, func(key string, _, v *yaml.Node) {
		switch key {
		case "at":
			s.At = strings.TrimSpace(v.Value)
			if !ValidLabel(s.At) {
				l.problem(ln, "section marker: "+labelError(s.At))
			}
		case "nth":
			n, err := strconv.Atoi(v.Value)
			if err != nil || n < 1 {
				l.problem(ln, fmt.Sprintf("section marker: nth %q: want a whole number from 1", v.Value))
				n = 1
			}
			s.Nth = n
		case "scenario":
			s.Scenario = strings.TrimSpace(v.Value)
		case "mode":
			s.Mode = sim.Mode(strings.TrimSpace(v.Value))
		}
	})
	if s.At == "" && s.Scenario == "" && s.Mode == "" {
		l.problem(ln, "section marker: missing at (or scenario/mode for a section shown at the start of another run)")
	}
	return s
}

// lineIndex maps byte offsets to line numbers.
type lineIndex []int // offsets of line starts

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	for i, b := range src {
		if b == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (idx lineIndex) line(off int) int {
	lo, hi := 0, len(idx)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if idx[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
}
