package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/rivo/tview"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Render converts Markdown to tview-tagged text styled by th. The output is
// wrap-neutral: paragraphs are single lines that the TextView wraps; lines
// break only between blocks, in code blocks and at hard breaks. Raw HTML
// (comments included) is dropped.
func Render(src []byte, th Styles) string {
	r := &textRenderer{th: th, lineStart: true, lastBlank: true}
	md := goldmark.New(goldmark.WithRenderer(renderer.NewRenderer(
		renderer.WithNodeRenderers(util.Prioritized(r, 100)))))
	doc := md.Parser().Parse(text.NewReader(src))
	_ = md.Renderer().Render(discard{}, src, doc) // r collects the text
	return r.String()
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// textRenderer renders one document (it is stateful: build one per
// document). It registers one function per node kind, like goldmark's own
// HTML renderer.
type textRenderer struct {
	th  Styles
	out strings.Builder

	// Adjacent text nodes are joined before they are unescaped and
	// escaped: goldmark splits text at '[' and '\'.
	pending     []byte
	pendingCode bool // pending holds code: no Markdown unescaping

	prefix    []string // per container: "│ " for quotes, "  " for list items
	lineStart bool     // the next content starts a line: write the prefix
	lastBlank bool     // the last line written was blank (or none yet)
	wrote     bool     // any content written
	styles    []Style  // open styles, merged outward-in
}

func (r *textRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindDocument, r.document)
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(ast.KindParagraph, r.block)
	reg.Register(ast.KindTextBlock, r.block)
	reg.Register(ast.KindThematicBreak, r.thematicBreak)
	reg.Register(ast.KindCodeBlock, r.codeBlock)
	reg.Register(ast.KindFencedCodeBlock, r.codeBlock)
	reg.Register(ast.KindBlockquote, r.blockquote)
	reg.Register(ast.KindList, r.block)
	reg.Register(ast.KindListItem, r.listItem)
	reg.Register(ast.KindHTMLBlock, r.skip)
	reg.Register(ast.KindRawHTML, r.skip)
	reg.Register(ast.KindEmphasis, r.emphasis)
	reg.Register(ast.KindCodeSpan, r.codeSpan)
	reg.Register(ast.KindLink, r.link)
	reg.Register(ast.KindAutoLink, r.autoLink)
	reg.Register(ast.KindImage, r.image)
	reg.Register(ast.KindText, r.text)
	reg.Register(ast.KindString, r.string)
}

func (r *textRenderer) String() string {
	s := strings.TrimRight(r.out.String(), "\n")
	if s == "" {
		return ""
	}
	return s + "\n"
}

// write writes content, putting the containers' prefix at each line start.
func (r *textRenderer) write(s string) {
	for len(s) > 0 {
		line, rest, nl := strings.Cut(s, "\n")
		if line != "" {
			if r.lineStart {
				r.out.WriteString(strings.Join(r.prefix, ""))
			}
			r.out.WriteString(line)
			r.lineStart, r.lastBlank, r.wrote = false, false, true
		}
		if nl {
			if r.lineStart {
				r.out.WriteString(strings.TrimRight(strings.Join(r.prefix, ""), " "))
				r.lastBlank = true
			}
			r.out.WriteString("\n")
			r.lineStart = true
		}
		s = rest
	}
}

// newline ends the current line, if any.
func (r *textRenderer) newline() {
	if !r.lineStart {
		r.write("\n")
	}
}

// blankLine leaves one blank line, unless there is one already.
func (r *textRenderer) blankLine() {
	r.newline()
	if !r.lastBlank {
		r.write("\n")
	}
}

func (r *textRenderer) tag(t string) { r.out.WriteString(t) }

func (r *textRenderer) push(s Style) {
	cur := Style{}
	if len(r.styles) > 0 {
		cur = r.styles[len(r.styles)-1]
	}
	cur = cur.merge(s)
	r.styles = append(r.styles, cur)
	r.tag(cur.tag())
}

