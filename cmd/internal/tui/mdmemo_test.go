package tui

import (
	"testing"

	"ftplab/cmd/internal/tui/markdown"
)

// TestMarkdownMemo: the theme's memo gives what rendering gives, for
// each theme, the first time and again.
func TestMarkdownMemo(t *testing.T) {
	srcs := []string{"# Title\n\nSome *text* and `code`.", "- a\n- b [link](x)", "plain [red] text", ""}
	for _, th := range []Theme{newTheme("dark", false), newTheme("projector", false), newTheme("", true)} {
		for round := range 2 {
			for _, src := range srcs {
				if got, want := th.markdown([]byte(src)), markdown.Render([]byte(src), th.Markdown); got != want {
					t.Errorf("%s, round %d, %q: got %q, want %q", th.Name, round, src, got, want)
				}
			}
		}
		if n := len(th.md.m); n != len(srcs) {
			t.Errorf("%s: %d sources kept, want %d", th.Name, n, len(srcs))
		}
	}
}
