package ftpclient

import (
	"bufio"
	"bytes"
	"io"
)

// In TYPE A the wire carries lines ending in CRLF (RFC 959 §3.1.1.1); the
// local files here end lines with LF. These two converters are the
// client's half of that contract.

// crlfToLF writes to w what is written to it, with every CRLF turned into
// LF. A CR at the end of one Write is held until the next shows whether an
// LF follows; Flush writes it if the stream ends there.
type crlfToLF struct {
	w     io.Writer
	cr    bool // a CR is held back
	chunk []byte
}

func (c *crlfToLF) Write(p []byte) (int, error) {
	out := c.chunk[:0]
	for _, b := range p {
		if c.cr {
			c.cr = false
			if b != '\n' {
				out = append(out, '\r')
			}
		}
		if b == '\r' {
			c.cr = true
			continue
		}
		out = append(out, b)
	}
	c.chunk = out
	if _, err := c.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes a CR held back at the end of the stream.
func (c *crlfToLF) Flush() error {
	if !c.cr {
		return nil
	}
	c.cr = false
	_, err := c.w.Write([]byte{'\r'})
	return err
}

// lfToCRLF reads from r with every LF turned into CRLF.
type lfToCRLF struct {
	r       *bufio.Reader
	pending []byte
}

func newLFToCRLF(r io.Reader) *lfToCRLF { return &lfToCRLF{r: bufio.NewReader(r)} }

func (l *lfToCRLF) Read(p []byte) (int, error) {
	if len(l.pending) == 0 {
		line, err := l.r.ReadSlice('\n')
		if len(line) == 0 {
			if err == bufio.ErrBufferFull {
				err = nil
			}
			return 0, err
		}
		if bytes.HasSuffix(line, []byte{'\n'}) {
			l.pending = append(append(l.pending[:0], line[:len(line)-1]...), '\r', '\n')
		} else {
			l.pending = append(l.pending[:0], line...)
		}
	}
	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	return n, nil
}
