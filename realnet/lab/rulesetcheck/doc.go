// Package rulesetcheck answers "will FTP pass this firewall?": it places
// an admin's own nftables ruleset (as `nft list ruleset` prints it) on
// one host of the lab's standard topology, runs the real server and
// client through it in all five modes (and FTPS), and reports per mode
// the outcome and the rule, by file line, that decided. When a mode
// fails it proposes a fix as a ruleset diff — the missing ct helper
// assignment, a helper object never assigned or assigned on the wrong
// hook or port, the missing related accept — and runs the fixed ruleset
// to show what the fix changes. Constructs outside the subset the lab
// models are reported at file:line:col, not guessed at: each mode runs
// as if the rules holding them never matched, then as if each (and all)
// matched, and names the rules that would change it (unmodelled.go). The
// router's interfaces are lan and wan, as in the scenario files; an
// admin's own names are mapped with Options.Lan and Wan (ifaces.go).
package rulesetcheck
