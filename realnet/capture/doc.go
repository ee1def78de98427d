// Package capture turns capture files into the lab's timelines: it reads
// pcap and pcapng (package pcap), puts each TCP stream back in order
// (retransmissions, overlaps and reordering resolved, missing bytes
// reported as gaps, data payloads counted and never kept), finds the FTP
// sessions in it on any port, splits their control connections into
// commands and replies, links each data connection to the PORT, EPRT, 227
// or 229 that announced it and the command it carried, and gives each
// transfer a verdict in the lab's words (ok, timeout, refused,
// unreachable, a reply code). Each session becomes a sim timeline with the
// lab's event labels, plus findings that explain it: the likely culprit,
// the lab scenario and lesson that reproduce it, the fix.
//
// Given two captures of the same sessions taken on both sides of a
// middlebox, it pairs the flows and shows what the middlebox did (Pair).
// It also writes a lab run as pcapng, one file per capture point
// (WriteRun), with TCP as a real stack would put it on the wire.
package capture
