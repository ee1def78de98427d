// Package proxy is an FTP-aware relay, as an application-level gateway
// (ALG) is: it stands between any real FTP client and any real FTP server,
// relays the control connection line by line, and rewrites PORT/EPRT
// commands and 227/229 replies so that every data connection passes
// through it too, in active and in passive mode. Each step is reported to
// an Observer in the proxy's own terms (a session, a control line, a data
// connection, its bytes, how it ended), and a Gate can hold each control
// line until a user steps it; turning those reports into timelines is
// another package's job, so this one imports nothing of the simulator.
//
// It keeps the security defaults of the FTP server: a PORT or EPRT naming
// any address but the client's, or a port below 1024, is refused (no
// bounce through the proxy); a passive data connection is taken only from
// the client's address, an active one only from the server's; lines,
// idle time and sessions are bounded.
//
// After AUTH TLS is answered 234 the control connection is ciphertext: the
// proxy can no longer read it, so it relays the bytes untouched and says
// so (ErrOpaque's event). It never terminates TLS itself. From then on the
// client learns the server's real data address and connects directly: an
// FTP helper in a firewall is exactly as blind.
package proxy
