//go:build !unix

package main

// checkTerminal: elsewhere tcell finds the console itself, and reports
// its own error.
func checkTerminal() error { return nil }
