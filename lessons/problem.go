package lessons

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong in a lesson file, at a line of that file
// (front matter included, counted from 1), or, with Line 0, the file as a
// whole (it could not be read).
type Problem struct {
	File string
	Line int
	Msg  string
}

// String formats the problem as file:line: what is wrong, or file: what is
// wrong when it is about the whole file.
func (p Problem) String() string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
}

// Problems is a list of problems; as an error it prints one per line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
