package sim

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// nftSubset is the one-line summary of what the lab models, for errors.
const nftSubset = "see assets/scenarios/README.md for the nftables subset the lab models"

// maxNftErrors bounds the errors one text reports.
const maxNftErrors = 50

// ParseRuleset parses an nftables ruleset as `nft -f` loads it and `nft
// list ruleset` prints it: "flush ruleset", table blocks with chains and
// ct helper objects, and "add table/chain/rule" lines. file names the text
// in errors. Anything outside the subset the lab models is an error at
// file:line:col naming the construct, never silently ignored; the error is
// a LineErrors holding every problem found.
func ParseRuleset(file string, src []byte) (*Ruleset, error) {
	toks, errs := lexNft(file, string(src), false)
	p := &nftParser{file: file, src: string(src), toks: toks, errs: errs, rs: &Ruleset{File: file}}
	p.top()
	p.check()
	if len(p.errs) > 0 {
		slices.SortStableFunc(p.errs, func(a, b *LineError) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
		})
		if len(p.errs) > maxNftErrors {
			p.errs = p.errs[:maxNftErrors]
		}
		return nil, p.errs
	}
	return p.rs, nil
}

// nftParser is the state of one parse.
type nftParser struct {
	file, src string
	toks      []nftToken
	i         int
	errs      LineErrors
	rs        *Ruleset
	// lenient (ParseRulesetLenient): a construct outside the subset is a
	// note, not an error (nft_lenient.go).
	lenient bool
	notes   []Unmodelled
}

func (p *nftParser) peek() nftToken { return p.toks[p.i] }

