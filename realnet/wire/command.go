package wire

import (
	"errors"
	"fmt"
	"strings"
)

// MaxLine is the longest control line, CRLF included, that either end
// accepts. RFC 959 sets no limit; 4 KiB is far above any real command and
// bounds the memory a peer can make us hold.
const MaxLine = 4096

// Command is one control line from the client: a verb and its argument.
//
//	RETR dir/file name.txt   →  Command{Verb: "RETR", Arg: "dir/file name.txt"}
type Command struct {
	Verb string // upper case
	Arg  string // everything after the first space, as sent
}

// String formats the command as it is sent, without CRLF.
func (c Command) String() string {
	if c.Arg == "" {
		return c.Verb
	}
	return c.Verb + " " + c.Arg
}

// ErrEmptyCommand is returned for a blank line.
var ErrEmptyCommand = errors.New("empty command line")

// ParseCommand splits a control line (CRLF already removed) into its verb
// and argument. The verb is case-insensitive (RFC 959 §5.3) and made upper
// case; the argument keeps its spaces, since path names may hold them.
// A verb is 3 or 4 letters; anything else is a syntax error.
func ParseCommand(line string) (Command, error) {
	line = strings.TrimRight(line, "\r\n")
	if strings.TrimSpace(line) == "" {
		return Command{}, ErrEmptyCommand
	}
	verb, arg, _ := strings.Cut(line, " ")
	if len(verb) < 3 || len(verb) > 4 {
		return Command{}, fmt.Errorf("bad command verb %q", verb)
	}
	for i := 0; i < len(verb); i++ {
		c := verb[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return Command{}, fmt.Errorf("bad command verb %q", verb)
		}
	}
	return Command{Verb: strings.ToUpper(verb), Arg: arg}, nil
}
