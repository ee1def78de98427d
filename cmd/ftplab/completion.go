package main

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// runCompletion prints a shell completion script for bash, zsh or fish,
// made from the subcommands' own flag sets (see commandDocs).
//
//	source <(ftplab completion bash)
//	ftplab completion zsh > "${fpath[1]}/_ftplab"
//	ftplab completion fish > ~/.config/fish/completions/ftplab.fish
func runCompletion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("completion", "completion bash|zsh|fish", stderr)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"want one shell: bash, zsh or fish"}
	}
	docs := commandDocs(commands())
	switch pos[0] {
	case "bash":
		return writeBash(stdout, docs)
	case "zsh":
		return writeZsh(stdout, docs)
	case "fish":
		return writeFish(stdout, docs)
	}
	return usageError{fmt.Sprintf("unknown shell %q: want bash, zsh or fish", pos[0])}
}

func cmdNames(docs []cmdDoc) []string {
	var names []string
	for _, d := range docs {
		names = append(names, d.Path[0])
	}
	return names
}

// writeBash: the word before the cursor decides; flags of the command
// (and subcommand) given so far, files after a flag that takes a value.
func writeBash(w io.Writer, docs []cmdDoc) error {
	var b strings.Builder
	b.WriteString("# bash completion for ftplab (ftplab completion bash)\n_ftplab() {\n")
	b.WriteString("\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n")
	b.WriteString("\tlocal cmd=${COMP_WORDS[1]} sub=${COMP_WORDS[2]} words=\"\" valued=\"\"\n")
	fmt.Fprintf(&b, "\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n\t\tCOMPREPLY=($(compgen -W %q -- \"$cur\"))\n\t\treturn\n\tfi\n", strings.Join(cmdNames(docs), " "))
	b.WriteString("\tcase \"$cmd $sub\" in\n")
	for _, d := range docs {
		for _, c := range d.specificFirst() {
			var flags, valued, subs []string
			for _, f := range c.Flags {
				flags = append(flags, dash(f.Name))
				if f.Arg != "" {
					valued = append(valued, dash(f.Name))
				}
			}
			for _, s := range c.Subs {
				subs = append(subs, s.Path[1])
			}
			pattern := fmt.Sprintf("%q*", c.Path[0]+" ")
			if len(c.Path) > 1 {
				pattern = fmt.Sprintf("%q", c.Path[0]+" "+c.Path[1])
			}
			fmt.Fprintf(&b, "\t%s) words=%q valued=%q ;;\n", pattern, strings.Join(append(subs, flags...), " "), " "+strings.Join(valued, " ")+" ")
		}
	}
	b.WriteString("\tesac\n")
	b.WriteString("\tif [[ $valued == *\" $prev \"* ]]; then\n\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n\t\treturn\n\tfi\n")
	b.WriteString("\tCOMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n}\ncomplete -o default -F _ftplab ftplab\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeZsh: one _arguments spec per command.
func writeZsh(w io.Writer, docs []cmdDoc) error {
	var b strings.Builder
	b.WriteString("#compdef ftplab\n# zsh completion for ftplab (ftplab completion zsh)\n_ftplab() {\n")
	b.WriteString("\tlocal -a cmds\n\tcmds=(\n")
	for _, d := range docs {
		fmt.Fprintf(&b, "\t\t%s\n", zshQuote(d.Path[0]+":"+d.Summary))
	}
	b.WriteString("\t)\n\tif (( CURRENT == 2 )); then\n\t\t_describe command cmds\n\t\treturn\n\tfi\n")
	b.WriteString("\tcase \"${words[2]} ${words[3]}\" in\n")
	for _, d := range docs {
		for _, c := range d.specificFirst() {
			pattern := zshQuote(c.Path[0]+" ") + "*"
			if len(c.Path) > 1 {
				pattern = zshQuote(c.Path[0] + " " + c.Path[1])
			}
			fmt.Fprintf(&b, "\t%s)\n\t\t_arguments", pattern)
			for _, f := range c.Flags {
				spec := dash(f.Name) + "[" + zshBracket(firstLine(f.Usage)) + "]"
				if f.Arg != "" {
					spec += ":" + f.Arg + ":_files"
				}
				b.WriteString(" \\\n\t\t\t" + zshQuote(spec))
			}
			if len(c.Subs) > 0 {
				var subs []string
				for _, s := range c.Subs {
					subs = append(subs, s.Path[1])
				}
				b.WriteString(" \\\n\t\t\t" + zshQuote("1:command:("+strings.Join(subs, " ")+")"))
			}
			b.WriteString(" \\\n\t\t\t'*:file:_files'\n\t\t;;\n")
		}
	}
	b.WriteString("\tesac\n}\n_ftplab \"$@\"\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeFish: one complete line per command and flag.
func writeFish(w io.Writer, docs []cmdDoc) error {
	var b strings.Builder
	b.WriteString("# fish completion for ftplab (ftplab completion fish)\ncomplete -c ftplab -f\n")
	for _, d := range docs {
		fmt.Fprintf(&b, "complete -c ftplab -n __fish_use_subcommand -a %s -d %s\n", d.Path[0], fishQuote(d.Summary))
		for _, s := range d.Subs {
			fmt.Fprintf(&b, "complete -c ftplab -n '__fish_seen_subcommand_from %s' -a %s\n", d.Path[0], s.Path[1])
		}
		for _, c := range d.all() {
			cond := "__fish_seen_subcommand_from " + c.Path[len(c.Path)-1]
			for _, f := range c.Flags {
				opt := "-l " + f.Name
				if len(f.Name) == 1 {
					opt = "-s " + f.Name
				}
				if f.Arg != "" {
					opt += " -r -F"
				}
				fmt.Fprintf(&b, "complete -c ftplab -n '%s' %s -d %s\n", cond, opt, fishQuote(firstLine(f.Usage)))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// zshQuote single-quotes s for zsh.
func zshQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// zshBracket escapes what _arguments reads in a [description].
func zshBracket(s string) string {
	return strings.NewReplacer("[", `\[`, "]", `\]`, ":", `\:`).Replace(s)
}

// fishQuote single-quotes s for fish, where \ and ' are escaped inside.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}