func (r *textRenderer) pop() {
	ended := r.styles[len(r.styles)-1]
	r.styles = r.styles[:len(r.styles)-1]
	next := Style{}
	if len(r.styles) > 0 {
		next = r.styles[len(r.styles)-1]
	}
	if containsRune(ended.Attrs, 'u') && !containsRune(next.Attrs, 'u') {
		// tview's reset of the attributes leaves tcell's underline on
		// (tcell keeps it apart): without this, every line after a
		// lesson's first heading or link was underlined.
		r.tag("[::U]")
	}
	if len(r.styles) == 0 {
		r.tag("[-:-:-]")
		return
	}
	r.tag(next.tag())
}

// flush writes the pending text run: Markdown escapes and entities
// resolved (outside code), then escaped for tview.
func (r *textRenderer) flush() {
	if len(r.pending) == 0 {
		return
	}
	b := r.pending
	if !r.pendingCode {
		b = resolve(b)
	}
	r.pending = r.pending[:0]
	r.write(tview.Escape(string(b)))
}

// resolve applies backslash escapes and entity references in one pass, so
// that \&amp; stays "&amp;" and &#92;[ stays "\[".
func resolve(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\\' && i+1 < len(b) && util.IsPunct(b[i+1]) {
			out = append(out, b[i+1])
			i++
			continue
		}
		if c == '&' {
			if j := bytes.IndexByte(b[i:], ';'); j > 1 && j <= 32 {
				ent := b[i : i+j+1]
				res := util.ResolveNumericReferences(util.ResolveEntityNames(ent))
				if !bytes.Equal(res, ent) {
					out = append(out, res...)
					i += j
					continue
				}
			}
		}
		out = append(out, c)
	}
	return out
}

// openBlock separates a block from the one before it: a new line, and a
// blank line except between the blocks of a tight list's items.
func (r *textRenderer) openBlock(n ast.Node) {
	r.flush()
	if !r.wrote || n.PreviousSibling() == nil {
		return
	}
	r.newline()
	if !tight(n) {
		r.blankLine()
	}
}

// tight reports whether n sits in an item of a tight list.
func tight(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p := p.(type) {
		case *ast.ListItem:
			if l, ok := p.Parent().(*ast.List); ok {
				return l.IsTight
			}
		case *ast.Blockquote, *ast.Document:
			return false
		}
	}
	return false
}

func (r *textRenderer) document(_ util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		r.flush()
	}
	return ast.WalkContinue, nil
}

func (r *textRenderer) heading(_ util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		r.openBlock(n)
		switch n.(*ast.Heading).Level {
		case 1:
			r.push(r.th.Heading1)
		case 2:
			r.push(r.th.Heading2)
		default:
			r.push(r.th.Heading3)
		}
		return ast.WalkContinue, nil
	}
	r.flush()
	r.pop()
	return ast.WalkContinue, nil
}

// block opens a paragraph, a text block or a list, and flushes it at its end.
func (r *textRenderer) block(_ util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		r.openBlock(n)
	} else {
		r.flush()
	}
	return ast.WalkContinue, nil
}

func (r *textRenderer) thematicBreak(_ util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		r.openBlock(n)
		r.push(r.th.Rule)
		r.write(strings.Repeat("─", 20))
		r.pop()
	}
	return ast.WalkContinue, nil
}

func (r *textRenderer) codeBlock(_ util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	r.openBlock(n)
	r.push(r.th.CodeBlock)
	r.prefix = append(r.prefix, "  ")
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := strings.TrimRight(string(seg.Value(src)), "\r\n")
		if i > 0 {
			r.write("\n")
		}
		if line == "" {
			continue // the next "\n" leaves it blank
		}
		r.write(tview.Escape(line))
	}
	r.prefix = r.prefix[:len(r.prefix)-1]
	r.pop()
	return ast.WalkSkipChildren, nil
}

