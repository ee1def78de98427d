package realnet

import (
	"errors"
	"net"
	"syscall"
)

// withErrno adds to err's chain the errno that table maps its own errno
// to, keeping err's message and, for a *net.OpError, its type and fields.
func withErrno(err error, table map[syscall.Errno]syscall.Errno) error {
	if op, ok := err.(*net.OpError); ok {
		c := *op
		c.Err = withErrno(op.Err, table)
		return &c
	}
	var errno syscall.Errno
	if err == nil || !errors.As(err, &errno) {
		return err
	}
	if to, ok := table[errno]; ok {
		return &mappedErr{err: err, errno: to}
	}
	return err
}

// mappedErr is an OS error that also matches another errno.
type mappedErr struct {
	err   error
	errno syscall.Errno
}

func (e *mappedErr) Error() string   { return e.err.Error() }
func (e *mappedErr) Unwrap() []error { return []error{e.err, e.errno} }
