// Package watch turns live FTP sessions into lab timelines: it takes the
// events the FTP-aware proxy (realnet/proxy) reports, in the proxy's own
// terms, and makes of each session a sim timeline with the lab's event
// labels (control.connect, cmd.PASV, reply.227, data.connect,
// data.bytes, ...), so the stepper can show a real session, forward and
// back, and lessons and tests can bind to it.
//
// An observed session has no firewall state to show, but sim can still
// say what a netfilter FTP helper would make of each line: every PORT,
// EPRT, 227 and 229 gets a helper.parse event saying what the helper
// would read and whether it would expect a data connection. The proxy's
// findings (a 227 naming a private address, a refused PORT, a control
// connection gone opaque after AUTH TLS) become finding events.
//
// ftplab's own server is watched the same way: Recorder.ObserveServer
// takes ftpd's observer events (in the server's terms) and makes the
// same timelines, seen from the server's side. Hold is a proxy Gate that
// keeps each control line until it is stepped (proxy --hold); Watch and
// Ended let a live view follow a recorder; FrameOf says how to frame a
// session in the stepper (its mode, outcome, ends and findings).
package watch
