package ftpclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"ftplab/realnet/wire"
)

// PartSuffix names the file Retrieve downloads into, beside the target:
// "notes.txt.part" until the download is complete.
const PartSuffix = ".part"

// Transferred says what Retrieve or Store did.
type Transferred struct {
	Offset int64 // where the transfer started (REST): 0 for a whole file
	Bytes  int64 // bytes moved: received on the data connection, or read from the local file
	Size   int64 // the whole file's size when known, -1 when not
	// Complete: the file was already whole at the destination, nothing
	// was transferred.
	Complete bool
}

// Retrieve downloads the remote file path to the local file dst. It
// writes dst+PartSuffix and renames it to dst once the whole file is
// there, so dst never holds a truncated file; a failed or cancelled
// download leaves the .part file, unless it is empty. With resume, a .part file left by an
// earlier attempt (or, without one, a partial dst, which is moved to the
// .part name first) is continued with REST from its size.
//
// In TYPE I the file's size comes from SIZE when the server answers it,
// and the download must match it (see Retr and *SizeError); after a
// SizeError on a resumed download the .part file is cut back to where
// it was, so that a later resume starts from good bytes.
//
// Cancelling ctx closes the Conn (control and data connections): the
// download stops at once and the Conn cannot be used again.
func (c *Conn) Retrieve(ctx context.Context, path, dst string, resume bool) (Transferred, error) {
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	t := Transferred{Size: -1}
	part := dst + PartSuffix
	f, err := openPart(part, dst, resume)
	if err != nil {
		return t, err
	}
	defer f.Close()
	if resume {
		if t.Offset, err = f.Seek(0, io.SeekEnd); err != nil {
			return t, err
		}
	}
	t.Size, err = c.sizeForCheck(path)
	switch {
	case err != nil:
	case resume && t.Size >= 0 && t.Offset == t.Size:
		t.Complete = true
	case t.Size >= 0 && t.Offset > t.Size:
		return t, fmt.Errorf("cannot resume %s: %s has %d bytes, more than the remote file's %d", path, part, t.Offset, t.Size)
	default:
		t.Bytes, err = c.retr(path, f, t.Offset, t.Size)
	}
	if err != nil {
		var se *SizeError
		if errors.As(err, &se) && !se.Short() {
			f.Truncate(t.Offset)
		}
		if st, serr := f.Stat(); serr == nil && st.Size() == 0 {
			os.Remove(part) // nothing to resume from
		}
		return t, cancelled(ctx, err)
	}
	if err := f.Close(); err != nil {
		return t, err
	}
	return t, os.Rename(part, dst)
}

// openPart opens the .part file: truncated for a fresh download; for a
// resume as it is, or made from a partial dst when there is no .part.
func openPart(part, dst string, resume bool) (*os.File, error) {
	if !resume {
		return os.OpenFile(part, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	}
	if _, err := os.Stat(part); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(dst, part); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return os.OpenFile(part, os.O_WRONLY|os.O_CREATE, 0o644)
}

// sizeForCheck asks SIZE in TYPE I, -1 when the server does not say (or
// in TYPE A, where sizes on the wire and on disk differ).
func (c *Conn) sizeForCheck(path string) (int64, error) {
	if err := c.defaultType(); err != nil || c.typ == 'A' {
		return -1, err
	}
	n, err := c.Size(path)
	var re *ReplyError
	if errors.As(err, &re) {
		return -1, nil // no SIZE, or no such file: RETR will say
	}
	return n, err
}

// Store uploads the local file src to the remote path. With resume, it
// asks the remote file's size (SIZE; 550 means not there yet) and sends
// the rest with REST and STOR.
//
// Cancelling ctx closes the Conn, as for Retrieve.
func (c *Conn) Store(ctx context.Context, src, path string, resume bool) (Transferred, error) {
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	t := Transferred{Size: -1}
	f, err := os.Open(src)
	if err != nil {
		return t, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return t, err
	}
	t.Size = st.Size()
	if resume {
		if t.Offset, err = c.remoteOffset(path); err != nil {
			return t, cancelled(ctx, err)
		}
		switch {
		case t.Offset == t.Size:
			t.Complete = true
			return t, nil
		case t.Offset > t.Size:
			return t, fmt.Errorf("cannot resume: the remote %s has %d bytes, more than %s's %d", path, t.Offset, src, t.Size)
		}
		if _, err := f.Seek(t.Offset, io.SeekStart); err != nil {
			return t, err
		}
	}
	cr := &countingReader{r: f}
	err = c.Stor(path, cr, t.Offset)
	t.Bytes = cr.n
	return t, cancelled(ctx, err)
}

// remoteOffset is the size of the remote path, 0 when it does not exist.
func (c *Conn) remoteOffset(path string) (int64, error) {
	if err := c.defaultType(); err != nil {
		return 0, err
	}
	n, err := c.Size(path)
	var re *ReplyError
	if errors.As(err, &re) && re.Code == wire.CodeFileUnavailable {
		return 0, nil
	}
	return n, err
}

// cancelled says that ctx was cancelled when it was: the error a closed
// connection gives ("use of closed network connection") hides why.
func cancelled(ctx context.Context, err error) error {
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("%w (%v)", context.Cause(ctx), err)
	}
	return err
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
