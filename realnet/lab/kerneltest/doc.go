// Package kerneltest runs a lab scenario through the Linux kernel, for
// tests: its network built from namespaces, its rulesets loaded with the
// real nft -f from the scenario's own text, ftplab serve and ftplab get
// in all five modes, each outcome in the oracle's words (as labrun
// reports the lab's), so a test can compare the kernel with the lab.
// It needs root, ip and nft (netnstest.Require).
//
// It builds only on Linux: network namespaces and nft are Linux's.
package kerneltest
