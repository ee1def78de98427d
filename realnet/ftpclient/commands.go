package ftpclient

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"ftplab/realnet/wire"
)

// Cwd changes the working directory (CWD).
func (c *Conn) Cwd(dir string) error {
	_, err := c.cmd(2, "CWD "+dir)
	return err
}

// Pwd returns the working directory (PWD, 257 "dir").
func (c *Conn) Pwd() (string, error) {
	r, err := c.cmd(wire.CodePathCreated, "PWD")
	if err != nil {
		return "", err
	}
	return parse257(r.Msg)
}

// Mkdir creates a directory (MKD) and returns its path as the server
// reports it.
func (c *Conn) Mkdir(dir string) (string, error) {
	r, err := c.cmd(2, "MKD "+dir)
	if err != nil {
		return "", err
	}
	if p, err := parse257(r.Msg); err == nil {
		return p, nil
	}
	return dir, nil
}

// Rmdir removes a directory (RMD).
func (c *Conn) Rmdir(dir string) error {
	_, err := c.cmd(2, "RMD "+dir)
	return err
}

// Delete removes a file (DELE).
func (c *Conn) Delete(path string) error {
	_, err := c.cmd(2, "DELE "+path)
	return err
}

// Rename renames from to to (RNFR, answered 350, then RNTO).
func (c *Conn) Rename(from, to string) error {
	if _, err := c.cmd(wire.CodePendingInfo, "RNFR "+from); err != nil {
		return err
	}
	_, err := c.cmd(2, "RNTO "+to)
	return err
}

// Size returns the size of path in the current TYPE (SIZE, RFC 3659 §4).
func (c *Conn) Size(path string) (int64, error) {
	r, err := c.cmd(wire.CodeFileStatus, "SIZE "+path)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(strings.TrimSpace(r.Msg), 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("SIZE %s: reply %q is not a size", path, r.Msg)
	}
	return n, nil
}

// ModTime returns the modification time of path (MDTM, RFC 3659 §3), in
// UTC.
func (c *Conn) ModTime(path string) (time.Time, error) {
	r, err := c.cmd(wire.CodeFileStatus, "MDTM "+path)
	if err != nil {
		return time.Time{}, err
	}
	t, err := wire.ParseTimeVal(strings.TrimSpace(r.Msg))
	if err != nil {
		return time.Time{}, fmt.Errorf("MDTM %s: %w", path, err)
	}
	return t, nil
}

// Features returns what FEAT lists (RFC 2389): each feature's name in
// upper case, mapped to its parameters ("REST" → "STREAM").
func (c *Conn) Features() (map[string]string, error) {
	r, err := c.cmd(wire.CodeSystemStatus, "FEAT")
	if err != nil {
		return nil, err
	}
	return parseFeatures(r.Msg), nil
}

// Type sets the representation type: TYPE A (ascii) or TYPE I (binary).
// In TYPE A the client converts line ends (CRLF on the wire, LF here).
func (c *Conn) Type(ascii bool) error {
	typ := byte('I')
	if ascii {
		typ = 'A'
	}
	if _, err := c.cmd(2, "TYPE "+string(typ)); err != nil {
		return err
	}
	c.typ = typ
	return nil
}

// Noop sends NOOP, keeping the session alive.
func (c *Conn) Noop() error {
	_, err := c.cmd(2, "NOOP")
	return err
}

// parse257 extracts the path from a 257 reply: the text between the first
// quote and the matching one, a doubled quote standing for one
// (RFC 959 Appendix II).
//
//	"/dir ""quoted""" created  →  /dir "quoted"
func parse257(msg string) (string, error) {
	i := strings.IndexByte(msg, '"')
	if i < 0 {
		return "", fmt.Errorf("257 reply %q holds no quoted path", msg)
	}
	var b strings.Builder
	for j := i + 1; j < len(msg); j++ {
		if msg[j] != '"' {
			b.WriteByte(msg[j])
			continue
		}
		if j+1 < len(msg) && msg[j+1] == '"' {
			b.WriteByte('"')
			j++
			continue
		}
		return b.String(), nil
	}
	return "", fmt.Errorf("257 reply %q: the path's quote is not closed", msg)
}

// parseFeatures reads the text of a 211 FEAT reply: a first and a last
// line of free text, and between them one feature per line, each indented
// by a space (RFC 2389 §3.2).
func parseFeatures(msg string) map[string]string {
	feats := map[string]string{}
	ls := strings.Split(msg, "\n")
	if len(ls) < 3 {
		return feats
	}
	for _, l := range ls[1 : len(ls)-1] {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		name, params, _ := strings.Cut(l, " ")
		feats[strings.ToUpper(name)] = strings.TrimSpace(params)
	}
	return feats
}
