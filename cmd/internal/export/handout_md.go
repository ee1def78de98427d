package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes h as Markdown: the lesson's text, each question
// after its section (choices listed, a blank to fill, the diagram as a
// code block), and the answer key at the end.
func (h *Handout) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	l := h.Lesson
	fmt.Fprintf(bw, "# %s\n\n", l.Title)
	fmt.Fprintf(bw, "*Lesson %d · scenario %s, mode %s", l.Order, l.Setup.Scenario, l.Setup.Mode)
	if len(l.RFCs) > 0 {
		fmt.Fprintf(bw, " · %s", strings.Join(l.RFCs, ", "))
	}
	bw.WriteString("*\n\nName: ______________________\n\n")
	for i, s := range l.Sections {
		md := strings.TrimSpace(string(s.Markdown))
		if i == 0 {
			md = strings.TrimPrefix(md, "# "+l.Title) // the title is above
		}
		if md = strings.TrimSpace(md); md != "" {
			bw.WriteString(md + "\n\n")
		}
		for _, q := range h.Questions {
			if q.Section == i {
				q.writeMarkdown(bw)
			}
		}
	}
	bw.WriteString("---\n\n## Answer key\n\n")
	for _, q := range h.Questions {
		fmt.Fprintf(bw, "%d. %s", q.N, q.KeyAnswer())
		if q.CP.Explain != "" {
			fmt.Fprintf(bw, " — %s", q.CP.Explain)
		}
		bw.WriteString("\n")
	}
	return bw.Flush()
}

func (q Question) writeMarkdown(w io.Writer) {
	fmt.Fprintf(w, "**Question %d.** %s\n\n", q.N, q.CP.Question)
	if q.Run.Scenario != "" {
		fmt.Fprintf(w, "*The lab stops before step %d of scenario %s, mode %s:*\n\n", q.Step, q.Run.Scenario, q.Run.Mode)
	}
	if q.Diagram.H > 0 {
		fmt.Fprintf(w, "```\n%s```\n\n", trimRows(q.Diagram))
	}
	for i, c := range q.CP.Choices {
		fmt.Fprintf(w, "- [ ] (%s) %s\n", ChoiceLetter(i), c)
	}
	if len(q.CP.Choices) > 0 {
		io.WriteString(w, "\n")
	}
	io.WriteString(w, "Your answer: ______________________\n\n")
}

// trimRows is f's text with trailing blanks cut from each row.
func trimRows(f Frame) string {
	var b strings.Builder
	for y := range f.H {
		b.WriteString(strings.TrimRight(f.Row(y), " "))
		b.WriteByte('\n')
	}
	return b.String()
}
