package sim

import (
	"fmt"
	"strings"
)

// LineError is one problem in a text sim reads (an nftables ruleset, a
// scenario file), at a line and column (1-based; column in bytes).
type LineError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *LineError) Error() string {
	if e.Col > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// LineErrors is every problem found in one text, in order.
type LineErrors []*LineError

func (l LineErrors) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}
