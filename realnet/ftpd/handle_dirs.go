package ftpd

import (
	"bufio"
	"io/fs"
	"net"
	"path"
	"slices"
	"strings"
	"time"

	"ftplab/realnet/wire"
)

func (s *session) handleCWD(arg string) {
	v, name := s.resolve(arg)
	fi, err := s.stat(name)
	if err == nil && !fi.IsDir() {
		err = errNotDir
	}
	if err != nil {
		s.replyErr("CWD", err)
		return
	}
	s.cwd = v
	s.reply(wire.CodeFileActionOK, "Directory successfully changed.")
}

func (s *session) handleCDUP(string) { s.handleCWD("..") }

func (s *session) handlePWD(string) {
	s.reply(wire.CodePathCreated, quotePath(s.cwd)+" is the current directory.")
}

func (s *session) handleMKD(arg string) {
	if !s.canWrite() {
		return
	}
	v, name := s.resolve(arg)
	if err := s.srv.root.Mkdir(name, 0o755); err != nil {
		s.replyErr("MKD", err)
		return
	}
	s.log.Info("mkdir", "path", name)
	s.reply(wire.CodePathCreated, quotePath(v)+" created.")
}

func (s *session) handleRMD(arg string) {
	if !s.canWrite() {
		return
	}
	_, name := s.resolve(arg)
	fi, err := s.srv.root.Lstat(name)
	switch {
	case err != nil:
	case name == ".":
		err = errWriteDenied // the root itself stays
	case !fi.IsDir():
		err = errNotDir
	default:
		err = s.srv.root.Remove(name)
	}
	if err != nil {
		s.replyErr("RMD", err)
		return
	}
	s.log.Info("rmdir", "path", name)
	s.reply(wire.CodeFileActionOK, "Remove directory operation successful.")
}

// entry is one line of a listing.
type entry struct {
	name string
	info fs.FileInfo
}

// listEntries returns what a listing of arg shows: a directory's entries,
// a single file, or the entries matching a pattern in the last element
// ("*.txt"). isDir tells the first case.
func (s *session) listEntries(arg string) (entries []entry, isDir bool, err error) {
	_, name := s.resolve(arg)
	fi, err := s.stat(name)
	switch {
	case err == nil && fi.IsDir():
		entries, err := s.readDir(name)
		return entries, true, err
	case err == nil:
		return []entry{{arg, fi}}, false, nil
	case hasGlob(name):
		all, derr := s.readDir(path.Dir(name))
		if derr != nil {
			return nil, false, err
		}
		pattern := path.Base(name)
		prefix := strings.TrimSuffix(arg, path.Base(arg))
		for _, e := range all {
			if ok, _ := path.Match(pattern, e.name); ok {
				entries = append(entries, entry{prefix + e.name, e.info})
			}
		}
		if len(entries) == 0 {
			return nil, false, err
		}
		return entries, false, nil
	default:
		return nil, false, err
	}
}

// readDir lists a directory, sorted by name. A symlink is shown as what
// it points to when that is inside the root; a symlink that leads out of
// the root, or nowhere, is left out.
func (s *session) readDir(name string) ([]entry, error) {
	d, err := s.srv.root.Open(name)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	des, err := d.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	out := make([]entry, 0, len(des))
	for _, de := range des {
		if strings.HasPrefix(de.Name(), uploadPrefix) {
			continue
		}
		p := path.Join(name, de.Name())
		fi, err := s.srv.root.Lstat(p)
		if err != nil {
			continue
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			if fi, err = s.srv.root.Stat(p); err != nil {
				continue
			}
		}
		out = append(out, entry{de.Name(), fi})
	}
	slices.SortFunc(out, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	return out, nil
}

// handleLIST sends an "ls -l" listing over a data connection.
func (s *session) handleLIST(arg string) {
	s.sendListing("LIST", listArg(arg), func(e entry, now time.Time) string { return listLine(e.info, e.name, now) })
}

// handleNLST sends names only, one per line (RFC 959 §4.1.3).
func (s *session) handleNLST(arg string) {
	s.sendListing("NLST", listArg(arg), func(e entry, _ time.Time) string { return e.name })
}

func (s *session) sendListing(verb, arg string, format func(entry, time.Time) string) {
	if !s.needData() {
		return
	}
	entries, _, err := s.listEntries(arg)
	if err != nil {
		s.setData(nil)
		s.replyErr(verb, err)
		return
	}
	v, _ := s.resolve(arg)
	s.startTransfer(job{
		verb:    verb,
		path:    v,
		opening: "Here comes the directory listing.",
		run: func(x *transfer, conn net.Conn) (int64, error) {
			now := time.Now()
			return writeLines(conn, s.srv.cfg.DataTimeout, len(entries), func(i int) string { return format(entries[i], now) })
		},
	})
}

// writeLines writes n lines, each ended by CR LF as listings always are.
func writeLines(conn net.Conn, timeout time.Duration, n int, line func(int) string) (int64, error) {
	cw := &countingWriter{w: deadlineWriter{conn, timeout}}
	bw := bufio.NewWriterSize(cw, 4096)
	for i := 0; i < n; i++ {
		bw.WriteString(line(i))
		if _, err := bw.WriteString("\r\n"); err != nil {
			return cw.n, err
		}
	}
	err := bw.Flush()
	return cw.n, err
}

type countingWriter struct {
	w interface{ Write([]byte) (int, error) }
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// handleMLSD sends a machine-readable listing of a directory (RFC 3659
// §7), starting with the directory itself (type=cdir).
func (s *session) handleMLSD(arg string) {
	if !s.needData() {
		return
	}
	v, name := s.resolve(arg)
	fi, err := s.stat(name)
	if err != nil {
		s.setData(nil)
		s.replyErr("MLSD", err)
		return
	}
	if !fi.IsDir() {
		s.setData(nil)
		s.reply(wire.CodeBadArguments, "MLSD needs a directory; use MLST for a file.")
		return
	}
	entries, err := s.readDir(name)
	if err != nil {
		s.setData(nil)
		s.replyErr("MLSD", err)
		return
	}
	entries = append([]entry{{".", fi}}, entries...)
	facts, write := s.params.facts, s.srv.cfg.Write
	s.startTransfer(job{
		verb:    "MLSD",
		path:    v,
		opening: "Here comes the directory listing.",
		run: func(x *transfer, conn net.Conn) (int64, error) {
			return writeLines(conn, s.srv.cfg.DataTimeout, len(entries), func(i int) string {
				kind := ""
				if i == 0 {
					kind = "cdir"
				}
				return factLine(entries[i].info, entries[i].name, kind, facts, write)
			})
		},
	})
}

// handleMLST describes one file or directory on the control connection
// (RFC 3659 §7):
//
//	250-Listing /pub
//	 type=dir;modify=20240102150405;perm=el; /pub
//	250 End.
func (s *session) handleMLST(arg string) {
	v, name := s.resolve(arg)
	fi, err := s.stat(name)
	if err != nil {
		s.replyErr("MLST", err)
		return
	}
	line := factLine(fi, v, "", s.params.facts, s.srv.cfg.Write)
	s.reply(wire.CodeFileActionOK, "Listing "+v+"\n "+line+"\nEnd.")
}
