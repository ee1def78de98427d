package ftpd

import (
	"errors"
	"io/fs"
	"os"
	"syscall"

	"ftplab/realnet/wire"
)

// Errors of the server's own checks; replyForError maps them to replies.
var (
	errWriteDenied = errors.New("write access is off")
	errNotRegular  = errors.New("not a regular file")
	errNotDir      = errors.New("not a directory")
	errIsDir       = errors.New("is a directory")
)

// replyForError maps an error of a file operation to the reply the client
// sees. Only the kind of failure is told, never a path of the host or an
// error text of the OS; the caller logs the rest.
func replyForError(err error) (int, string) {
	switch {
	case errors.Is(err, errWriteDenied), errors.Is(err, fs.ErrPermission):
		return wire.CodeFileUnavailable, "Permission denied."
	case errors.Is(err, fs.ErrNotExist):
		return wire.CodeFileUnavailable, "No such file or directory."
	case errors.Is(err, fs.ErrExist):
		return wire.CodeFileUnavailable, "File exists."
	case errors.Is(err, errNotRegular), errors.Is(err, errIsDir), errors.Is(err, syscall.EISDIR):
		return wire.CodeFileUnavailable, "Not a plain file."
	case errors.Is(err, errNotDir), errors.Is(err, syscall.ENOTDIR):
		return wire.CodeFileUnavailable, "Not a directory."
	case errors.Is(err, syscall.ENOTEMPTY):
		return wire.CodeFileUnavailable, "Directory not empty."
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return wire.CodeInsufficientSpace, "Insufficient storage space."
	case errors.Is(err, syscall.EROFS):
		// A root on a read-only file system refuses writes like a
		// directory without write permission (vsftpd: 550), not as a
		// failure of the server (451).
		return wire.CodeFileUnavailable, "Read-only file system."
	}
	// os.Root refuses names that escape it ("path escapes from parent")
	// and names the OS rejects: the client's doing.
	var pe *fs.PathError
	var le *os.LinkError
	if errors.As(err, &pe) && isRefusal(pe.Err) || errors.As(err, &le) && isRefusal(le.Err) {
		return wire.CodeFileUnavailable, "Requested action not taken."
	}
	return wire.CodeLocalError, "Local error in processing."
}

// isRefusal tells an error the client caused (a bad name, a path out of
// the root) from a failure of the server's disk.
func isRefusal(err error) bool {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		switch errno {
		case syscall.EINVAL, syscall.ENAMETOOLONG, syscall.ELOOP, syscall.EXDEV, syscall.EBUSY:
			return true
		}
		return false
	}
	return true // os.Root's own errors, such as a path that escapes
}
