package main

import (
	"archive/tar"
	"archive/zip"
	"compress/flate"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"time"
)

// An entry is one file of an archive.
type entry struct {
	Name string // slash-separated, inside the archive's top folder
	Data []byte
	Mode int64 // 0o755 for the binary, 0o644 otherwise
}

// writeArchive packs the binary and docs into out/ftplab_V_GOOS_GOARCH
// (.tar.gz, or .zip for Windows), all under one folder of that name.
func writeArchive(out, goos, goarch, version, bin string, docs []docFile, mtime time.Time) (string, error) {
	data, err := os.ReadFile(bin)
	if err != nil {
		return "", err
	}
	entries := []entry{{filepath.Base(bin), data, 0o755}}
	for _, d := range docs {
		entries = append(entries, entry{d.Name, d.Data, 0o644})
	}
	base := fmt.Sprintf("ftplab_%s_%s_%s", version, goos, goarch)
	name := filepath.Join(out, base+".tar.gz")
	write := writeTarGz
	if goos == "windows" {
		name, write = filepath.Join(out, base+".zip"), writeZip
	}
	f, err := os.Create(name)
	if err != nil {
		return "", err
	}
	err = write(f, base, entries, mtime)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return name, nil
}

// writeTarGz writes entries in the given order, owned by 0:0 with no
// user or group names, dated mtime, in a gzip stream with no name or
// time in its header.
func writeTarGz(w io.Writer, dir string, entries []entry, mtime time.Time) error {
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		h := &tar.Header{
			Typeflag: tar.TypeReg,
			Name:     path.Join(dir, e.Name),
			Size:     int64(len(e.Data)),
			Mode:     e.Mode,
			ModTime:  mtime,
			Format:   tar.FormatUSTAR,
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(e.Data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// writeZip writes entries in the given order, deflated, dated mtime.
func writeZip(w io.Writer, dir string, entries []entry, mtime time.Time) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, e := range entries {
		h := &zip.FileHeader{Name: path.Join(dir, e.Name), Method: zip.Deflate, Modified: mtime}
		h.SetMode(os.FileMode(e.Mode))
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(e.Data); err != nil {
			return err
		}
	}
	return zw.Close()
}
