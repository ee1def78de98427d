package ftpd

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path"
	"strconv"
	"strings"

	"ftplab/realnet/wire"
)

// handleRETR sends a file, from the REST offset if one was given. The
// file is opened before any data connection, so a missing file is a
// plain 550.
func (s *session) handleRETR(arg string) {
	if !s.needData() {
		return
	}
	v, name := s.resolve(arg)
	f, err := s.srv.root.Open(name)
	if err != nil {
		s.setData(nil)
		s.replyErr("RETR", err)
		return
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = errNotRegular
	}
	if err == nil && s.params.rest > fi.Size() {
		f.Close()
		s.setData(nil)
		s.reply(wire.CodeBadRestart, "Restart offset beyond the end of the file.")
		return
	}
	if err == nil && s.params.rest > 0 {
		_, err = f.Seek(s.params.rest, io.SeekStart)
	}
	if err != nil {
		f.Close()
		s.setData(nil)
		s.replyErr("RETR", err)
		return
	}
	ascii := s.params.ascii
	opening := fmt.Sprintf("Opening BINARY mode data connection for %s (%d bytes).", path.Base(v), fi.Size())
	if ascii {
		opening = fmt.Sprintf("Opening ASCII mode data connection for %s.", path.Base(v))
	}
	s.startTransfer(job{
		verb:    "RETR",
		path:    v,
		opening: opening,
		run: func(x *transfer, conn net.Conn) (int64, error) {
			if ascii {
				return s.sendASCII(x, conn, f)
			}
			return s.sendFile(x, conn, f)
		},
		release: func() { f.Close() },
	})
}

// handleSTOR stores a file; see upload.
func (s *session) handleSTOR(arg string) {
	if !s.canWrite() || !s.needData() {
		return
	}
	v, name := s.resolve(arg)
	s.upload("STOR", v, name, false, "")
}

// handleAPPE appends to a file, creating it if needed.
func (s *session) handleAPPE(arg string) {
	if !s.canWrite() || !s.needData() {
		return
	}
	v, name := s.resolve(arg)
	s.upload("APPE", v, name, true, "")
}

