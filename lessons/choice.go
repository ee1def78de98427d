package lessons

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ParseChoiceRef reads a choice_from value: LABEL.FIELD as for answer_from
// (ParseRef), where LABEL may also be a family such as fw.* or reply.*:
// any label of that kind. A family lets a checkpoint asked before the
// decisive event bind to whatever the run does next, e.g.
//
//	at: fw.drop
//	choice_from: fw.*.verdict   # accept, drop or reject
//
// A field alone (choice_from: failure) stands for the first event that
// has it, whatever its label.
func ParseChoiceRef(s string) (Ref, error) {
	if slices.Contains(Fields, s) {
		return Ref{Field: s}, nil
	}
	kind, rest, family := strings.Cut(s, ".*.")
	if !family {
		r, err := ParseRef(s)
		return r, choiceErr(err)
	}
	rep := representative(kind)
	if rep == "" {
		return Ref{}, fmt.Errorf("choice_from %q: no label family %s.*", s, kind)
	}
	r, err := ParseRef(rep + "." + rest)
	if err != nil {
		return Ref{}, choiceErr(err)
	}
	r.Label = kind + ".*"
	return r, nil
}

// representative returns one label of the family kind.*, or "".
func representative(kind string) string {
	switch kind {
	case "cmd":
		return "cmd.PORT"
	case "reply":
		return "reply.200"
	}
	for _, l := range Labels() {
		if strings.HasPrefix(l, kind+".") {
			return l
		}
	}
	return ""
}

func choiceErr(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(strings.Replace(err.Error(), "answer_from", "choice_from", 1))
}

// Matches reports whether an event's label is r's label, or belongs to
// r's family (fw.* matches fw.drop). A ref without a label matches any.
func (r Ref) Matches(label string) bool {
	if kind, ok := strings.CutSuffix(r.Label, ".*"); ok {
		return strings.HasPrefix(label, kind+".")
	}
	return r.Label == "" || label == r.Label
}

// reads reports whether r reads event e: e's label matches, and for a
// ref without a label, e has the field.
func (r Ref) reads(e Event) bool {
	if !r.Matches(e.Label()) {
		return false
	}
	if r.Label == "" {
		_, ok := e.Field(r.Field)
		return ok
	}
	return true
}

// MatchChoices returns the indexes of the choices that name value: the
// value, ignoring case, starts a word of the choice and is not followed by
// a digit, nor preceded by a number's dot. So "drop" names "drops it" and
// "dropped", "425" names "425: could not connect", "server" names "the
// server", and "20" does not name "port 2021" nor "10.0.0.20". A number
// is also named by a range that holds it: "above 1023" names 40002,
// "below 1024" names 20.
func MatchChoices(value string, choices []string) []int {
	v := strings.ToLower(strings.TrimSpace(value))
	if v == "" {
		return nil
	}
	var out []int
	for i, c := range choices {
		if namesValue(strings.ToLower(c), v) || inRange(strings.ToLower(c), v) {
			out = append(out, i)
		}
	}
	return out
}

// inRange reports whether choice c says "above N" or "below N" of a
// range that holds the number v.
func inRange(c, v string) bool {
	n, err := strconv.Atoi(v)
	if err != nil {
		return false
	}
	for _, w := range []string{"above ", "below "} {
		for rest := c; ; {
			_, after, ok := strings.Cut(rest, w)
			if !ok {
				break
			}
			rest = after
			end := strings.IndexFunc(after, func(r rune) bool { return r < '0' || r > '9' })
			if end < 0 {
				end = len(after)
			}
			bound, err := strconv.Atoi(after[:end])
			if err == nil && (w == "above " && n > bound || w == "below " && n < bound) {
				return true
			}
		}
	}
	return false
}

func namesValue(c, v string) bool {
	for from := 0; from < len(c); {
		i := strings.Index(c[from:], v)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(v)
		// A word starts after a non-alphanumeric, but not after the dot
		// of a number: "20" is no word of "10.0.0.20".
		startsWord := i == 0 || !isAlnum(c[i-1]) && (c[i-1] != '.' || i < 2 || !isDigit(c[i-2]))
		endsNumber := end == len(c) || !isDigit(c[end])
		if startsWord && endsNumber {
			return true
		}
		from = i + 1
	}
	return false
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func isAlnum(b byte) bool { return isDigit(b) || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
