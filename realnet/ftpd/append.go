package ftpd

import (
	"hash/fnv"
	"io"
	"os"
	"sync"
)

// appendLocks serialize the appends of this server to one file, so that
// two APPEs to the same name land one after the other, each whole,
// rather than interleaved. Names hash onto a fixed set of locks: two
// names may share one, which costs only a wait.
type appendLocks [64]sync.Mutex

func (l *appendLocks) forName(name string) *sync.Mutex {
	h := fnv.New32a()
	h.Write([]byte(name))
	return &l[h.Sum32()%uint32(len(l))]
}

// appendFile appends the whole of tmp (a received upload) to name,
// creating it if needed. The target is opened with O_APPEND, so bytes
// another writer (another server, a local program) appends in the
// meantime are never overwritten; under the name's lock no APPE of this
// server interleaves. When the copy fails half way (a full disk), the
// target is cut back to its size before the append, so a failed APPE
// adds nothing. It returns only when the bytes are in the file: the 226
// that follows means they are kept.
func (s *Server) appendFile(name string, tmp *os.File) error {
	mu := s.appends.forName(name)
	mu.Lock()
	defer mu.Unlock()
	dst, err := s.root.OpenFile(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	fi, err := dst.Stat()
	if err != nil {
		dst.Close()
		return err
	}
	if !fi.Mode().IsRegular() {
		dst.Close()
		return errNotRegular
	}
	before := fi.Size()
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		dst.Close()
		return err
	}
	// The plain writer hides File.ReadFrom: copy_file_range refuses an
	// O_APPEND target.
	_, err = io.Copy(struct{ io.Writer }{dst}, tmp)
	if err == nil && s.cfg.SyncUploads {
		err = dst.Sync()
	}
	if err != nil {
		dst.Truncate(before)
		dst.Close()
		return err
	}
	return dst.Close()
}
