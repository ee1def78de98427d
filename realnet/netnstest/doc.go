// Package netnstest builds, for one test, the kernel oracle's three-host
// network out of Linux network namespaces, loads nftables rulesets into
// it with the real nft, and runs programs inside it:
//
//	client [c0 10.200.1.2] ==veth== [rc 10.200.1.1 | rs 10.200.2.1] router ==veth== [s0 10.200.2.2] server
//
// It is ../shared/oracle/lab.sh made reusable from Go: the same
// addresses and interface names, so the oracle's rulesets load unchanged.
// Every namespace gets a random suffix, so tests run side by side; nothing
// is configured in the root namespace (the veths are created inside the
// namespaces) and no traffic leaves them. Everything a test starts is
// stopped by process group, and the namespaces are deleted, in t.Cleanup
// — also when the test fails.
//
// StartVsftpd and StartServe run the oracle's servers in the server's
// namespace (vsftpd configured as oracle/servers/vsftpd.sh does; ftplab
// serve on port 21 with the passive range 40000-40009); Rulesets splits a
// scenario file with "## client", "## router", "## server" sections.
//
// Building namespaces needs root, ip (iproute2) and nft (nftables).
// Require skips a test without them, saying what is missing, or fails it
// when FTPLAB_REQUIRE_NETNS=1 (as in CI). The kernel's FTP helper
// (nf_conntrack_ftp, nf_nat_ftp) must be built in or loadable: a ruleset
// with `ct helper` fails to load otherwise, and LoadRuleset says so.
package netnstest
