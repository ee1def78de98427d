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
package watch
