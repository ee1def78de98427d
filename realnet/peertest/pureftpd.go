package peertest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// PureOptions says what a test's pure-ftpd serves and how.
type PureOptions struct {
	// Files are written into the root, keyed by slash-separated path,
	// world-readable and read-only to the session.
	Files map[string][]byte
	// FilesDir, if set, is a directory copied into the root first.
	FilesDir string
	// Upload makes Root/upload writable by the session.
	Upload bool
	// TLS enables explicit FTPS (AUTH TLS, -Y 1) with a certificate made at
	// test time; plain sessions are still accepted unless ForceTLS.
	TLS bool
	// ForceTLS refuses sessions and data connections without TLS (-Y 3).
	ForceTLS bool
	// Args are more pure-ftpd(8) flags, appended after the ones
	// StartPureFTPd chose.
	Args []string
}

// The virtual user's login. The hash is SHA-512 crypt (5000 rounds) of
// PurePassword, made with `openssl passwd -6 -salt ftplabsalt`: pure-pw's
// default argon2id costs seconds of CPU per login on two cores.
const (
	PureUser     = "ftplab"
	PurePassword = "ftplab-secret"
	pureHash     = "$6$ftplabsalt$rAzPswR.qVziMD40rPNY4g6802oKg1E68pRp4Tl7H2250Jjw0hmAn5E/ZSbr3Ho9pR1yvdveK7z3HoFkvmkU8/"
)

// StartPureFTPd starts pure-ftpd on a free loopback port, in the
// foreground, with a PureDB of one virtual user (PureUser, PurePassword)
// chrooted into Root, and waits until it greets. The server stops when the
// test ends.
//
// It has no anonymous mode: pure-ftpd roots anonymous sessions in the home
// of the system account "ftp", one directory shared by every test, and
// offers no option to root them elsewhere.
//
// pure-ftpd answers 504 to OPTS UTF8 ON while listing UTF8 in FEAT.
func StartPureFTPd(t testing.TB, opts PureOptions) *Server {
	t.Helper()
	bin := Require(t, "pure-ftpd")
	requireRoot(t, "pure-ftpd")
	uid, gid := sessionIDs(t)
	s, base := newServer(t, opts.Files, opts.FilesDir, opts.Upload, uid, gid)

	args := []string{bin,
		"-S", "127.0.0.1," + strconv.Itoa(s.Port),
		"-p", fmt.Sprintf("%d:%d", s.PasvMin, s.PasvMax),
		"-4",      // IPv4 only
		"-H",      // do not resolve client addresses
		"-A",      // chroot everyone
		"-u", "1", // the session account is a system account
		"-c", "50", // clients at once
		"-C", "50", // clients from one address (all of them are 127.0.0.1)
		"-I", "5", // idle minutes
		"-O", "clf:" + filepath.Join(base, "transfer.log"),
	}
	s.logs.files = append(s.logs.files, filepath.Join(base, "transfer.log"))
	s.User, s.Password = PureUser, PurePassword
	pdb := writePureDB(t, base, s.Root, uid, gid)
	args = append(args, "-E", "-l", "puredb:"+pdb)
	if opts.TLS || opts.ForceTLS {
		certFile, keyFile := writeCert(t, base)
		s.CertFile = certFile
		level := "1"
		if opts.ForceTLS {
			level = "3"
		}
		args = append(args, "-Y", level, "-2", certFile+","+keyFile)
	}
	args = append(args, opts.Args...)
	start(t, s, "pure-ftpd", args)
	return s
}

// writePureDB writes a pure-pw passwd file with the virtual user, chrooted
// into root ("root/./"), and compiles it with `pure-pw mkdb`.
func writePureDB(t testing.TB, base, root string, uid, gid int) string {
	t.Helper()
	pw := Require(t, "pure-pw")
	passwd := filepath.Join(base, "pureftpd.passwd")
	pdb := filepath.Join(base, "pureftpd.pdb")
	// login:hash:uid:gid:gecos:home, then twelve empty limit fields.
	line := fmt.Sprintf("%s:%s:%d:%d::%s/./::::::::::::\n", PureUser, pureHash, uid, gid, root)
	if err := os.WriteFile(passwd, []byte(line), 0o600); err != nil {
		t.Fatalf("peer: %v", err)
	}
	if _, errOut, err := Run(t, startTimeout, pw, "mkdb", pdb, "-f", passwd); err != nil {
		t.Fatalf("peer: pure-pw mkdb: %v\n%s", err, errOut)
	}
	return pdb
}
