package main

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// runMan prints the manual page in roff, made from the subcommands' own
// flag sets (see commandDocs): ftplab man | man -l -
func runMan(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("man", "man  (roff on standard output: ftplab man | man -l -)", stderr)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{"man takes no arguments"}
	}
	return writeMan(stdout, commandDocs(commands()), versionString())
}

// writeMan writes a man(7) page: one subsection per command, its flags
// as tagged paragraphs.
func writeMan(w io.Writer, docs []cmdDoc, version string) error {
	var b strings.Builder
	fmt.Fprintf(&b, ".TH FTPLAB 1 \"\" %s \"User Commands\"\n", roffQuote("ftplab "+version))
	b.WriteString(".SH NAME\nftplab \\- a terminal lab that teaches FTP, and a real FTP server and client\n")
	b.WriteString(".SH SYNOPSIS\n.B ftplab\n[\\fIcommand\\fR] [\\fIflags\\fR]\n")
	b.WriteString(".SH DESCRIPTION\nWithout a command, ftplab opens the lab at your lesson; the lab's flags work without \\fBlab\\fR too.\n")
	b.WriteString("Every flag may be written with one dash or two.\n")
	b.WriteString(".SH COMMANDS\n")
	for _, d := range docs {
		for _, c := range d.all() {
			fmt.Fprintf(&b, ".SS %s\n", roffText(strings.Join(c.Path, " ")))
			if c.Summary != "" {
				b.WriteString(roffLine(c.Summary))
			}
			for _, f := range c.Flags {
				b.WriteString(".TP\n\\fB" + roffText(dash(f.Name)) + "\\fR")
				if f.Arg != "" {
					b.WriteString(" \\fI" + roffText(f.Arg) + "\\fR")
				}
				b.WriteString("\n")
				usage := f.Usage
				if f.Default != "" {
					usage += " (default " + f.Default + ")"
				}
				b.WriteString(roffLine(usage))
			}
		}
	}
	b.WriteString(".SH SEE ALSO\nftplab completion bash|zsh|fish; RFC 959, RFC 2428, RFC 3659, RFC 4217.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// roffText escapes backslashes and dashes.
func roffText(s string) string {
	return strings.NewReplacer(`\`, `\e`, "-", `\-`).Replace(s)
}

// roffLine escapes text and keeps a line starting with . or ' from being
// read as a request.
func roffLine(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			b.WriteString(`\&`)
		}
		b.WriteString(roffText(l) + "\n")
	}
	return b.String()
}

func roffQuote(s string) string { return `"` + strings.ReplaceAll(roffText(s), `"`, `\(dq`) + `"` }
