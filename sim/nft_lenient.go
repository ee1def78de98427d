package sim

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Unmodelled is a construct of a ruleset outside the subset the lab
// models, as ParseRulesetLenient found it.
type Unmodelled struct {
	File      string
	Line, Col int    // where the construct is written
	What      string // what it is, e.g. "the expression fib"
	// Rule is the file line of the rule holding it; 0 for a declaration
	// the lab leaves out (a named set, a chain of another type or hook, a
	// table of another family), which could change any verdict.
	Rule int
	// Text is the part of the rule the lab cannot read: from the
	// construct's expression up to the rule's next counter, comment or
	// verdict.
	Text string
	// Verdict is what the rule does when it matches, as far as the lab
	// reads it (accept, drop, reject, jump NAME, masquerade...); "" when
	// the rule decides nothing the lab knows of.
	Verdict string
}

func (u Unmodelled) String() string {
	return fmt.Sprintf("%s:%d:%d: %s is not modelled by the lab", u.File, u.Line, u.Col, u.What)
}

// unknownCond is the part of a rule the lab cannot read. As a match it
// never matches: a lenient ruleset runs as if such a rule never fired,
// and Assuming makes chosen ones match.
type unknownCond struct {
	srcPos        // of the rule's expression holding it
	at     srcPos // of the construct itself
	what   string
	text   string
}

func (unknownCond) ok(*NftPacket) bool { return false }

// unknownStops end the unreadable part of a rule: what follows is read
// again (a counter, a comment, a verdict, a NAT statement).
var unknownStops = map[string]bool{"accept": true, "drop": true, "reject": true, "return": true, "continue": true, "jump": true, "goto": true,
	"counter": true, "comment": true, "masquerade": true, "snat": true, "dnat": true}

// ParseRulesetLenient parses as ParseRuleset does, except that a
// construct outside the subset is not an error: inside a rule, the part
// of the rule from that expression to its next counter, comment or
// verdict becomes a condition the lab cannot decide (the rule runs as if
// it never matched; Assuming makes it match); outside a rule, the
// declaration is left out. Each is returned, in file order, so that
// nothing is ignored silently. Syntax errors are errors, as in
// ParseRuleset.
func ParseRulesetLenient(file string, src []byte) (*Ruleset, []Unmodelled, error) {
	toks, errs := lexNft(file, string(src), true)
	p := &nftParser{file: file, src: string(src), toks: toks, errs: errs, rs: &Ruleset{File: file}, lenient: true}
	p.top()
	p.check()
	if len(p.errs) > 0 {
		slices.SortStableFunc(p.errs, func(a, b *LineError) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
		})
		return nil, nil, p.errs[:min(len(p.errs), maxNftErrors)]
	}
	notes := p.notes
	for r, s := range p.rs.stmts() {
		if u, ok := s.(unknownCond); ok {
			notes = append(notes, Unmodelled{File: file, Line: u.at.line, Col: u.at.col, What: u.what, Rule: r.Line, Text: u.text, Verdict: ruleVerdict(r)})
		}
	}
	slices.SortStableFunc(notes, func(a, b Unmodelled) int { return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col)) })
	return p.rs, notes, nil
}

// ruleVerdict is what r does when it fires, as the lab reads it.
func ruleVerdict(r *NftRule) string {
	for _, s := range slices.Backward(r.stmts) {
		switch s := s.(type) {
		case verdictStmt:
			return strings.TrimSpace(s.kind + " " + s.target)
		case vmapCTState:
			return "ct state vmap"
		case natStmt:
			return string(s.kind)
		case setHelper:
			return "ct helper set " + s.name
		}
	}
	return ""
}

// unknownItem turns the rule's expression starting at token i0, where
// the construct outside the subset (the note at notes) was met, into an
// unknownCond reaching up to the next stop word, and drops the errors
// (from nerrs on) that reading it raised.
func (p *nftParser) unknownItem(i0, notes, nerrs int) nftStmt {
	note := p.notes[notes]
	p.errs, p.notes, p.i = p.errs[:nerrs], p.notes[:notes], i0
	first := p.next()
	depth := 0
	if first.kind == tokPunct && first.text == "{" {
		depth++
	}
	for {
		t := p.peek()
		if t.kind == tokEOF || depth == 0 && (p.atEnd() || t.kind == tokWord && unknownStops[t.text] || p.knownMatch()) {
			break
		}
		switch {
		case t.kind == tokPunct && t.text == "{":
			depth++
		case t.kind == tokPunct && t.text == "}":
			depth--
		}
		p.next()
	}
	last := p.toks[p.i-1]
	end := last.off + len(last.text)
	if last.kind == tokString {
		end = min(end+2, len(p.src)) // an unclosed string has no closing quote
	}
	text := strings.Join(strings.Fields(strings.ReplaceAll(p.src[first.off:end], "\\\n", " ")), " ")
	return unknownCond{srcPos: srcPos{first.line, first.col}, at: srcPos{note.Line, note.Col}, what: note.What, text: text}
}

// knownMatches start a match the lab reads, by their first two words;
// "" takes any second word. They end an unreadable part of a rule, so
// that "fib daddr type local tcp dport 21" still matches port 21.
var knownMatches = map[string][]string{"tcp": {"dport", "sport", "flags"}, "ip": {"saddr", "daddr"}, "ip6": {"saddr", "daddr"},
	"ct": {"state", "status"}, "iifname": {""}, "oifname": {""}}

// knownMatch reports whether the next tokens start a knownMatches match.
func (p *nftParser) knownMatch() bool {
	t := p.peek()
	second, ok := knownMatches[t.text]
	if t.kind != tokWord || !ok {
		return false
	}
	n := p.toks[p.i+1]
	return slices.Contains(second, "") || n.kind == tokWord && slices.Contains(second, n.text)
}

// Assuming returns a copy of rs in which the rules at the given file
// lines match their unmodelled part (the rest of each rule is evaluated
// as written); every other rule holding one never matches, as in rs.
func (rs *Ruleset) Assuming(lines ...int) *Ruleset {
	out := &Ruleset{File: rs.File}
	for _, t := range rs.Tables {
		nt := *t
		nt.Chains = nil
		for _, c := range t.Chains {
			nc := *c
			nc.Rules = nil
			for _, r := range c.Rules {
				if slices.Contains(lines, r.Line) {
					nr := *r
					nr.stmts = slices.DeleteFunc(slices.Clone(r.stmts), func(s nftStmt) bool { _, ok := s.(unknownCond); return ok })
					r = &nr
				}
				nc.Rules = append(nc.Rules, r)
			}
			nt.Chains = append(nt.Chains, &nc)
		}
		out.Tables = append(out.Tables, &nt)
	}
	return out
}
