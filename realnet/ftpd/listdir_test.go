package ftpd

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestListingMemory lists a directory of 10,000 files and, while the
// listing is under way, measures the heap: it must hold about the names
// (32 bytes each), not every entry's FileInfo or line (the old listing
// held some 300 bytes an entry: 3.6 GiB for 50 parallel LIST of 100,000
// files). Not parallel, so that no other test's allocations count.
func TestListingMemory(t *testing.T) {
	const files = 10_000
	_, addr, root := startServer(t, nil)
	dir := filepath.Join(root, "big")
	os.Mkdir(dir, 0o755)
	for i := range files {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("file-%06d.txt", i)))
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	x := dial(t, addr)
	x.login("anonymous", "x")
	data := x.epsv()
	heap := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	x.cmd(150, "LIST big")
	// Read a little and stop: the server is in the middle of the
	// listing, blocked on a full socket.
	if _, err := io.ReadFull(data, make([]byte, 4096)); err != nil {
		t.Fatal(err)
	}
	during := heap()
	n, _ := io.Copy(io.Discard, data)
	data.Close()
	x.expect(226)
	grew := int64(during) - int64(before)
	t.Logf("LIST of %d files (%d bytes): heap grew %d KiB during the listing (%d bytes per file)", files, n+4096, grew>>10, grew/files)
	if limit := int64(files * 100); grew > limit {
		t.Errorf("heap grew %d bytes during a listing of %d files, want under %d", grew, files, limit)
	}
}