func (p *nftParser) next() nftToken {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

// is reports whether the next token is the word or punctuation s.
func (p *nftParser) is(s string) bool {
	t := p.peek()
	return (t.kind == tokWord || t.kind == tokPunct) && t.text == s
}

// accept consumes the next token if it is s.
func (p *nftParser) accept(s string) bool {
	if p.is(s) {
		p.i++
		return true
	}
	return false
}

func (p *nftParser) errorf(t nftToken, format string, a ...any) {
	p.errs = append(p.errs, &LineError{p.file, t.line, t.col, "nft: " + fmt.Sprintf(format, a...)})
}

// unmodelled reports a construct outside the subset.
func (p *nftParser) unmodelled(t nftToken, what string) {
	if p.lenient {
		p.notes = append(p.notes, Unmodelled{File: p.file, Line: t.line, Col: t.col, What: what})
		return
	}
	p.errorf(t, "%s is not modelled by the lab (%s)", what, nftSubset)
}

// atEnd reports whether the next token ends a statement: a newline, ';',
// '}' or the end of the text.
func (p *nftParser) atEnd() bool {
	t := p.peek()
	return t.kind == tokEOF || t.kind == tokNewline || t.kind == tokPunct && (t.text == ";" || t.text == "}")
}

// skipStatement skips to the end of the statement, past any block it
// opens, to resume after an error.
func (p *nftParser) skipStatement() {
	depth := 0
	for {
		t := p.peek()
		switch {
		case t.kind == tokEOF:
			return
		case depth == 0 && p.atEnd():
			return
		case t.kind == tokPunct && t.text == "{":
			depth++
		case t.kind == tokPunct && t.text == "}":
			depth--
		}
		p.next()
	}
}

// endStatement expects the end of a statement after a complete one.
func (p *nftParser) endStatement() {
	if !p.atEnd() {
		t := p.peek()
		p.errorf(t, "unexpected %s: the lab does not model anything more here (%s)", t, nftSubset)
		p.skipStatement()
	}
}

// word expects a word (or, quoted, a name) and returns it.
func (p *nftParser) word(what string) (nftToken, bool) {
	t := p.peek()
	if t.kind == tokWord || t.kind == tokString {
		p.next()
		return t, true
	}
	p.errorf(t, "want %s, found %s", what, t)
	return t, false
}

// top parses the top level: commands, one per line.
func (p *nftParser) top() {
	for len(p.errs) <= maxNftErrors {
		t := p.next()
		switch {
		case t.kind == tokEOF:
			return
		case t.kind == tokNewline || t.kind == tokPunct && t.text == ";":
			continue
		case t.kind == tokWord && t.text == "flush":
			if !p.accept("ruleset") {
				p.unmodelled(p.peek(), "flush of anything but the whole ruleset")
				p.skipStatement()
				continue
			}
			p.rs.Tables = nil
			p.endStatement()
		case t.kind == tokWord && t.text == "table":
			p.tableDecl(t, true)
		case t.kind == tokWord && (t.text == "add" || t.text == "create" || t.text == "insert"):
			p.addCommand(t)
		default:
			p.unmodelled(t, fmt.Sprintf("the command %s", t))
			p.skipStatement()
		}
	}
}

// addCommand parses add/create table, add/create chain, add/insert rule.
func (p *nftParser) addCommand(cmd nftToken) {
	what := p.next()
	switch {
	case what.text == "table" && cmd.text != "insert":
		p.tableDecl(what, false)
	case what.text == "chain" && cmd.text != "insert":
		t := p.tableRef()
		if t == nil {
			return
		}
		p.chainDecl(t, false)
	case what.text == "rule":
		t := p.tableRef()
		if t == nil {
			return
		}
		nt, ok := p.word("a chain name")
		if !ok {
			p.skipStatement()
			return
		}
		c := t.chain(nt.text)
		if c == nil {
			p.errorf(nt, "no chain %q in table %s %s", nt.text, t.Family, t.Name)
			p.skipStatement()
			return
		}
		if r := p.rule(c); r != nil {
			if cmd.text == "insert" {
				c.Rules = slices.Insert(c.Rules, 0, r)
			} else {
				c.Rules = append(c.Rules, r)
			}
		}
	default:
		p.unmodelled(what, fmt.Sprintf("%s %s", cmd.text, what))
		p.skipStatement()
	}
}

// family parses an optional table family; ip is nft's default.
func (p *nftParser) family() (string, bool) {
	t := p.peek()
	if t.kind != tokWord {
		return "ip", true
	}
	switch t.text {
	case "ip", "ip6", "inet":
		if n := p.toks[p.i+1]; n.kind == tokWord || n.kind == tokString {
			p.next()
			return t.text, true
		}
	case "arp", "bridge", "netdev":
		p.unmodelled(t, fmt.Sprintf("the table family %q", t.text))
		p.skipStatement()
		return "", false
	}
	return "ip", true
}

// tableRef parses "[family] name" of an existing table.
func (p *nftParser) tableRef() *NftTable {
	fam, ok := p.family()
	if !ok {
		return nil
	}
	nt, ok := p.word("a table name")
	if !ok {
		p.skipStatement()
		return nil
	}
	t := p.rs.table(fam, nt.text)
	if t == nil {
		p.errorf(nt, "no table %s %s (declare it first)", fam, nt.text)
		p.skipStatement()
	}
	return t
}

// tableDecl parses "table [family] name { ... }" (the block is optional
// after "add table").
func (p *nftParser) tableDecl(kw nftToken, block bool) {
	fam, ok := p.family()
	if !ok {
		return
	}
	nt, ok := p.word("a table name")
	if !ok {
		p.skipStatement()
		return
	}
	t := p.rs.table(fam, nt.text)
	if t == nil {
		t = &NftTable{Family: fam, Name: nt.text, Line: kw.line}
		p.rs.Tables = append(p.rs.Tables, t)
	}
	if p.openBlock("table", nt.text, block) {
		p.tableBody(t)
	}
}

// tableBody parses a table's declarations up to its closing brace.
func (p *nftParser) tableBody(t *NftTable) {
	for len(p.errs) <= maxNftErrors {
		tk := p.next()
		switch {
		case tk.kind == tokEOF:
			p.errorf(tk, "table %s not closed: want }", t.Name)
			return
		case tk.kind == tokNewline || tk.kind == tokPunct && tk.text == ";":
		case tk.kind == tokPunct && tk.text == "}":
			return
		case tk.text == "chain":
			p.chainDecl(t, true)
		case tk.text == "ct" && p.is("helper"):
			p.next()
			p.helperDecl(t, tk)
		case tk.text == "comment" && p.peek().kind == tokString:
			p.next()
		case tk.text == "counter":
			p.counterDecl(t)
		default:
			what := fmt.Sprintf("the table declaration %s", tk)
			if tk.text == "set" || tk.text == "map" {
				what = "a named " + tk.text
			}
			p.unmodelled(tk, what)
			p.skipStatement()
		}
	}
}

// chainDecl parses "chain NAME { ... }" (the block is optional after "add
// chain").
func (p *nftParser) chainDecl(t *NftTable, block bool) {
	nt, ok := p.word("a chain name")
	if !ok {
		p.skipStatement()
		return
	}
	c := t.chain(nt.text)
	if c == nil {
		c = &NftChain{Name: nt.text, Line: nt.line, col: nt.col}
		t.Chains = append(t.Chains, c)
	}
	if p.openBlock("chain", nt.text, block) {
		p.chainBody(c)
	}
}

// openBlock reads the { that opens a table's or chain's body. In a block
// ("table ip t {") it is required; after "add table" or "add chain" it
// is optional and the statement may end there instead.
func (p *nftParser) openBlock(what, name string, block bool) bool {
	if p.accept("{") {
		return true
	}
	if block {
		p.errorf(p.peek(), "want { after %s %s, found %s", what, name, p.peek())
		p.skipStatement()
		return false
	}
	p.endStatement()
	return false
}

// chainBody parses a chain's base-chain declaration, policy and rules up
// to its closing brace.
func (p *nftParser) chainBody(c *NftChain) {
	for len(p.errs) <= maxNftErrors {
		tk := p.peek()
		switch {
		case tk.kind == tokEOF:
			p.errorf(tk, "chain %s not closed: want }", c.Name)
			return
		case tk.kind == tokNewline || tk.kind == tokPunct && tk.text == ";":
			p.next()
		case tk.kind == tokPunct && tk.text == "}":
			p.next()
			return
		case tk.kind == tokWord && tk.text == "type":
			p.next()
			p.baseChain(c, tk)
		case tk.kind == tokWord && tk.text == "policy":
			p.next()
			p.policy(c)
		case tk.kind == tokWord && tk.text == "comment" && p.toks[p.i+1].kind == tokString:
			p.i += 2
		default:
			if r := p.rule(c); r != nil {
				c.Rules = append(c.Rules, r)
			}
		}
	}
}

// baseChain parses "type T hook H priority P".
func (p *nftParser) baseChain(c *NftChain, kw nftToken) {
	tt, _ := p.word("a chain type")
	switch ChainType(tt.text) {
	case FilterChain, NATChain:
		c.Type = ChainType(tt.text)
	default:
		p.unmodelled(tt, fmt.Sprintf("the chain type %q", tt.text))
		c.leftOut = true
		p.skipStatement()
		return
	}
	if !p.accept("hook") {
		p.errorf(p.peek(), "want hook after type %s, found %s", tt.text, p.peek())
		p.skipStatement()
		return
	}
	ht, _ := p.word("a hook")
	switch Hook(ht.text) {
	case Prerouting, Input, Forward, Output, Postrouting:
		c.Hook = Hook(ht.text)
	default:
		p.unmodelled(ht, fmt.Sprintf("the hook %q", ht.text))
		c.leftOut = true
		p.skipStatement()
		return
	}
	if c.Type == NATChain && c.Hook == Forward {
		p.errorf(ht, "a nat chain cannot hook forward")
	}
	if !p.accept("priority") {
		p.errorf(p.peek(), "want priority after hook %s, found %s", ht.text, p.peek())
		p.skipStatement()
		return
	}
	c.Priority = p.priority()
	if c.Policy == "" {
		c.Policy = Accept
	}
	p.endStatement()
}

// chainPriorities are nft's named priorities (for the ip and inet families).
var chainPriorities = map[string]int{"raw": -300, "mangle": -150, "dstnat": -100, "filter": 0, "security": 50, "srcnat": 100}

// priority parses a number, a named priority or "name + n" / "name - n".
func (p *nftParser) priority() int {
	t, _ := p.word("a priority")
	base, ok := chainPriorities[t.text]
	if !ok {
		n, err := strconv.Atoi(t.text)
		if err != nil {
			p.errorf(t, "bad priority %q (a number or one of raw mangle dstnat filter security srcnat)", t.text)
			return 0
		}
		return n
	}
	if p.is("+") || p.is("-") {
		sign := 1
		if p.next().text == "-" {
			sign = -1
		}
		n, _ := p.word("a number")
		v, err := strconv.Atoi(n.text)
		if err != nil {
			p.errorf(n, "bad priority offset %q", n.text)
		}
		return base + sign*v
	}
	return base
}

// policy parses "policy accept|drop".
func (p *nftParser) policy(c *NftChain) {
	t, _ := p.word("accept or drop")
	switch t.text {
	case "accept":
		c.Policy = Accept
	case "drop":
		c.Policy = Drop
	default:
		p.errorf(t, "policy %q: want accept or drop", t.text)
	}
	p.endStatement()
}
