// Command release builds ftplab's release archives, reproducibly:
//
//	go run ./cmd/release [-out dist] [-version V] [-targets linux/amd64,...]
//
// For each target it builds ./cmd/ftplab with -trimpath, -buildvcs=false
// and the version stamped (-X main.version, from git describe --tags
// --always --dirty), and packs it with the README, the man page and the
// shell completions into ftplab_V_GOOS_GOARCH.tar.gz (zip for Windows).
// SHA256SUMS lists the archives. Two runs on the same commit give
// byte-identical archives: entries in a fixed order, owned by 0:0, dated
// SOURCE_DATE_EPOCH or else the commit's time.
//
// It is a Go program rather than a shell script because archive/tar and
// archive/zip control every byte of an archive on every platform (GNU and
// BSD tar disagree on the flags that do), and its test calls it directly.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

// defaultTargets are the platforms students and teachers bring.
var defaultTargets = []string{
	"linux/amd64", "linux/arm64",
	"darwin/amd64", "darwin/arm64",
	"windows/amd64", "windows/arm64",
}

func main() {
	out := flag.String("out", "dist", "folder to write the archives and SHA256SUMS to")
	version := flag.String("version", "", "version to stamp (default: git describe --tags --always --dirty)")
	targets := flag.String("targets", strings.Join(defaultTargets, ","), "comma-separated GOOS/GOARCH list")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "release: unexpected argument", flag.Arg(0))
		os.Exit(2)
	}
	opts := options{Out: *out, Version: *version, Targets: strings.Split(*targets, ",")}
	archives, err := release(opts, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
	for _, a := range archives {
		fmt.Println(a)
	}
}
