package ftpd

import (
	"io/fs"
	"strings"
	"time"
)

// uploadPrefix starts the names of the temporary files of uploads in
// progress. No client reaches them: listings hide them and resolve maps
// any path through such a name to reservedName.
const uploadPrefix = ".ftplab-upload."

// reservedName is what resolve gives for a path through an upload's
// temporary name. os.Root refuses a name with a NUL byte (EINVAL), so
// every operation on it fails as on any invalid name, before touching
// the disk: 550, or 553 for an upload. A client can neither create,
// open, list, rename to nor delete a temporary file.
const reservedName = "\x00reserved"

// isReserved tells whether an element of the virtual path p starts with
// uploadPrefix.
func isReserved(p string) bool {
	for _, e := range strings.Split(p, "/") {
		if strings.HasPrefix(e, uploadPrefix) {
			return true
		}
	}
	return false
}

// maxSweepEntries bounds the walk of removeStaleTemps over a huge root.
const maxSweepEntries = 1_000_000

// removeStaleTemps removes the temporary files that uploads cut short by
// a crash (kill -9, a power cut) left in the root. Only files untouched
// for longer than the data timeout go: an upload in progress writes at
// least that often (a stall longer aborts it), so another server
// sharing the root keeps its uploads. Symlinked directories are not
// followed.
func (s *Server) removeStaleTemps() {
	cutoff := time.Now().Add(-s.cfg.DataTimeout)
	seen, removed := 0, 0
	fs.WalkDir(s.root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if seen++; seen > maxSweepEntries {
			s.cfg.Logger.Warn("stale upload sweep stopped: root too large", "entries", maxSweepEntries)
			return fs.SkipAll
		}
		if err != nil || d.IsDir() || !strings.HasPrefix(d.Name(), uploadPrefix) {
			return nil
		}
		if fi, err := d.Info(); err == nil && fi.Mode().IsRegular() && fi.ModTime().Before(cutoff) {
			if s.root.Remove(p) == nil {
				removed++
			}
		}
		return nil
	})
	if removed > 0 {
		s.cfg.Logger.Info("removed temporary files of interrupted uploads", "count", removed)
	}
}
