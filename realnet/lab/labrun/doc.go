// Package labrun runs one scenario of the lab: the real FTP server
// (realnet/ftpd) on the simulated server host, the real FTP client
// (realnet/ftpclient) on the simulated client host, and the network
// between them decided by package sim and carried by lab.Lab.
//
// A run logs in anonymously, downloads one file in exactly the scenario's
// mode (no fallback, like the oracle's python client) and quits; its
// outcome uses the oracle's words: ok, 425, 500, timeout, refused, and
// unreachable for an ICMP host or network unreachable (none of the
// shipped scenarios gives it; a ruleset of an admin's own can, e.g. a
// `reject with icmp type host-unreachable` in `ftplab ruleset check`).
package labrun
