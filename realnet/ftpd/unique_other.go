//go:build !unix

package ftpd

import "io/fs"

func uniqueID(fs.FileInfo) string { return "" }
