// Package sim is the simulated network of ftplab: a pure, deterministic
// model of the hosts between an FTP client and an FTP server, and the
// timeline of what happened in it.
//
// It owns:
//   - the topology (hosts, interfaces, routes) and the scenario catalogue
//     of the kernel oracle (a to j3) and of the lessons (steal), with
//     typed address plans (Family), firewall kinds and NAT kinds;
//   - the firewalls on the client host, the server host or the router
//     (stateless rules, stateful rules over connection tracking);
//   - the FTP conntrack helper modelled on Linux's nf_conntrack_ftp and
//     nf_nat_ftp (HelperScan: PORT, EPRT, 227 and 229 read at the start
//     of a line only, one expectation at a time, no expectation for an
//     address other than the control connection's peer, blind after
//     AUTH TLS), and source and destination NAT on the router;
//   - the nftables subset the lab understands (ParseRuleset, with
//     file:line:col errors naming any construct it does not model) and
//     its evaluation (the verdict and the deciding rule by file line),
//     and scenario files (ParseScenario: Markdown front matter plus an nft block per
//     filtering host, parsed from bytes; assets/scenarios holds the
//     catalogue as such files);
//   - timelines of observed sessions (ObservedTimeline, ObserveEvents:
//     a proxy's or a capture's events, the connections derived from
//     them, no firewall state) and the finding label for their analysis;
//   - a seeded allocator of virtual ports;
//   - the event vocabulary (FixedLabels, CmdLabel, ReplyLabel), the
//     Timeline with a snapshot of the whole state after every event, the
//     questions a timeline answers about itself (Nth, Occurrence, Count,
//     Last, LastOn, LastVerdict, Blocked, BlockedAt), and its text and
//     JSON renderings (RenderText, RenderJSON) and JSON reader (ReadJSON).
//
// A Net is driven one socket operation at a time (Listen, Connect, Line,
// Bytes, Close) by the lab, which relays the real bytes.
//
// Invariants:
//   - Pure: sim does no I/O, reads no clock, takes no lock, starts no
//     goroutine and uses no global random source (only generators built
//     from a seed); it imports the standard library only. TestPurity
//     enforces this for the files of this directory, and the module's
//     architecture test for its imports.
//   - Deterministic: the same calls with the same seed give the same
//     timeline, byte for byte, in text and in JSON.
//   - Labels are extended, never renamed: lessons and tests bind to them.
//   - A timeline only grows: an event and the state after it never change
//     once added, so a Snapshot may be read while the Net goes on.
//     Steps count from 1; At(0) is the state before the first event.
//   - ReadJSON is the inverse of RenderJSON: reading then rendering gives
//     the same bytes. The JSON form keeps only the final state.
//   - A Net is not safe for concurrent use; the lab serialises its calls.
package sim
