// Package realnet runs FTP over real sockets.
//
// It owns the Network interface that the FTP server (realnet/ftpd) and
// client (realnet/ftpclient) are written against, and its two
// implementations: OS, the operating system's network, and Lab, the
// simulated network of package sim carried over loopback sockets. The wire
// format shared by both ends lives in realnet/wire.
package realnet
