package sim

import "fmt"

// objectHead reads a named object's "NAME {"; on a mistake it reports it,
// skips the statement and returns false. kind names the object in the
// message ("counter", "ct helper").
func (p *nftParser) objectHead(kind, what string) (nftToken, bool) {
	nt, ok := p.word(what)
	if !ok || !p.accept("{") {
		if ok {
			p.errorf(p.peek(), "want { after %s %s, found %s", kind, nt.text, p.peek())
		}
		p.skipStatement()
		return nt, false
	}
	return nt, true
}

// skipSeparators skips the newlines and semicolons between declarations.
func (p *nftParser) skipSeparators() {
	for p.peek().kind == tokNewline || p.is(";") {
		p.next()
	}
}

// helperDecl parses "ct helper NAME { type "ftp" protocol tcp; l3proto inet; }".
func (p *nftParser) helperDecl(t *NftTable, kw nftToken) {
	nt, ok := p.objectHead("ct helper", "a helper name")
	if !ok {
		return
	}
	h := &NftHelper{Name: nt.text, Line: kw.line}
	for len(p.errs) <= maxNftErrors {
		tk := p.next()
		switch {
		case tk.kind == tokEOF:
			p.errorf(tk, "ct helper %s not closed: want }", nt.text)
			return
		case tk.kind == tokNewline || tk.kind == tokPunct && tk.text == ";":
		case tk.kind == tokPunct && tk.text == "}":
			p.addHelper(t, h, nt)
			return
		case tk.text == "type":
			v, _ := p.word("the helper type")
			h.Type = v.text
			if p.accept("protocol") {
				v, _ = p.word("a protocol")
				h.Protocol = v.text
			}
		case tk.text == "l3proto":
			v, _ := p.word("a family")
			h.L3Proto = v.text
		default:
			p.unmodelled(tk, fmt.Sprintf("%s in a ct helper object", tk))
			p.skipStatement()
		}
	}
}

// counterDecl parses a named counter object "counter NAME { [packets N
// bytes M] }": rules count in it with "counter name NAME".
func (p *nftParser) counterDecl(t *NftTable) {
	nt, ok := p.objectHead("counter", "a counter name")
	if !ok {
		return
	}
	p.skipSeparators()
	if p.accept("packets") {
		p.word("a packet count")
		if p.accept("bytes") {
			p.word("a byte count")
		}
	}
	p.skipSeparators()
	if !p.accept("}") {
		p.unmodelled(p.peek(), fmt.Sprintf("%s in a counter object", p.peek()))
		p.skipStatement()
		return
	}
	t.Counters = append(t.Counters, nt.text)
}

// addHelper checks a complete helper object and adds it to its table.
func (p *nftParser) addHelper(t *NftTable, h *NftHelper, at nftToken) {
	switch {
	case h.Type != "ftp":
		p.unmodelled(at, fmt.Sprintf("ct helper type %q (only \"ftp\")", h.Type))
		t.otherHelpers = append(t.otherHelpers, h.Name)
	case h.Protocol != "tcp":
		p.errorf(at, "ct helper %s: want protocol tcp, found %q", h.Name, h.Protocol)
	case t.helper(h.Name) != nil:
		p.errorf(at, "ct helper %s declared twice in table %s", h.Name, t.Name)
	default:
		t.Helpers = append(t.Helpers, h)
	}
}
