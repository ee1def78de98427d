package ftpclient

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
)

// Retr downloads path into w (RETR). With offset > 0 it first sends REST
// offset, so the server starts there and w receives the rest of the file:
// how a partial download is resumed (RFC 3659 §5). In TYPE A, CRLF line
// ends become LF.
//
// In TYPE I, without REST, when the server's 150 reply announces the
// file's size ("(1000 bytes)", as vsftpd and ftplab's server do), the
// bytes received must match it: a transfer cut short before a 226 is a
// *SizeError. Retrieve also checks a resumed download against SIZE.
func (c *Conn) Retr(path string, w io.Writer, offset int64) error {
	_, err := c.retr(path, w, offset, -1)
	return err
}

// retr is Retr with the file's size when the caller knows it (SIZE), -1
// when not; it returns the bytes received on the data connection.
func (c *Conn) retr(path string, w io.Writer, offset, size int64) (int64, error) {
	if err := c.defaultType(); err != nil {
		return 0, err
	}
	var n int64
	err := c.transfer("RETR "+path, offset, func(first Reply, data *dataConn) error {
		defer func() { n = data.in }()
		if c.typ == 'A' {
			conv := &crlfToLF{w: w}
			if _, err := io.Copy(conv, data); err != nil {
				return err
			}
			return conv.Flush()
		}
		if size < 0 && offset == 0 {
			// After REST, servers differ on whether the 150's size
			// is the file's or the rest's: only SIZE says.
			size = announcedSize(first.Msg)
		}
		if size < offset {
			_, err := io.Copy(w, data)
			return err
		}
		want := size - offset
		// One byte more than the rest tells "too much" from "exactly".
		got, err := io.Copy(w, io.LimitReader(data, want+1))
		switch {
		case err != nil:
			return err
		case got != want:
			return &SizeError{Path: path, Offset: offset, Size: size, Got: got}
		}
		return nil
	})
	return n, err
}

// SizeError is a download whose length does not match the file's size,
// as SIZE or the 150 reply gave it, even though the server may have
// answered 226: the data connection was cut short, or, after REST, the
// server sent more than the rest of the file (it ignored the offset).
//
//	RETR big.iso: short transfer: 1000 of 5000 bytes
type SizeError struct {
	Path         string
	Offset, Size int64 // REST offset; the whole file's size
	Got          int64 // bytes received (at most one more than the rest)
}

func (e *SizeError) Error() string {
	want := e.Size - e.Offset
	switch {
	case e.Got < want:
		return fmt.Sprintf("RETR %s: short transfer: %d of %d bytes", e.Path, e.Got, want)
	case e.Offset > 0:
		return fmt.Sprintf("RETR %s: more than the %d bytes left after REST %d: the server ignored REST", e.Path, want, e.Offset)
	}
	return fmt.Sprintf("RETR %s: more than the %d bytes announced", e.Path, want)
}

// Short reports a transfer that ended early.
func (e *SizeError) Short() bool { return e.Got < e.Size-e.Offset }

var bytesInReply = regexp.MustCompile(`\((\d+) bytes\)`)

// announcedSize reads the file size a 150 reply announces, as vsftpd,
// ProFTPD and ftplab's server write it, or -1:
//
//	150 Opening BINARY mode data connection for data.bin (200000 bytes).
func announcedSize(msg string) int64 {
	m := bytesInReply.FindStringSubmatch(msg)
	if m == nil {
		return -1
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// Stor uploads what r holds to path (STOR). With offset > 0 it first sends
// REST offset, so the server writes from there: r must then supply the
// file from offset on (resuming an upload; see Size). In TYPE A, LF line
// ends become CRLF.
func (c *Conn) Stor(path string, r io.Reader, offset int64) error {
	return c.upload("STOR "+path, r, offset)
}

// Append uploads what r holds to the end of path (APPE), creating it if
// need be: another way to resume an upload, for servers that refuse REST
// before STOR.
func (c *Conn) Append(path string, r io.Reader) error {
	return c.upload("APPE "+path, r, 0)
}

func (c *Conn) upload(cmd string, r io.Reader, offset int64) error {
	if err := c.defaultType(); err != nil {
		return err
	}
	if c.typ == 'A' {
		r = newLFToCRLF(r)
	}
	return c.Transfer(cmd, offset, func(data io.ReadWriter) error {
		_, err := io.Copy(data, r)
		return err
	})
}

// defaultType sends TYPE I before the first transfer unless Type chose a
// type: the default of RFC 959 is ASCII, in which a server may rewrite the
// bytes of a binary file (pure-ftpd does).
func (c *Conn) defaultType() error {
	if c.typ != 0 {
		return nil
	}
	return c.Type(false)
}
