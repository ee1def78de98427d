package ftpclient

import (
	"io"
)

// Retr downloads path into w (RETR). With offset > 0 it first sends REST
// offset, so the server starts there and w receives the rest of the file:
// how a partial download is resumed (RFC 3659 §5). In TYPE A, CRLF line
// ends become LF.
func (c *Conn) Retr(path string, w io.Writer, offset int64) error {
	if err := c.defaultType(); err != nil {
		return err
	}
	return c.Transfer("RETR "+path, offset, func(data io.ReadWriter) error {
		if c.typ != 'A' {
			_, err := io.Copy(w, data)
			return err
		}
		conv := &crlfToLF{w: w}
		if _, err := io.Copy(conv, data); err != nil {
			return err
		}
		return conv.Flush()
	})
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
