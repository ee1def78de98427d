package lessons

import (
	"strings"
	"testing"
	"time"
)

// TestLateYAMLErrorIsLinear: a front-matter error near the end of a big
// file is found at its line in well under a second. Finding the line once
// parsed every prefix of the front matter (220 KB: 85 s).
func TestLateYAMLErrorIsLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\nid: big\ntitle: Big\norder: 1\nscenario: a\nmode: PASV\ncheckpoints:\n")
	for b.Len() < 220_000 {
		b.WriteString("  - at: data.connect\n    question: Who listens here?\n    answer: the server\n")
	}
	wantLine := strings.Count(b.String(), "\n") + 1
	body := b.String()
	b.WriteString("  - at: [unclosed\n---\n# Body\n")

	// The same file without the error is the yardstick: on a loaded
	// machine both take longer, a quadratic search thousands of times.
	start := time.Now()
	Parse("big.md", []byte(body+"---\n# Body\n"))
	clean := time.Since(start)
	start = time.Now()
	l := Parse("big.md", []byte(b.String()))
	took := time.Since(start)

	want := Problem{File: "big.md", Line: wantLine, Msg: "front matter: did not find expected ',' or ']'"}
	if len(l.Problems) != 1 || l.Problems[0] != want {
		t.Errorf("problems = %v, want [%v]", l.Problems, want)
	}
	if limit := max(time.Second, 10*clean); took > limit {
		t.Errorf("parsing a %d-byte lesson with an error on line %d took %v (%v without the error), want under %v", b.Len(), wantLine, took, clean, limit)
	}
	t.Logf("%d bytes, error on line %d: %v (%v without the error)", b.Len(), wantLine, took, clean)
}
