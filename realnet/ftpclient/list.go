package ftpclient

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"ftplab/realnet/wire"
)

// List returns the server's LIST output for path ("" for the current
// directory) as sent: usually ls -l lines, CRLF-terminated. It holds the
// whole listing in memory, up to MaxListing bytes; ListTo streams one of
// any size.
func (c *Conn) List(path string) ([]byte, error) {
	return c.listing(withArg("LIST", path))
}

// ListTo copies the server's LIST output for path to w as it arrives, in
// bounded memory.
func (c *Conn) ListTo(w io.Writer, path string) error {
	return c.listTo(w, withArg("LIST", path))
}

// MLSDTo copies the MLSD output for path to w as it arrives.
func (c *Conn) MLSDTo(w io.Writer, path string) error {
	return c.listTo(w, withArg("MLSD", path))
}

func (c *Conn) listTo(w io.Writer, cmd string) error {
	return c.Transfer(cmd, 0, func(data io.ReadWriter) error {
		_, err := io.Copy(w, data)
		return err
	})
}

// MaxListing bounds the listings List, ListEntries, NameList and MLSD
// hold in memory: a server sending an endless listing must not make the
// client grow without limit.
const MaxListing = 64 << 20

// ErrListingTooLong is the error (wrapped) when a listing passes
// MaxListing.
var ErrListingTooLong = fmt.Errorf("listing longer than %d bytes", MaxListing)

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
		n, err := io.Copy(&buf, io.LimitReader(data, MaxListing+1))
		if err == nil && n > MaxListing {
			err = ErrListingTooLong
		}
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
