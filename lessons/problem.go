package lessons

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong in a lesson file, at a line of that file
// (front matter included, counted from 1).
type Problem struct {
	File string
	Line int
	Msg  string
}

// String formats the problem as file:line: what is wrong.
func (p Problem) String() string {
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
