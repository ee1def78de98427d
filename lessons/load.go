package lessons

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Load reads every lesson (*.md, except README.md) at the top of fsys: the
// embedded lessons (fs.Sub(assets.Lessons, "lessons")) or a teacher's
// folder (os.DirFS(dir)). A broken lesson does not stop the others: it is
// returned with its Problems. The error is only for a folder that cannot be
// listed. Only regular files of at most MaxLessonSize bytes are read (see
// readLesson). Lessons are sorted by order, then file name.
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
		src, err := readLesson(fsys, name)
		if err != nil {
			l := &Lesson{File: name}
			l.problem(0, err.Error())
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

// MaxLessonSize is the largest lesson file Load reads: the longest shipped
// lesson is a few kilobytes, and a bigger file is a mistake, not a lesson.
const MaxLessonSize = 1 << 20

// readLesson reads one lesson file, refusing what is not a regular file
// (after symlinks) or is bigger than MaxLessonSize. The file's mode is
// checked before it is opened: opening a FIFO blocks until a writer comes,
// and reading /dev/zero never ends. The read is capped too, for a file
// that grows between the check and the read.
func readLesson(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%s): a lesson is a plain .md file", fileKind(info.Mode()))
	}
	if info.Size() > MaxLessonSize {
		return nil, fmt.Errorf("%d bytes: a lesson may have at most %d (1 MiB)", info.Size(), MaxLessonSize)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxLessonSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	if len(src) > MaxLessonSize {
		return nil, fmt.Errorf("more than %d bytes: a lesson may have at most 1 MiB", MaxLessonSize)
	}
	return src, nil
}

// fileKind names a non-regular file's type for an error message.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "mode " + m.String()
}
