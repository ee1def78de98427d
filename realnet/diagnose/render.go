package diagnose

import (
	"fmt"
	"io"
	"strings"
)

// style is what differs between the text and the Markdown rendering.
type style struct {
	md bool
}

// WriteText writes the report for a terminal. With transcripts, the
// control dialogue of every failed attempt follows.
func (r Report) WriteText(w io.Writer, transcripts bool) error {
	return r.write(w, style{}, transcripts)
}

// WriteMarkdown writes the report as Markdown, to paste into a ticket.
func (r Report) WriteMarkdown(w io.Writer, transcripts bool) error {
	return r.write(w, style{md: true}, transcripts)
}

func (r Report) write(w io.Writer, st style, transcripts bool) error {
	var b strings.Builder
	r.header(&b, st)
	r.modes(&b, st)
	if st.md {
		fmt.Fprintf(&b, "\n## Diagnosis\n\n%s\n", r.Summary)
	} else {
		fmt.Fprintf(&b, "\nDiagnosis: %s\n", r.Summary)
	}
	for _, f := range r.Findings {
		finding(&b, st, f)
	}
	if transcripts {
		r.transcripts(&b, st)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (r Report) header(b *strings.Builder, st style) {
	e := r.Evidence
	if st.md {
		fmt.Fprintf(b, "# ftplab diagnose %s\n\n", r.Target)
	} else {
		fmt.Fprintf(b, "ftplab diagnose %s\n", r.Target)
	}
	item := "  "
	if st.md {
		item = "- "
	}
	for _, s := range e.Sessions {
		kind := "plain FTP"
		if s.TLS {
			kind = "FTPS (AUTH TLS)"
		}
		if !s.LoggedIn {
			fmt.Fprintf(b, "%s%s: no login: %s\n", item, kind, s.Error)
			continue
		}
		seen := "the server does not say which address it sees for us"
		if s.ServerSeesClient != "" {
			seen = "the server sees us as " + s.ServerSeesClient + " (STAT)"
		}
		fmt.Fprintf(b, "%s%s: %s -> %s, logged in; %s\n", item, kind, s.ClientAddr, s.ServerAddr, seen)
	}
	if e.TLSSkipped != "" {
		fmt.Fprintf(b, "%sFTPS not tried: %s\n", item, e.TLSSkipped)
	}
	if e.IPv6 {
		fmt.Fprintf(b, "%sIPv6: only EPSV and EPRT are tried (PASV and PORT carry IPv4 addresses only)\n", item)
	}
	fmt.Fprintf(b, "%sthe run is bounded by %.0f s\n", item, r.BoundSeconds)
}

func (r Report) modes(b *strings.Builder, st style) {
	if len(r.Verdicts) == 0 {
		return
	}
	if st.md {
		b.WriteString("\n| mode | announced | verdict |\n|---|---|---|\n")
	} else {
		b.WriteString("\nModes (each alone, no fallback):\n")
	}
	for i, v := range r.Verdicts {
		name := string(v.Mode)
		if v.TLS {
			name += " (TLS)"
		}
		ann := ""
		if i < len(r.Evidence.Attempts) {
			ann = r.Evidence.Attempts[i].Announced
		}
		if st.md {
			fmt.Fprintf(b, "| %s | %s | %s |\n", name, mdCell(ann), mdCell(v.Summary))
		} else {
			fmt.Fprintf(b, "  %-17s %-22s %s\n", name, ann, v.Summary)
		}
	}
}

func finding(b *strings.Builder, st style, f Finding) {
	if st.md {
		fmt.Fprintf(b, "\n### %s: %s\n\n", f.Certainty, f.Title)
	} else {
		fmt.Fprintf(b, "\n[%s] %s\n", f.Certainty, f.Title)
	}
	field := func(name, value string) {
		if value == "" {
			return
		}
		if st.md {
			fmt.Fprintf(b, "- **%s**: %s\n", name, value)
		} else {
			fmt.Fprintf(b, "  %-15s %s\n", name+":", value)
		}
	}
	field("where", f.Where)
	for _, ev := range f.Evidence {
		field("seen", ev)
	}
	field("tell apart", f.Tell)
	field("reproduce", f.Lab.Command)
	field("lesson", f.Lesson)
	for _, x := range f.Fixes.Server {
		field("fix (server)", x)
	}
	for _, x := range f.Fixes.Firewall {
		field("fix (firewall)", x)
	}
	for _, x := range f.Fixes.Client {
		field("fix (client)", x)
	}
}

func (r Report) transcripts(b *strings.Builder, st style) {
	for _, a := range r.Evidence.Attempts {
		if a.Works() {
			continue
		}
		if st.md {
			fmt.Fprintf(b, "\n<details><summary>transcript: %s</summary>\n\n```\n", a.name())
		} else {
			fmt.Fprintf(b, "\nTranscript of %s:\n", a.name())
		}
		for _, l := range a.Transcript {
			fmt.Fprintf(b, "  %7.3f %s\n", l.At, l.Text)
		}
		if st.md {
			b.WriteString("```\n</details>\n")
		}
	}
}

// mdCell keeps a table cell on one row.
func mdCell(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ").Replace(s)
}
