//go:build !unix

package main

// raiseNofile does nothing where there is no descriptor limit to raise.
func raiseNofile() {}
