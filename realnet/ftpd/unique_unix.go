//go:build unix

package ftpd

import (
	"fmt"
	"io/fs"
	"syscall"
)

// uniqueID is the unique fact of MLST: device and inode, which tell
// hard links and symlinked paths to the same file apart from copies.
func uniqueID(fi fs.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%xU%x", uint64(st.Dev), uint64(st.Ino))
}
