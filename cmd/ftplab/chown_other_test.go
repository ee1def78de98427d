//go:build !unix

package main

import "io/fs"

// chownLike does nothing: files have no Unix owner here.
func chownLike(string, fs.FileInfo) {}
