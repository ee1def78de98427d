// Command capgen writes a large synthetic FTP capture for the capture
// benchmark (bench/capture.sh): many sessions, eight at a time
// interleaved, each logging in, opening a data connection (PORT and PASV
// in turn, every tenth one to a port that never answers) and downloading
// a file in MSS-sized segments, as classic pcap with whole payloads.
//
//	go run ./bench/capgen -o big.pcap -size 1GiB
package main

import (
	"bufio"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"ftplab/realnet/capture/pcap"
)

func main() {
	out := flag.String("o", "capture.pcap", "output file")
	size := flag.String("size", "1GiB", "approximate file size (MiB or GiB suffix)")
	per := flag.Int("file", 1<<20, "bytes downloaded per session")
	flag.Parse()
	total, err := parseSize(*size)
	if err != nil {
		fmt.Fprintln(os.Stderr, "capgen:", err)
		os.Exit(2)
	}
	if err := generate(*out, total, *per); err != nil {
		fmt.Fprintln(os.Stderr, "capgen:", err)
		os.Exit(1)
	}
}

func parseSize(s string) (int64, error) {
	var n int64
	var unit string
	if _, err := fmt.Sscanf(s, "%d%s", &n, &unit); err != nil {
		return 0, fmt.Errorf("size %q: want e.g. 1GiB or 300MiB", s)
	}
	switch strings.ToLower(unit) {
	case "gib":
		return n << 30, nil
	case "mib":
		return n << 20, nil
	}
	return 0, fmt.Errorf("size %q: unit must be MiB or GiB", s)
}

// writer writes classic pcap records.
type writer struct {
	w *bufio.Writer
	n int64
	t time.Time
}

func (w *writer) packet(s pcap.Segment, mss uint16) {
	f := pcap.Frame(s, mss)
	w.t = w.t.Add(7 * time.Microsecond)
	var h [16]byte
	binary.LittleEndian.PutUint32(h[:], uint32(w.t.Unix()))
	binary.LittleEndian.PutUint32(h[4:], uint32(w.t.Nanosecond()/1000))
	binary.LittleEndian.PutUint32(h[8:], uint32(len(f)))
	binary.LittleEndian.PutUint32(h[12:], uint32(len(f)))
	w.w.Write(h[:])
	w.w.Write(f)
	w.n += int64(16 + len(f))
}

func generate(path string, total int64, per int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := &writer{w: bufio.NewWriterSize(f, 1<<20), t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	var h [24]byte
	binary.LittleEndian.PutUint32(h[:], 0xa1b2c3d4)
	binary.LittleEndian.PutUint16(h[4:], 2)
	binary.LittleEndian.PutUint16(h[6:], 4)
	binary.LittleEndian.PutUint32(h[16:], 65535)
	binary.LittleEndian.PutUint32(h[20:], pcap.LinkEthernet)
	w.w.Write(h[:])
	id := 0
	for w.n < total {
		batch := make([]*session, 8)
		for i := range batch {
			batch[i] = newSession(id, per)
			id++
		}
		for live := len(batch); live > 0; {
			live = 0
			for _, s := range batch {
				if s.step(w) {
					live++
				}
			}
		}
	}
	if err := w.w.Flush(); err != nil {
		return err
	}
	fmt.Printf("%s: %d sessions, %d bytes\n", path, id, w.n)
	return f.Close()
}
