package ftpd

import (
	"io"
	"io/fs"
	"iter"
	"path"
	"slices"
	"strings"
)

// entry is one line of a listing.
type entry struct {
	name string
	info fs.FileInfo
}

// listing is what a LIST, NLST, MLSD or STAT shows: the sorted names of
// a directory's entries, or one file. Only names are held; each entry is
// looked up when its line is written (entries), so 100,000 files cost a
// few MB per listing, not their FileInfos and lines.
type listing struct {
	dir    string   // the os.Root name of the directory of names
	prefix string   // shown before each name: the directory part of a pattern
	names  []string // sorted
	single *entry   // a file named by the argument itself
}

// namesBatch is how many names one getdents round reads.
const namesBatch = 1024

// listEntries resolves what a listing of arg shows: a directory's
// entries, a single file, or the entries matching a pattern in the last
// element ("*.txt").
func (s *session) listEntries(arg string) (listing, error) {
	_, name := s.resolve(arg)
	fi, err := s.stat(name)
	switch {
	case err == nil && fi.IsDir():
		names, err := s.readNames(name, "")
		return listing{dir: name, names: names}, err
	case err == nil:
		return listing{single: &entry{arg, fi}}, nil
	case hasGlob(name):
		names, derr := s.readNames(path.Dir(name), path.Base(name))
		if derr != nil || len(names) == 0 {
			return listing{}, err
		}
		return listing{dir: path.Dir(name), prefix: strings.TrimSuffix(arg, path.Base(arg)), names: names}, nil
	default:
		return listing{}, err
	}
}

// readNames reads the names in directory name, sorted, without the
// temporary files of uploads; with a pattern, only the names it matches.
func (s *session) readNames(name, pattern string) ([]string, error) {
	d, err := s.srv.root.Open(name)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	var names []string
	for {
		batch, err := d.Readdirnames(namesBatch)
		for _, n := range batch {
			if strings.HasPrefix(n, uploadPrefix) {
				continue
			}
			if ok, _ := path.Match(pattern, n); pattern != "" && !ok {
				continue
			}
			names = append(names, n)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	slices.Sort(names)
	return names, nil
}

// entries yields the listing's entries in order. A symlink is shown as
// what it points to when that is inside the root; a symlink that leads
// out of the root, or nowhere, and a name gone since it was read, are
// left out.
func (s *session) entries(l listing) iter.Seq[entry] {
	return func(yield func(entry) bool) {
		if l.single != nil {
			yield(*l.single)
			return
		}
		for _, n := range l.names {
			p := path.Join(l.dir, n)
			fi, err := s.srv.root.Lstat(p)
			if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
				fi, err = s.srv.root.Stat(p)
			}
			if err != nil {
				continue
			}
			if !yield(entry{l.prefix + n, fi}) {
				return
			}
		}
	}
}
