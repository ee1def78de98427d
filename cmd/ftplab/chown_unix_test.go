//go:build unix

package main

import (
	"io/fs"
	"os"
	"syscall"
)

// chownLike gives file the owner and group of like, best effort.
func chownLike(file string, like fs.FileInfo) {
	if st, ok := like.Sys().(*syscall.Stat_t); ok {
		os.Chown(file, int(st.Uid), int(st.Gid))
	}
}
