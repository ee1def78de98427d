package lessons

import (
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Load reads every lesson (*.md, except README.md) at the top of fsys: the
// embedded lessons (fs.Sub(assets.Lessons, "lessons")) or a teacher's
// folder (os.DirFS(dir)). A broken lesson does not stop the others: it is
// returned with its Problems. The error is only for a folder that cannot be
// listed. Lessons are sorted by order, then file name.
func Load(fsys fs.FS) ([]*Lesson, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var out []*Lesson
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".md" || strings.EqualFold(name, "README.md") {
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			l := &Lesson{File: name}
			l.problem(1, "cannot read: "+err.Error())
			out = append(out, l)
			continue
		}
		out = append(out, Parse(name, src))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Order != out[j].Order {
			return out[i].Order < out[j].Order
		}
		return out[i].File < out[j].File
	})
	return out, nil
}
