package main

import (
	"bytes"
	"context"
	"regexp"
	"sort"
	"strings"
)

// A cmdDoc describes one subcommand for completion and the man page. It
// is read from the subcommand itself: run with -h, every subcommand's
// flag.FlagSet prints its flags with PrintDefaults, so the flags are
// defined once, where they are parsed, and nothing here can drift.
type cmdDoc struct {
	Path    []string // "serve", or "lessons", "list"
	Summary string
	Flags   []flagDoc
	Subs    []cmdDoc // lessons list, lessons check
}

// A flagDoc is one flag as PrintDefaults shows it.
type flagDoc struct {
	Name    string
	Arg     string // the value's name ("string", "DIR"); "" for a boolean
	Usage   string
	Default string // "" when it is the zero value
}

// subcommands lists the commands whose first argument is a command of
// their own; each is probed as "NAME SUB -h".
var subcommands = map[string][]string{"lessons": {"list", "check"}, "ruleset": {"check"}}

// commandDocs probes every subcommand, sorted by name.
func commandDocs(cmds map[string]command) []cmdDoc {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	// A cancelled context: -h must not start anything, and if a command
	// ever did, it stops at once.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var docs []cmdDoc
	for _, n := range names {
		d := cmdDoc{Path: []string{n}, Summary: cmds[n].summary, Flags: probeFlags(ctx, cmds[n], "-h")}
		for _, sub := range subcommands[n] {
			d.Subs = append(d.Subs, cmdDoc{Path: []string{n, sub}, Flags: probeFlags(ctx, cmds[n], sub, "-h")})
		}
		docs = append(docs, d)
	}
	return docs
}

// probeFlags runs c with args (ending in -h) and reads the flags from
// what it prints.
func probeFlags(ctx context.Context, c command, args ...string) []flagDoc {
	var out bytes.Buffer
	_ = c.run(ctx, args, &out, &out) // flag.ErrHelp, or a usage error
	return parseDefaults(out.String())
}

var defaultSuffix = regexp.MustCompile(` \(default (.*)\)$`)

// parseDefaults reads the output of flag.FlagSet.PrintDefaults:
//
//	-addr string
//	  	address to listen on (default "127.0.0.1:2121")
//	-o FILE	write to FILE
//
// Other lines (a usage line before the flags) are skipped.
func parseDefaults(s string) []flagDoc {
	var flags []flagDoc
	for _, line := range strings.Split(s, "\n") {
		switch {
		case strings.HasPrefix(line, "  -") && !strings.HasPrefix(line, "  --"):
			head, usage, _ := strings.Cut(line[3:], "\t")
			name, arg, _ := strings.Cut(head, " ")
			flags = append(flags, flagDoc{Name: name, Arg: arg, Usage: usage})
		case strings.HasPrefix(line, "    \t") && len(flags) > 0:
			f := &flags[len(flags)-1]
			f.Usage = strings.TrimPrefix(f.Usage+"\n"+line[5:], "\n")
		}
	}
	for i := range flags {
		if m := defaultSuffix.FindStringSubmatchIndex(flags[i].Usage); m != nil {
			flags[i].Default = flags[i].Usage[m[2]:m[3]]
			flags[i].Usage = flags[i].Usage[:m[0]]
		}
	}
	return flags
}

// all returns d and its subcommands, each with flags or none.
func (d cmdDoc) all() []cmdDoc { return append([]cmdDoc{d}, d.Subs...) }

// specificFirst returns d's subcommands, then d: the order of a shell's
// case patterns, where the first match wins.
func (d cmdDoc) specificFirst() []cmdDoc { return append(append([]cmdDoc{}, d.Subs...), d) }

// dash is how a flag is written: -o for one letter, --name otherwise (the
// flag package takes either).
func dash(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}
