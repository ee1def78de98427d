// Package ftpd is ftplab's FTP server: RFC 959 with the extensions real
// clients use (RFC 2389 FEAT/OPTS, RFC 2428 EPRT/EPSV, RFC 3659
// SIZE/MDTM/MLST/MLSD/REST STREAM, RFC 4217 explicit FTPS).
//
// The server reaches the network only through a realnet.Network, so the
// same code serves curl on the OS network and the lab's virtual hosts. It
// serves one directory through os.Root: no path, ".." or symlink leads
// outside it.
//
// Layout: server.go accepts and counts sessions; session.go reads command
// lines and writes replies; commands.go is the command table; the
// handle_*.go files hold the handlers by concern; errors.go maps errors to
// replies; dataconn.go opens passive and active data connections;
// transfer.go runs a transfer beside the control loop so that ABOR, STAT,
// NOOP and QUIT are answered while data flows (any other command waits
// for the transfer's final reply); copy.go moves the bytes, through
// sendfile and splice when the data connection is a *net.TCPConn;
// listing.go formats LIST and MLSD lines; ascii.go converts line endings
// for TYPE A; selfsigned.go makes a certificate for a lab or a test.
//
// Client mistakes are replies, never Go errors; internals go to the
// slog.Logger and the client sees only a short message.
package ftpd
