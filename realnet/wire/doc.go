// Package wire is the FTP wire format, shared by the server and the client:
// command lines, reply codes, and the codecs of the data-connection
// addresses carried in PORT, EPRT (RFC 959 §4.1.2, RFC 2428) and in the
// 227 and 229 replies.
//
// Every parser here is a pure function on a string and has a fuzz test.
// Reading and writing lines on a connection belongs to the callers
// (net/textproto on the client side).
package wire
