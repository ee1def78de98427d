// Package wire is the FTP wire format, shared by the server and the client:
// command lines (ParseCommand), reply lines (FormatReply), the codecs of
// the data-connection addresses carried in PORT and EPRT (RFC 959 §4.1.2,
// RFC 2428) and in the 227 and 229 replies, and directory listings (LIST
// lines, MLSD facts, RFC 3659 times).
//
// Invariants:
//   - Every parser is a pure function on a string: no I/O, no clock (the
//     LIST parser takes "now" as an argument), and each has a fuzz test.
//     Reading and writing lines on a connection belongs to the callers
//     (net/textproto on the client side).
//   - Each Format of an address, a fact line or a time has its Parse,
//     which reads back what the Format wrote.
//   - It imports the standard library only, and nothing of the lab or the
//     simulator (the module's architecture test checks this).
//   - It is the endpoints' parser. The lab's model of a middlebox (sim's
//     FTP helper) reads the same lines on its own, as netfilter does; the
//     two may disagree, and realnet/lab's differential test lists every
//     allowed disagreement.
package wire
