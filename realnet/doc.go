// Package realnet is the network contract of the FTP code: the Network
// interface that the FTP server (realnet/ftpd) and client
// (realnet/ftpclient) are written against, and OS, its implementation on
// the operating system's network.
//
// It imports only the standard library, so the FTP code links nothing of
// the simulator. The lab, the simulated network carried over loopback
// sockets, is another implementation of Network in realnet/lab; the FTP
// wire format shared by both ends is realnet/wire.
package realnet
