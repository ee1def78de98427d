package ftpd

import (
	"io"
	"net"
	"os"
	"time"
)

// copyChunk is how much a transfer moves between two renewals of the
// data connection's deadline: DataTimeout then bounds a stall, not the
// whole transfer, down to copyChunk/DataTimeout bytes per second.
const copyChunk = 256 << 10

// copyBufSize is the size of the pooled buffers used when the kernel
// cannot copy for us (TLS, TYPE A, a lab connection). TYPE A uses a third
// for reading and two thirds for the line endings it expands.
const copyBufSize = 48 << 10

// sendFile copies f to conn. When conn is a *net.TCPConn, io.CopyBuffer
// hands the *io.LimitedReader over f to TCPConn.ReadFrom, which uses
// sendfile(2): the file never passes through user space.
func (s *session) sendFile(x *transfer, conn net.Conn, f *os.File) (int64, error) {
	bp := s.srv.getBuf()
	defer s.srv.putBuf(bp)
	var total int64
	for {
		conn.SetWriteDeadline(time.Now().Add(s.srv.cfg.DataTimeout))
		n, err := io.CopyBuffer(conn, &io.LimitedReader{R: f, N: copyChunk}, *bp)
		total += n
		x.bytes.Add(n)
		if err != nil || n < copyChunk {
			return total, err
		}
	}
}

// uploadBufSize is the buffer an upload reads into. Measured on loopback
// (bench/README.md), read and write through 256 KiB beat File.ReadFrom's
// splice, which moves 64 KiB per call through a pipe: 1.5 to 2 times
// faster for a 1 GiB STOR. Only uploads in progress hold one.
const uploadBufSize = copyChunk

// receiveFile copies conn to f until the client closes the connection,
// through a plain buffer (File.ReadFrom is hidden on purpose, see
// uploadBufSize).
func (s *session) receiveFile(x *transfer, f *os.File, conn net.Conn) (int64, error) {
	bp := s.srv.uploadBufs.Get().(*[]byte)
	defer s.srv.uploadBufs.Put(bp)
	dst := struct{ io.Writer }{f}
	var total int64
	for {
		conn.SetReadDeadline(time.Now().Add(s.srv.cfg.DataTimeout))
		n, err := io.CopyBuffer(dst, &io.LimitedReader{R: conn, N: copyChunk}, *bp)
		total += n
		x.bytes.Add(n)
		if err != nil || n < copyChunk {
			return total, err
		}
	}
}

// sendASCII copies f to conn in TYPE A: every LF becomes CR LF.
func (s *session) sendASCII(x *transfer, conn net.Conn, f *os.File) (int64, error) {
	bp := s.srv.getBuf()
	defer s.srv.putBuf(bp)
	in, out := (*bp)[:copyBufSize/3], (*bp)[copyBufSize/3:]
	var total int64
	for {
		n, rerr := f.Read(in)
		if n > 0 {
			enc := encodeASCII(out[:0], in[:n])
			conn.SetWriteDeadline(time.Now().Add(s.srv.cfg.DataTimeout))
			w, err := conn.Write(enc)
			total += int64(w)
			x.bytes.Add(int64(w))
			if err != nil {
				return total, err
			}
		}
		if rerr == io.EOF {
			return total, nil
		}
		if rerr != nil {
			return total, localError{rerr}
		}
	}
}

// receiveASCII copies conn to f in TYPE A: every CR LF becomes LF.
func (s *session) receiveASCII(x *transfer, f *os.File, conn net.Conn) (int64, error) {
	bp := s.srv.getBuf()
	defer s.srv.putBuf(bp)
	in, out := (*bp)[:copyBufSize/3], (*bp)[copyBufSize/3:]
	var dec asciiDecoder
	var total int64
	for {
		conn.SetReadDeadline(time.Now().Add(s.srv.cfg.DataTimeout))
		n, rerr := conn.Read(in)
		total += int64(n)
		x.bytes.Add(int64(n))
		out := dec.decode(out[:0], in[:n])
		if rerr == io.EOF {
			out = dec.flush(out)
		}
		if _, err := f.Write(out); err != nil {
			return total, localError{err}
		}
		if rerr == io.EOF {
			return total, nil
		}
		if rerr != nil {
			return total, rerr
		}
	}
}

// deadlineWriter renews the write deadline before each write, for
// listings written through a bufio.Writer.
type deadlineWriter struct {
	conn    net.Conn
	timeout time.Duration
}

func (w deadlineWriter) Write(p []byte) (int, error) {
	w.conn.SetWriteDeadline(time.Now().Add(w.timeout))
	return w.conn.Write(p)
}
