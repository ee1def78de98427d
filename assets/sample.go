package assets

import "embed"

// Sample is the small tree "ftplab serve" serves by default. Its files sit
// under the directory "sample"; use fs.Sub(Sample, "sample") to serve it
// from its top.
//
//go:embed sample
var Sample embed.FS
