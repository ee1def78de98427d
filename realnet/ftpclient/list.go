package ftpclient

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"time"

	"ftplab/realnet/wire"
)

// List returns the server's LIST output for path ("" for the current
// directory) as sent: usually ls -l lines, CRLF-terminated.
func (c *Conn) List(path string) ([]byte, error) {
	return c.listing(withArg("LIST", path))
}

// ListEntries runs LIST and parses each line (wire.ParseListLine) with
// now as the reference for dates that omit the year. Lines that describe
// no file ("total 12") are skipped; so are lines in a format the parser
// does not know, since LIST's format is the server's to choose.
func (c *Conn) ListEntries(path string, now time.Time) ([]wire.Entry, error) {
	raw, err := c.List(path)
	if err != nil {
		return nil, err
	}
	var entries []wire.Entry
	for _, line := range lines(raw) {
		e, err := wire.ParseListLine(line, now)
		if err != nil {
			continue
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// NameList returns the names NLST gives for path ("" for the current
// directory).
func (c *Conn) NameList(path string) ([]string, error) {
	raw, err := c.listing(withArg("NLST", path))
	if err != nil {
		return nil, err
	}
	return lines(raw), nil
}

// MLSD returns the machine listing of path (RFC 3659 §7), parsed.
func (c *Conn) MLSD(path string) ([]wire.Entry, error) {
	raw, err := c.MLSDRaw(path)
	if err != nil {
		return nil, err
	}
	var entries []wire.Entry
	var errs []error
	for _, line := range lines(raw) {
		e, err := wire.ParseFactLine(line)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		entries = append(entries, e)
	}
	return entries, errors.Join(errs...)
}

// MLSDRaw returns the MLSD output for path as sent.
func (c *Conn) MLSDRaw(path string) ([]byte, error) {
	return c.listing(withArg("MLSD", path))
}

func (c *Conn) listing(cmd string) ([]byte, error) {
	var buf bytes.Buffer
	err := c.Transfer(cmd, 0, func(data io.ReadWriter) error {
		_, err := io.Copy(&buf, data)
		return err
	})
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func withArg(verb, arg string) string {
	if arg == "" {
		return verb
	}
	return verb + " " + arg
}

// lines splits a listing into its non-empty lines, CR and LF removed.
func lines(b []byte) []string {
	var out []string
	for l := range strings.SplitSeq(string(b), "\n") {
		if l = strings.TrimRight(l, "\r"); l != "" {
			out = append(out, l)
		}
	}
	return out
}