func (r *textRenderer) blockquote(_ util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		r.openBlock(n)
		r.prefix = append(r.prefix, "│ ")
		r.push(r.th.Quote)
		return ast.WalkContinue, nil
	}
	r.flush()
	r.pop()
	r.prefix = r.prefix[:len(r.prefix)-1]
	return ast.WalkContinue, nil
}

var bullets = []string{"• ", "◦ ", "▪ "}

func (r *textRenderer) listItem(_ util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		r.flush()
		r.prefix = r.prefix[:len(r.prefix)-1]
		return ast.WalkContinue, nil
	}
	r.flush()
	list := n.Parent().(*ast.List)
	if n.PreviousSibling() != nil {
		r.newline()
		if !list.IsTight {
			r.blankLine()
		}
	}
	var bullet string
	if list.IsOrdered() {
		i := list.Start
		for p := n.PreviousSibling(); p != nil; p = p.PreviousSibling() {
			i++
		}
		bullet = fmt.Sprintf("%d. ", i)
	} else {
		depth := 0
		for p := list.Parent(); p != nil; p = p.Parent() {
			if l, ok := p.(*ast.List); ok && !l.IsOrdered() {
				depth++
			}
		}
		bullet = bullets[depth%len(bullets)]
	}
	if r.lineStart {
		r.out.WriteString(strings.Join(r.prefix, ""))
		r.lineStart = false
	}
	r.push(r.th.Bullet)
	r.write(bullet)
	r.pop()
	r.prefix = append(r.prefix, strings.Repeat(" ", len([]rune(bullet))))
	return ast.WalkContinue, nil
}

func (r *textRenderer) skip(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
	return ast.WalkSkipChildren, nil
}

func (r *textRenderer) emphasis(_ util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	r.flush()
	if !entering {
		r.pop()
		return ast.WalkContinue, nil
	}
	if n.(*ast.Emphasis).Level >= 2 {
		r.push(r.th.Strong)
	} else {
		r.push(r.th.Emphasis)
	}
	return ast.WalkContinue, nil
}

func (r *textRenderer) codeSpan(_ util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	r.flush()
	r.pendingCode = entering
	if entering {
		r.push(r.th.Code)
	} else {
		r.pop()
	}
	return ast.WalkContinue, nil
}

// link shows the link text, then the destination in parentheses unless the
// text already says it.
func (r *textRenderer) link(_ util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		r.flush()
		r.push(r.th.Link)
		return ast.WalkContinue, nil
	}
	label := string(resolve(r.pending))
	r.flush()
	r.pop()
	dest := string(n.(*ast.Link).Destination)
	if dest != "" && dest != label && "mailto:"+label != dest {
		r.write(" (")
		r.push(r.th.URL)
		r.write(tview.Escape(dest))
		r.pop()
		r.write(")")
	}
	return ast.WalkContinue, nil
}

func (r *textRenderer) autoLink(_ util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		r.flush()
		r.push(r.th.Link)
		r.write(tview.Escape(string(n.(*ast.AutoLink).Label(src))))
		r.pop()
	}
	return ast.WalkSkipChildren, nil
}

func (r *textRenderer) image(_ util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	r.flush()
	if entering {
		r.write("(image: ")
	} else {
		r.write(")")
	}
	return ast.WalkContinue, nil
}

func (r *textRenderer) text(_ util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	t := n.(*ast.Text)
	r.pending = append(r.pending, t.Segment.Value(src)...)
	switch {
	case t.HardLineBreak():
		r.flush()
		r.write("\n")
	case t.SoftLineBreak():
		r.pending = append(r.pending, ' ')
	}
	return ast.WalkContinue, nil
}

func (r *textRenderer) string(_ util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		// A String's value is final: no Markdown unescaping.
		r.flush()
		r.write(tview.Escape(string(n.(*ast.String).Value)))
	}
	return ast.WalkContinue, nil
}
