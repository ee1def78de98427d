package export

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/yuin/goldmark"
)

// handoutCSS lays the handout out for A4/Letter print: questions and
// diagrams are not split across pages, the key starts a new page.
const handoutCSS = `body{font-family:serif;max-width:48em;margin:2em auto;line-height:1.4}
pre,code{font-family:monospace}
pre{background:#f4f4f4;padding:.5em;overflow-x:auto}
.question{border:1px solid #888;padding:.5em 1em;margin:1.5em 0;page-break-inside:avoid;break-inside:avoid}
.question svg{max-width:100%;height:auto;border:1px solid #ccc}
.choices{list-style:none;padding-left:1em}
.blank{margin-top:1em}
.key{page-break-before:always;break-before:page}
.meta{color:#444;font-style:italic}
`

// WriteHTML writes h as one self-contained, printable HTML page: the
// lesson's text (Markdown rendered), each question after its section
// with the network diagram as inline SVG (white page), choices with
// boxes and a blank, and the answer key on its own page.
func (h *Handout) WriteHTML(w io.Writer) error {
	bw := bufio.NewWriter(w)
	l := h.Lesson
	fmt.Fprintf(bw, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n",
		html.EscapeString(l.Title), handoutCSS)
	fmt.Fprintf(bw, "<h1>%s</h1>\n<p class=\"meta\">Lesson %d · scenario %s, mode %s", html.EscapeString(l.Title), l.Order,
		html.EscapeString(l.Setup.Scenario), html.EscapeString(string(l.Setup.Mode)))
	if len(l.RFCs) > 0 {
		fmt.Fprintf(bw, " · %s", html.EscapeString(strings.Join(l.RFCs, ", ")))
	}
	bw.WriteString("</p>\n<p>Name: ______________________</p>\n")
	for i, s := range l.Sections {
		md := bytes.TrimSpace(s.Markdown)
		if i == 0 {
			md = bytes.TrimSpace(bytes.TrimPrefix(md, []byte("# "+l.Title)))
		}
		if err := goldmark.Convert(md, bw); err != nil {
			return fmt.Errorf("%s:%d: %w", l.File, s.Line, err)
		}
		for _, q := range h.Questions {
			if q.Section == i {
				q.writeHTML(bw)
			}
		}
	}
	bw.WriteString("<section class=\"key\">\n<h2>Answer key</h2>\n<ol>\n")
	for _, q := range h.Questions {
		fmt.Fprintf(bw, "<li class=\"answer\"><strong>%s</strong>", html.EscapeString(q.KeyAnswer()))
		if q.CP.Explain != "" {
			fmt.Fprintf(bw, " — %s", html.EscapeString(q.CP.Explain))
		}
		bw.WriteString("</li>\n")
	}
	bw.WriteString("</ol>\n</section>\n</body>\n</html>\n")
	return bw.Flush()
}

func (q Question) writeHTML(bw *bufio.Writer) {
	fmt.Fprintf(bw, "<div class=\"question\" id=\"q%d\">\n<p><strong>Question %d.</strong> %s</p>\n", q.N, q.N, html.EscapeString(q.CP.Question))
	if q.Run.Scenario != "" {
		fmt.Fprintf(bw, "<p class=\"meta\">The lab stops before step %d of scenario %s, mode %s:</p>\n",
			q.Step, html.EscapeString(q.Run.Scenario), html.EscapeString(string(q.Run.Mode)))
	}
	if q.Diagram.H > 0 {
		svgElement(bw, q.Diagram, Light)
	}
	if len(q.CP.Choices) > 0 {
		bw.WriteString("<ul class=\"choices\">\n")
		for i, c := range q.CP.Choices {
			fmt.Fprintf(bw, "<li>☐ (%s) %s</li>\n", ChoiceLetter(i), html.EscapeString(c))
		}
		bw.WriteString("</ul>\n")
	}
	bw.WriteString("<p class=\"blank\">Your answer: ______________________</p>\n</div>\n")
}
