package ftpd

import (
	"bufio"
	"iter"
	"net"
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
	l, err := s.listEntries(arg)
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
			return writeLines(conn, s.srv.cfg.DataTimeout, func(yield func(string) bool) {
				for e := range s.entries(l) {
					if !yield(format(e, now)) {
						return
					}
				}
			})
		},
	})
}

// writeLines writes the lines, each ended by CR LF as listings always
// are, through a small buffer: a listing is never held whole.
func writeLines(conn net.Conn, timeout time.Duration, lines iter.Seq[string]) (int64, error) {
	cw := &countingWriter{w: deadlineWriter{conn, timeout}}
	bw := bufio.NewWriterSize(cw, 4096)
	var err error
	for l := range lines {
		bw.WriteString(l)
		if _, err = bw.WriteString("\r\n"); err != nil {
			return cw.n, err
		}
	}
	err = bw.Flush()
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
	names, err := s.readNames(name, "")
	if err != nil {
		s.setData(nil)
		s.replyErr("MLSD", err)
		return
	}
	l := listing{dir: name, names: names}
	facts, write := s.params.facts, s.srv.cfg.Write
	s.startTransfer(job{
		verb:    "MLSD",
		path:    v,
		opening: "Here comes the directory listing.",
		run: func(x *transfer, conn net.Conn) (int64, error) {
			return writeLines(conn, s.srv.cfg.DataTimeout, func(yield func(string) bool) {
				if !yield(factLine(fi, ".", "cdir", facts, write)) {
					return
				}
				for e := range s.entries(l) {
					if !yield(factLine(e.info, e.name, "", facts, write)) {
						return
					}
				}
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