// handleSTOU stores under a name no file has: the argument (or "file")
// itself if free, else with ".1", ".2"… appended. The name is reserved at
// once with an empty file and announced in the 150 reply as "FILE: name"
// (RFC 1123 §4.1.2.9).
func (s *session) handleSTOU(arg string) {
	if !s.canWrite() || !s.needData() {
		return
	}
	base := strings.TrimSpace(arg)
	if base == "" {
		base = "file"
	}
	v, name := s.resolve(base)
	var err error
	for i := 0; i < 100; i++ {
		cv, cn := v, name
		if i > 0 {
			cv, cn = fmt.Sprintf("%s.%d", v, i), fmt.Sprintf("%s.%d", name, i)
		}
		var f *os.File
		f, err = s.srv.root.OpenFile(cn, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			f.Close()
			s.upload("STOU", cv, cn, false, cn)
			return
		}
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	s.setData(nil)
	s.replyCreateErr("STOU", err)
}

// upload receives a file into a temporary file in the target's directory
// and, only when the whole file has arrived, renames it onto the target
// (STOR, STOU) or appends it to the target (APPE, see appendFile), so an
// aborted or failed upload never leaves a truncated file or a partial
// append under the target's name. REST+STOR first copies the part of the
// target it keeps into the temporary file, which copy_file_range makes
// cheap. reserved is the empty file STOU created, removed if the upload
// fails.
func (s *session) upload(verb, v, name string, appendMode bool, reserved string) {
	fail := func(err error) {
		s.setData(nil)
		if reserved != "" {
			s.srv.root.Remove(reserved)
		}
		s.replyCreateErr(verb, err)
	}
	if name == "." {
		fail(errIsDir)
		return
	}
	keep := s.params.rest
	fi, err := s.srv.root.Stat(name)
	switch {
	case err == nil && !fi.Mode().IsRegular():
		fail(errNotRegular)
		return
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		fail(err)
		return
	case appendMode:
		keep = 0
	}
	if keep > 0 && (err != nil || keep > fi.Size()) {
		s.setData(nil)
		s.reply(wire.CodeBadRestart, "Restart offset beyond the end of the file.")
		return
	}
	tmp, tmpName, err := s.createTemp(name)
	if err != nil {
		fail(err)
		return
	}
	if fi != nil {
		tmp.Chmod(fi.Mode().Perm())
	}
	u := &pendingUpload{s: s, tmp: tmp, tmpName: tmpName, name: name, keep: keep,
		appendMode: appendMode, ascii: s.params.ascii, reserved: reserved}
	s.startTransfer(job{
		verb:    verb,
		path:    v,
		opening: s.uploadOpening(verb, name),
		run:     u.run,
		release: u.release,
	})
}

// pendingUpload is an upload between its 150 and its final reply.
type pendingUpload struct {
	s          *session
	tmp        *os.File
	tmpName    string
	name       string // the target
	keep       int64  // REST+STOR: bytes of the target kept before the upload
	appendMode bool
	ascii      bool
	reserved   string // STOU's placeholder
	committed  bool
}

// run receives the data into the temporary file and commits it.
func (u *pendingUpload) run(x *transfer, conn net.Conn) (int64, error) {
	s := u.s
	if u.keep > 0 {
		if err := s.copyPrefix(u.tmp, u.name, u.keep); err != nil {
			return 0, localError{err}
		}
	}
	var n int64
	var err error
	if u.ascii {
		n, err = s.receiveASCII(x, u.tmp, conn)
	} else {
		n, err = s.receiveFile(x, u.tmp, conn)
	}
	if err != nil {
		return n, err
	}
	if x.aborted.Load() {
		return n, errAborted
	}
	if u.appendMode {
		if err := s.srv.appendFile(u.name, u.tmp); err != nil {
			return n, localError{err}
		}
		u.committed = true
		return n, nil
	}
	if s.srv.cfg.SyncUploads {
		if err := u.tmp.Sync(); err != nil {
			return n, localError{err}
		}
	}
	if err := u.tmp.Close(); err != nil {
		return n, localError{err}
	}
	if err := s.srv.root.Rename(u.tmpName, u.name); err != nil {
		return n, localError{err}
	}
	u.committed = true
	return n, nil
}

// release removes the temporary file (after an append, or when the
// upload failed) and STOU's placeholder when the upload failed.
func (u *pendingUpload) release() {
	u.tmp.Close()
	if !u.committed || u.appendMode {
		u.s.srv.root.Remove(u.tmpName)
	}
	if !u.committed && u.reserved != "" {
		u.s.srv.root.Remove(u.reserved)
	}
}

func (s *session) uploadOpening(verb, name string) string {
	if verb == "STOU" {
		return "FILE: " + path.Base(name)
	}
	return "Ok to send data."
}

// createTemp creates the temporary file of an upload next to name, so
// that the final rename stays within one file system. It is opened for
// reading too: an APPE reads it back into its target.
func (s *session) createTemp(name string) (*os.File, string, error) {
	dir := path.Dir(name)
	var err error
	for range 10 {
		tmpName := path.Join(dir, fmt.Sprintf(".ftplab-upload.%08x", s.srv.intn(1<<31)))
		var f *os.File
		f, err = s.srv.root.OpenFile(tmpName, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			return f, tmpName, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	return nil, "", err
}

// copyPrefix copies the first n bytes of name into tmp.
func (s *session) copyPrefix(tmp *os.File, name string, n int64) error {
	src, err := s.srv.root.Open(name)
	if err != nil {
		return err
	}
	defer src.Close()
	_, err = io.CopyN(tmp, src, n)
	return err
}

// canWrite answers 550 when the server is read-only.
func (s *session) canWrite() bool {
	if !s.srv.cfg.Write {
		s.reply(wire.CodeFileUnavailable, "Permission denied.")
		return false
	}
	return true
}

func (s *session) handleDELE(arg string) {
	if !s.canWrite() {
		return
	}
	_, name := s.resolve(arg)
	fi, err := s.srv.root.Lstat(name)
	if err == nil && fi.IsDir() {
		err = errNotRegular
	}
	if err == nil {
		err = s.srv.root.Remove(name)
	}
	if err != nil {
		s.replyErr("DELE", err)
		return
	}
	s.log.Info("delete", "path", name)
	s.reply(wire.CodeFileActionOK, "Delete operation successful.")
}

// handleRNFR names the file RNTO will rename; RNTO must come next.
func (s *session) handleRNFR(arg string) {
	if !s.canWrite() {
		return
	}
	_, name := s.resolve(arg)
	if _, err := s.srv.root.Lstat(name); err != nil {
		s.renameFrom = ""
		s.replyErr("RNFR", err)
		return
	}
	s.renameFrom = name
	s.reply(wire.CodePendingInfo, "Ready for RNTO.")
}

func (s *session) handleRNTO(arg string) {
	from := s.renameFrom
	s.renameFrom = ""
	if s.lastVerb != "RNFR" || from == "" {
		s.reply(wire.CodeBadSequence, "RNFR required first.")
		return
	}
	if !s.canWrite() {
		return
	}
	_, to := s.resolve(arg)
	if from == "." || to == "." {
		s.replyErr("RNTO", errNotRegular)
		return
	}
	if err := s.srv.root.Rename(from, to); err != nil {
		s.replyErr("RNTO", err)
		return
	}
	s.log.Info("rename", "from", from, "to", to)
	s.reply(wire.CodeFileActionOK, "Rename successful.")
}

// handleSIZE gives a file's size in bytes (RFC 3659 §4). In TYPE A it
// still gives the size on disk, as vsftpd does.
func (s *session) handleSIZE(arg string) {
	_, name := s.resolve(arg)
	fi, err := s.stat(name)
	if err == nil && !fi.Mode().IsRegular() {
		err = errNotRegular
	}
	if err != nil {
		s.replyErr("SIZE", err)
		return
	}
	s.reply(wire.CodeFileStatus, strconv.FormatInt(fi.Size(), 10))
}

// handleMDTM gives a file's modification time as YYYYMMDDHHMMSS in UTC
// (RFC 3659 §3).
func (s *session) handleMDTM(arg string) {
	_, name := s.resolve(arg)
	fi, err := s.stat(name)
	if err == nil && !fi.Mode().IsRegular() {
		err = errNotRegular
	}
	if err != nil {
		s.replyErr("MDTM", err)
		return
	}
	s.reply(wire.CodeFileStatus, fi.ModTime().UTC().Format("20060102150405"))
}

// handleREST sets the offset of the next RETR or STOR (RFC 3659 §5, REST
// STREAM). The offset counts bytes of the file, in TYPE A too.
func (s *session) handleREST(arg string) {
	n, err := strconv.ParseInt(strings.TrimSpace(arg), 10, 64)
	if err != nil || n < 0 {
		s.reply(wire.CodeBadArguments, "REST needs a byte offset.")
		return
	}
	s.params.rest = n
	s.reply(wire.CodePendingInfo, fmt.Sprintf("Restart position accepted (%d).", n))
}

// handleALLO: no space needs reserving (RFC 959 allows 202).
func (s *session) handleALLO(string) {
	s.reply(wire.CodeNotImplementedOK, "ALLO command ignored.")
}
