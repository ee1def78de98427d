// Package sim is the simulated network of ftplab: a pure, deterministic
// model of the hosts between an FTP client and an FTP server.
//
// It owns the topology (hosts, interfaces, routes), the firewalls that sit
// on the client host, the server host or the router (open, stateless rules,
// stateful rules over connection tracking), the FTP conntrack helper
// modelled on Linux's nf_conntrack_ftp and nf_nat_ftp (it reads PORT, EPRT,
// 227 and 229 at the start of a line, records one expectation at a time,
// refuses to record an address that is not the control connection's peer,
// and goes blind after AUTH TLS), source and destination NAT on the router,
// a seeded allocator of virtual ports, the event vocabulary, the timeline
// with a snapshot of the whole state after every event, the scenario
// catalogue of the kernel oracle (scenarios a to j3), and a plain-text and
// JSON rendering of a timeline.
//
// A Net is driven one socket operation at a time (Listen, Connect, Line,
// Bytes, Close) by the lab, which relays the real bytes. sim does no I/O,
// reads no clock and starts no goroutine: the same calls with the same seed
// give the same timeline, byte for byte. A Net is not safe for concurrent
// use; the lab serialises its calls.
//
// It also reads, from bytes, the subset of nftables the lab models
// (ParseRuleset; Ruleset.Eval judges one packet at one hook and names the
// deciding rule by its file line) and scenario files: a front matter for
// the topology and the server's settings, and each filtering host's
// ruleset (ParseScenario; the catalogue as files is assets/scenarios).
package sim
