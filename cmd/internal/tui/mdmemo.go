package tui

import (
	"sync"

	"ftplab/cmd/internal/tui/markdown"
)

// mdMemo keeps the Markdown a theme has rendered, by source. The lesson
// pane renders every section up to the current one on every step; in a
// class of sixty, goldmark parsing the same sections again was a tenth
// of the server's work per frame.
type mdMemo struct {
	mu sync.Mutex
	m  map[string]string
}

// mdMemoMax bounds the sections kept; past it the memo starts over.
const mdMemoMax = 512

func newMDMemo() *mdMemo { return &mdMemo{m: map[string]string{}} }

// markdown is src rendered in the theme's Markdown styles.
func (t Theme) markdown(src []byte) string {
	if t.md == nil {
		return markdown.Render(src, t.Markdown)
	}
	t.md.mu.Lock()
	defer t.md.mu.Unlock()
	if s, ok := t.md.m[string(src)]; ok {
		return s
	}
	s := markdown.Render(src, t.Markdown)
	if len(t.md.m) >= mdMemoMax {
		clear(t.md.m)
	}
	t.md.m[string(src)] = s
	return s
}
