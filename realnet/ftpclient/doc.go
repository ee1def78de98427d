// Package ftpclient is an FTP client (RFC 959) with the extensions real
// servers speak: EPSV and EPRT (RFC 2428), SIZE, MDTM, REST and MLSD
// (RFC 3659), FEAT (RFC 2389) and explicit FTPS (AUTH TLS, RFC 4217).
//
// It owns the client's side of the protocol and its workflows: the
// control dialogue, data connections in every mode, file operations
// (Retrieve downloads to a .part file and renames it when whole, resumes
// from it, and checks the byte count; Store uploads and resumes), and a
// Console for a person typing commands by hand (a typed PASV, EPSV, PORT
// or EPRT prepares the data connection the next LIST, NLST, MLSD, RETR or
// STOR uses). Its errors name what failed and never what a user should
// press: that is the UI's sentence.
//
// It reaches the network only through a realnet.Network, so the same code
// runs on the OS network against vsftpd or pure-ftpd and inside the lab,
// where every address is virtual. For that reason it never assumes
// loopback: an active-mode listener binds the control connection's local
// address, and an EPSV data connection goes to the control connection's
// remote address.
//
// A Conn is one control connection. Each transfer opens a data connection
// in the Conn's Mode: the lab's exact modes (PORT, EPRT, PASV, EPSV,
// PASV_CTLIP) send one command and never fall back, like the oracle's
// client; the user-level modes Passive and Active try the RFC 2428 command
// first and fall back to the RFC 959 one when the server refuses it.
//
// WithTrace writes the whole control dialogue and every data connection
// (who listens, who connects from where to where, bytes and duration) as it
// happens: the text a student or an admin reads to see why a transfer
// hangs. Server replies that are not success become *ReplyError; a data
// connection that could not be made is a *DataError, and a control
// connection a *DialError, each telling a timeout, a refusal (RST) and an
// unreachable network (EHOSTUNREACH, ENETUNREACH) apart.
//
// A hostile server cannot make the client grow without bound: one reply
// is capped in line length, lines and bytes (ErrReplyTooLong), a listing
// held in memory at MaxListing (ListTo and MLSDTo stream any size), and a
// download never takes more than the size the server announced.
//
// A Conn is not safe for concurrent use, except Close, which may be called
// from another goroutine to abort whatever the Conn is doing: it closes
// the control connection and every data connection and listener with it.
package ftpclient
