package lessons

import (
	"bytes"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// yamlError reports a YAML syntax error at its line in the file: the YAML
// starts on line 2, after the opening ---. yaml.v3 often names the line
// where the construct began, or the one before, so the line is taken as the
// shortest prefix of the front matter that fails with the same message.
func (l *Lesson) yamlError(err error, raw []byte) {
	msg := err.Error()
	for _, m := range strings.Split(msg, "\n") {
		m = strings.TrimSpace(m)
		if sm := yamlLine.FindStringSubmatch(m); sm != nil {
			n, _ := strconv.Atoi(sm[1])
			l.problem(failingLine(raw, sm[2], n)+1, "front matter: "+sm[2])
			continue
		}
		if m != "" {
			l.problem(1, "front matter: "+strings.TrimPrefix(m, "yaml: "))
		}
	}
}

// failingLine returns the first line (from 1), at or after the line yaml.v3
// names less one, at which the YAML text cut after that line fails with the
// message msg; reported if none does.
//
// Each probe parses a prefix, so probes are few: the answer is almost
// always the reported line or the next, and a prefix that ends inside the
// failing construct fails the same way as the whole, so the search gallops
// forward from the reported line and then halves. Probing every line from
// the top made a 220 KB file with an error near its end take minutes.
func failingLine(raw []byte, msg string, reported int) int {
	var ends []int // ends[i] is the offset just after line i+1
	for off := 0; off < len(raw); {
		ln, _, _ := bytes.Cut(raw[off:], []byte("\n"))
		off = min(off+len(ln)+1, len(raw))
		ends = append(ends, off)
	}
	fails := func(n int) bool {
		var node yaml.Node
		err := yaml.Unmarshal(raw[:ends[n-1]], &node)
		return err != nil && strings.HasSuffix(err.Error(), ": "+msg)
	}
	lo := max(1, reported-1)
	if lo > len(ends) {
		return reported
	}
	if fails(lo) {
		return lo
	}
	// fails(lo) is false; find hi with fails(hi) true.
	hi := 0
	for step := 1; hi == 0; step *= 2 {
		n := min(lo+step, len(ends))
		if fails(n) {
			hi = n
		} else if n == len(ends) {
			return reported
		} else {
			lo = n
		}
	}
	for lo+1 < hi { // fails(lo) false, fails(hi) true
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}
