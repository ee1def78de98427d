package ftpd

import (
	"io/fs"
	"path"
	"strings"
)

// resolve turns a client's path into the virtual absolute path it names
// ("/pub/a.txt") and the name os.Root opens ("pub/a.txt", "." for the
// top). Cleaning an absolute path removes every "..", so the name never
// leaves the root lexically; os.Root keeps symlinks from leaving it.
func (s *session) resolve(arg string) (virtual, name string) {
	p := arg
	if !strings.HasPrefix(p, "/") {
		p = s.cwd + "/" + p
	}
	virtual = path.Clean(p)
	name = strings.TrimPrefix(virtual, "/")
	if name == "" {
		name = "."
	}
	if isReserved(virtual) {
		name = reservedName
	}
	return virtual, name
}

// stat returns what name is, following a symlink only while it stays in
// the root.
func (s *session) stat(name string) (fs.FileInfo, error) {
	return s.srv.root.Stat(name)
}

// quotePath doubles the quotes of a path for a 257 reply (RFC 959
// Appendix II).
func quotePath(p string) string {
	return `"` + strings.ReplaceAll(p, `"`, `""`) + `"`
}

// listArg splits the argument of LIST or NLST into the path and drops the
// ls options that clients send ("LIST -la", "LIST -al dir").
func listArg(arg string) string {
	arg = strings.TrimSpace(arg)
	for strings.HasPrefix(arg, "-") {
		_, rest, _ := strings.Cut(arg, " ")
		arg = strings.TrimSpace(rest)
	}
	return arg
}

// hasGlob tells whether the last element of p is a pattern, as in
// "NLST *.txt".
func hasGlob(p string) bool {
	return strings.ContainsAny(path.Base(p), "*?[")
}
