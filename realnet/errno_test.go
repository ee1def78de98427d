package realnet

import (
	"errors"
	"net"
	"os"
	"syscall"
	"testing"
)

// TestWithErrno: an OS error gains the mapped errno in its chain and keeps
// its message, its *net.OpError and its own errno (Windows maps Winsock
// codes this way; the table here is made up so the test runs anywhere).
func TestWithErrno(t *testing.T) {
	const native = syscall.Errno(10061)
	table := map[syscall.Errno]syscall.Errno{native: syscall.ECONNREFUSED}
	orig := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connectex", native)}

	got := withErrno(orig, table)
	op, ok := got.(*net.OpError)
	if !ok {
		t.Fatalf("withErrno: %T, want *net.OpError", got)
	}
	if !errors.Is(got, syscall.ECONNREFUSED) || !errors.Is(got, native) {
		t.Errorf("withErrno(%v): errors.Is ECONNREFUSED %v, native %v; want both", orig, errors.Is(got, syscall.ECONNREFUSED), errors.Is(got, native))
	}
	if got.Error() != orig.Error() || op.Op != "dial" {
		t.Errorf("withErrno: message %q, want %q", got.Error(), orig.Error())
	}
	other := &net.OpError{Op: "dial", Err: syscall.Errno(1)}
	if got := withErrno(other, table); errors.Is(got, syscall.ECONNREFUSED) {
		t.Errorf("withErrno(%v) matches ECONNREFUSED", other)
	}
	if withErrno(nil, table) != nil {
		t.Error("withErrno(nil) != nil")
	}
}
