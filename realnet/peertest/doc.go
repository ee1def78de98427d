// Package peertest runs real FTP programs for tests: the servers vsftpd and
// pure-ftpd, and the clients curl, lftp, tnftp and python3's ftplib.
//
// A test asks for a program with Require, which gives its path or, when the
// program is absent, skips the test saying how to get it (or fails it when
// FTPLAB_REQUIRE_PEERS=1, as in CI, so a missing install step cannot hide
// behind a green run). StartVsftpd and StartPureFTPd start a private server
// on a loopback port with its own configuration, files and passive port
// range, wait until it greets with 220, and stop it when the test ends. Run
// runs a client with a deadline, so a test never hangs on a stuck transfer.
//
// The servers are not installed as Debian packages (they conflict, and their
// install scripts start a service on port 21): .ci/run unpacks them into
// $FTPLAB_PEERS_DIR, by default /var/cache/ftplab-peers, and Require looks
// for them there first. Starting a server needs root, as CI and the
// project's machines are: both servers chroot and change user.
//
// Every address a server listens on, and every address a client is pointed
// at, is 127.0.0.1.
package peertest
