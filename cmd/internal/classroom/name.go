package classroom

import (
	"fmt"
	"strings"
	"unicode"
)

// maxName is the longest student name kept, in runes.
const maxName = 24

// StudentName turns an SSH user name into the name shown on the teacher's
// screen and used as the student's directory: letters, digits and "-_."
// only (anything else dropped, spaces become "_"), no leading "." or "-",
// at most maxName runes. It fails when nothing is left.
func StudentName(user string) (string, error) {
	var b strings.Builder
	n := 0
	for _, r := range user {
		if n == maxName {
			break
		}
		switch {
		case r == ' ':
			r = '_'
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.':
		default:
			continue
		}
		if b.Len() == 0 && (r == '.' || r == '-') {
			continue
		}
		b.WriteRune(r)
		n++
	}
	if b.Len() == 0 {
		return "", fmt.Errorf("student name %q has no letters or digits: log in as ssh NAME@host", user)
	}
	return b.String(), nil
}
