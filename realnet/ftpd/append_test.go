package ftpd

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
)

// TestConcurrentAPPE has 20 clients append to one file at once. Every
// 226 must mean the bytes are in the file: the final size is the sum,
// and each client's bytes are there whole, in one piece. Run with
// FTPLAB_APPE_BYTES=4194304 -v for the measurement (20 × 4 MiB);
// it logs the final size.
func TestConcurrentAPPE(t *testing.T) {
	t.Parallel()
	const clients = 20
	size := 64 << 10
	if v := os.Getenv("FTPLAB_APPE_BYTES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			t.Fatalf("FTPLAB_APPE_BYTES=%q: want a positive byte count", v)
		}
		size = n
	}
	_, addr, root := startServer(t, func(c *Config) { c.Write = true })
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := dial(t, addr)
			x.login("alice", "secret")
			x.stor(x.epsv(), "APPE", "log.bin", bytes.Repeat([]byte{byte('A' + i)}, size))
			x.cmd(221, "QUIT")
		}()
	}
	wg.Wait()
	got, err := os.ReadFile(filepath.Join(root, "log.bin"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d concurrent APPE of %d bytes: final size %d (want %d)", clients, size, len(got), clients*size)
	if len(got) != clients*size {
		t.Fatalf("final size %d, want %d: acknowledged appends were lost", len(got), clients*size)
	}
	seen := map[byte]bool{}
	for off := 0; off < len(got); off += size {
		block := got[off : off+size]
		if bytes.Count(block, block[:1]) != size {
			t.Fatalf("block at %d mixes clients' bytes", off)
		}
		if seen[block[0]] {
			t.Fatalf("client %c appended twice", block[0])
		}
		seen[block[0]] = true
	}
	if hasTemp(root) {
		t.Error("temporary files left after the appends")
	}
}

// TestAbortedAPPE checks that an aborted APPE adds nothing to its target.
func TestAbortedAPPE(t *testing.T) {
	t.Parallel()
	_, addr, root := startServer(t, func(c *Config) { c.Write = true })
	x := dial(t, addr)
	x.login("alice", "secret")
	data := x.epsv()
	x.cmd(150, "APPE README.txt")
	data.Write(bytes.Repeat([]byte("partial"), 1000))
	x.cmd(213, "STAT")
	x.tp.PrintfLine("ABOR")
	x.expect(426)
	x.expect(226)
	data.Close()
	if got, _ := os.ReadFile(filepath.Join(root, "README.txt")); string(got) != testFiles["README.txt"] {
		t.Errorf("README.txt after an aborted APPE: %q", got)
	}
	waitFor(t, "temporary files to go", func() bool { return !hasTemp(root) })
}
