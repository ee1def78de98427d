package peertest

import (
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// DefaultPeersDir is where .ci/run unpacks vsftpd and pure-ftpd when
// FTPLAB_PEERS_DIR is not set.
const DefaultPeersDir = "/var/cache/ftplab-peers"

// hints says how to get each program Require knows.
var hints = map[string]string{
	"curl":      "apt-get install curl",
	"lftp":      "apt-get install lftp",
	"tnftp":     "apt-get install tnftp",
	"python3":   "apt-get install python3",
	"openssl":   "apt-get install openssl",
	"tmux":      "apt-get install tmux",
	"nft":       "apt-get install nftables",
	"ip":        "apt-get install iproute2",
	"vsftpd":    "run `bash .ci/run` once, which unpacks vsftpd into $FTPLAB_PEERS_DIR (default " + DefaultPeersDir + ")",
	"pure-ftpd": "run `bash .ci/run` once, which unpacks pure-ftpd into $FTPLAB_PEERS_DIR (default " + DefaultPeersDir + ")",
	"pure-pw":   "run `bash .ci/run` once, which unpacks pure-ftpd-common into $FTPLAB_PEERS_DIR (default " + DefaultPeersDir + ")",
}

// Required reports whether FTPLAB_REQUIRE_PEERS=1, in which case a missing
// peer fails a test instead of skipping it.
func Required() bool { return os.Getenv("FTPLAB_REQUIRE_PEERS") == "1" }

// PeersDir is the directory the servers were unpacked into:
// $FTPLAB_PEERS_DIR, or DefaultPeersDir.
func PeersDir() string {
	if d := os.Getenv("FTPLAB_PEERS_DIR"); d != "" {
		return d
	}
	return DefaultPeersDir
}

// Require returns the path of the program name ("curl", "lftp", "python3",
// "vsftpd", "pure-ftpd", "tmux", "nft", ...). It looks in
// PeersDir()/usr/sbin and PeersDir()/usr/bin, then in PATH, and nowhere
// else: a program installed in a directory outside PATH (vsftpd's Debian
// package puts it in /usr/sbin) is found only when PATH names it, so that
// the environment alone decides what a test uses. When the program is
// absent it fails the test if Required(), and otherwise skips it, saying
// what is missing and how to get it.
func Require(t testing.TB, name string) string {
	t.Helper()
	if p, err := lookPath(name); err == nil {
		return p
	}
	hint := hints[name]
	if hint == "" {
		hint = "install it"
	}
	msg := "peer program " + name + " not found (" + hint + ")"
	if Required() {
		t.Fatal(msg + "; FTPLAB_REQUIRE_PEERS=1 makes this a failure")
	} else {
		t.Skip(msg)
	}
	return ""
}

func lookPath(name string) (string, error) {
	if filepath.IsAbs(name) {
		return exec.LookPath(name)
	}
	dir := PeersDir()
	for _, d := range []string{filepath.Join(dir, "usr", "sbin"), filepath.Join(dir, "usr", "bin")} {
		if p, err := exec.LookPath(filepath.Join(d, name)); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", errors.New(name + " not found in " + dir + " nor in PATH")
}

// requireRoot skips (or, if Required(), fails) a test that starts a server
// when the test does not run as root: vsftpd and pure-ftpd chroot and change
// user for every session.
func requireRoot(t testing.TB, server string) {
	t.Helper()
	if os.Geteuid() == 0 {
		return
	}
	msg := server + " in tests needs root (it chroots and changes user); run the tests as root, as CI does"
	if Required() {
		t.Fatal(msg)
	} else {
		t.Skip(msg)
	}
}

// FreePort returns a loopback TCP port that was free a moment ago: the
// kernel's choice for a listener on 127.0.0.1:0, closed at once.
func FreePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("peer: finding a free port: %v", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if err := ln.Close(); err != nil {
		t.Fatalf("peer: finding a free port: %v", err)
	}
	return port
}
