package ftpd

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRepliesUseWireConstants keeps every reply code of the server in
// realnet/wire's named constants: no handler answers a bare number.
func TestRepliesUseWireConstants(t *testing.T) {
	bare := regexp.MustCompile(`(reply|FormatReply)\(\s*[0-9]`)
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if bare.MatchString(line) {
				t.Errorf("%s:%d: a reply code without a wire constant: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
