package sim

import (
	"fmt"
	"strings"
)

// fmEntry is one "key: value" of a front matter, or a section ("key:"
// followed by indented entries), with the line it is on.
type fmEntry struct {
	key    string
	value  string   // a scalar, unquoted; "" for a section
	list   []string // a flow list [a, b]
	isList bool
	sub    []fmEntry // a section's entries
	line   int
}

// parseFrontMatter reads the small YAML subset scenario files use:
// "key: value" lines, one level of sections ("key:" then entries indented
// by spaces), scalars plain or quoted, flow lists "[a, b]" and "#"
// comments. first is the file line of lines[0].
func parseFrontMatter(file string, first int, lines []string) ([]fmEntry, LineErrors) {
	var out []fmEntry
	var errs LineErrors
	bad := func(n int, format string, a ...any) {
		errs = append(errs, &LineError{File: file, Line: n, Msg: fmt.Sprintf(format, a...)})
	}
	for i, raw := range lines {
		n := first + i
		l := stripYAMLComment(raw)
		if strings.TrimSpace(l) == "" {
			continue
		}
		if strings.Contains(l, "\t") {
			bad(n, "front matter: indent with spaces, not tabs")
			continue
		}
		indented := l[0] == ' '
		key, val, ok := strings.Cut(strings.TrimSpace(l), ":")
		if !ok || key == "" || strings.ContainsAny(key, " \"'") {
			bad(n, "front matter: want key: value, found %q", strings.TrimSpace(raw))
			continue
		}
		e := fmEntry{key: key, line: n}
		if err := e.setValue(strings.TrimSpace(val)); err != nil {
			bad(n, "front matter: %s: %v", key, err)
			continue
		}
		switch {
		case !indented:
			out = append(out, e)
		case len(out) == 0 || out[len(out)-1].value != "" || out[len(out)-1].isList:
			bad(n, "front matter: %s is indented but not inside a section", key)
		case e.value == "" && !e.isList:
			bad(n, "front matter: %s: sections do not nest", key)
		default:
			out[len(out)-1].sub = append(out[len(out)-1].sub, e)
		}
	}
	return out, errs
}

// setValue parses a scalar, a quoted string or a flow list.
func (e *fmEntry) setValue(v string) error {
	if strings.HasPrefix(v, "[") {
		if !strings.HasSuffix(v, "]") {
			return fmt.Errorf("list %s not closed with ]", v)
		}
		e.isList = true
		for _, it := range strings.Split(v[1:len(v)-1], ",") {
			s, err := yamlScalar(strings.TrimSpace(it))
			if err != nil {
				return err
			}
			if s != "" {
				e.list = append(e.list, s)
			}
		}
		return nil
	}
	s, err := yamlScalar(v)
	e.value = s
	return err
}

// yamlScalar unquotes a scalar; a plain one may not hold ": " (YAML would
// read a map), so that the file stays valid YAML.
func yamlScalar(v string) (string, error) {
	if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"') {
		return strings.ReplaceAll(strings.ReplaceAll(v[1:len(v)-1], `\"`, `"`), `\\`, `\`), nil
	}
	if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'"), nil
	}
	if strings.HasPrefix(v, "\"") || strings.HasPrefix(v, "'") {
		return "", fmt.Errorf("quote %s not closed", v[:1])
	}
	if strings.Contains(v, ": ") {
		return "", fmt.Errorf("%q holds \": \": put it in quotes", v)
	}
	return v, nil
}

// stripYAMLComment removes a "#" comment (at the start or after a space,
// outside quotes).
func stripYAMLComment(l string) string {
	var quote byte
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case (c == '"' || c == '\'') && (i == 0 || strings.IndexByte(" [,:", l[i-1]) >= 0):
			quote = c
		case c == '#' && (i == 0 || l[i-1] == ' '):
			return l[:i]
		}
	}
	return l
}
