// Package ftpd is ftplab's FTP server: RFC 959 with the extensions real
// clients use (RFC 2389 FEAT/OPTS, RFC 2428 EPRT/EPSV, RFC 3659
// SIZE/MDTM/MLST/MLSD/REST STREAM, RFC 4217 explicit FTPS).
//
// The server reaches the network only through a realnet.Network, so the
// same code serves curl on the OS network and the lab's virtual hosts. It
// links nothing of the lab or of sim.
//
// Invariants (each has a test):
//
//   - Every path a client names resolves inside the Root through os.Root:
//     no path, ".." or symlink leads outside it. Names starting with
//     ".ftplab-upload." (uploads in progress) are out of clients' reach:
//     they cannot be created, listed, opened, renamed to or deleted.
//   - A final 226 to STOR, STOU or APPE means every byte is in the file.
//     A failed or aborted upload never leaves a truncated file or a
//     partial append under the target's name; concurrent APPEs to one
//     file all land, each in one piece. Temporary files a crash left are
//     removed at start.
//   - PORT and EPRT connect only to the control connection's peer, at a
//     port of 1024 or more (no bounce, RFC 2577), unless
//     Config.PortPromiscuous; any PORT or EPRT, even refused, drops a
//     passive port prepared before it. A passive port accepts only the
//     control connection's peer, and a PROT P data connection must resume
//     its own control connection's TLS session (unless
//     Config.TLSNoSessionReuse).
//   - Every wait is bounded: a command line by IdleTimeout, the time to
//     log in by LoginTimeout, each TLS handshake by TLSHandshakeTimeout, a
//     data connection and any stall of a transfer by DataTimeout; an
//     unused passive port closes after DataTimeout. Password checks from
//     one address are rate-limited across its connections; other
//     addresses never wait for it.
//   - A listing holds the sorted names of a directory, not its entries:
//     memory per listing is about 40 bytes a file.
//   - Client mistakes are replies, never Go errors; internals go to the
//     slog.Logger and the client sees only a short message. Every reply
//     code is a realnet/wire constant.
//
// Layout: server.go accepts and counts sessions; session.go reads command
// lines and writes replies; commands.go is the command table; the
// handle_*.go files hold the handlers by concern; errors.go maps errors to
// replies; dataconn.go opens passive and active data connections;
// transfer.go runs a transfer beside the control loop so that ABOR, STAT,
// NOOP and QUIT are answered while data flows (any other command waits
// for the transfer's final reply); copy.go moves the bytes, through
// sendfile and splice when the data connection is a *net.TCPConn;
// append.go commits APPE; tempfiles.go keeps uploads' temporary names
// apart; listdir.go reads directories and listing.go formats LIST and
// MLSD lines; tlsreuse.go binds data connections to their control
// connection's TLS session; loginlimit.go limits password guessing;
// ascii.go converts line endings for TYPE A; selfsigned.go makes a
// certificate for a lab or a test.
package ftpd
