// Package rulesetcheck answers "will FTP pass this firewall?": it places
// an admin's own nftables ruleset (as `nft list ruleset` prints it) on
// one host of the lab's standard topology, runs the real server and
// client through it in all five modes (and FTPS), and reports per mode
// the outcome and the rule, by file line, that decided. When a mode
// fails it proposes a fix as a ruleset diff — the missing ct helper
// assignment, a helper object never assigned or assigned on the wrong
// hook or port, the missing related accept — and runs the fixed ruleset
// to show what the fix changes. Rules outside the subset the lab models
// are reported by the parser at file:line:col, before anything runs.
package rulesetcheck
