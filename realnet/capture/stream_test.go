package capture

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// collect returns a half that appends delivered bytes and marks missing
// ones with '?'.
func collect(keep bool) (*half, *bytes.Buffer) {
	h := newHalf(keep)
	var out bytes.Buffer
	h.onData = func(b []byte, missing int64) {
		out.Write(b)
		out.Write(bytes.Repeat([]byte("?"), int(missing)))
	}
	return h, &out
}

type seg struct {
	off int
	n   int
}

func TestReassembly(t *testing.T) {
	msg := "USER anonymous\r\nPASS x\r\nPASV\r\n"
	const isn = 0xfffffff0 // wraps around within the stream
	cases := []struct {
		name    string
		segs    []seg
		want    string
		gap     int64
		retrans int
	}{
		{"in order", []seg{{0, 16}, {16, 8}, {24, 6}}, msg, 0, 0},
		{"reordered", []seg{{16, 8}, {0, 16}, {24, 6}}, msg, 0, 0},
		{"retransmitted", []seg{{0, 16}, {0, 16}, {16, 14}, {16, 8}}, msg, 0, 2},
		{"overlapping", []seg{{0, 10}, {5, 15}, {18, 12}}, msg, 0, 0},
		{"gap", []seg{{0, 16}, {24, 6}}, msg[:16] + "????????" + msg[24:], 8, 0},
		{"reverse", []seg{{24, 6}, {16, 8}, {0, 16}}, msg, 0, 0},
	}
	for _, c := range cases {
		h, out := collect(true)
		h.syn(isn)
		for _, s := range c.segs {
			h.segment(isn+1+uint32(s.off), s.n, []byte(msg[s.off:s.off+s.n]), false)
		}
		h.flush()
		if out.String() != c.want || h.gap != c.gap || h.retrans != c.retrans || h.sent() != int64(len(msg)) {
			t.Errorf("%s: got %q gap %d retrans %d sent %d, want %q gap %d retrans %d", c.name, out, h.gap, h.retrans, h.sent(), c.want, c.gap, c.retrans)
		}
	}
}

func TestSnapCut(t *testing.T) {
	h, out := collect(true)
	h.syn(100)
	h.segment(101, 1000, []byte("abc"), false)
	h.segment(1101, 10, nil, true)
	h.flush()
	if h.sent() != 1010 || h.gap != 0 || out.Len() != 1010 || !bytes.HasPrefix(out.Bytes(), []byte("abc?")) {
		t.Errorf("sent %d gap %d out %d %q", h.sent(), h.gap, out.Len(), out.Bytes()[:5])
	}
}

// TestCountOnlyBounded: a data stream shuffled at random delivers every
// byte once and keeps no payload.
func TestCountOnlyBounded(t *testing.T) {
	h, _ := collect(false)
	h.syn(7)
	r := rand.New(rand.NewPCG(1, 2))
	var segs []seg
	for off := 0; off < 1<<20; off += 1448 {
		segs = append(segs, seg{off, min(1448, 1<<20-off)})
	}
	r.Shuffle(len(segs), func(i, j int) { segs[i], segs[j] = segs[j], segs[i] })
	for _, s := range segs {
		h.segment(8+uint32(s.off), s.n, make([]byte, s.n), false)
		if h.pendLen != 0 {
			t.Fatal("a counting stream kept payload")
		}
	}
	h.flush()
	if h.sent() != 1<<20 {
		t.Errorf("sent %d, want %d (gap %d)", h.sent(), 1<<20, h.gap)
	}
}

func FuzzReassembly(f *testing.F) {
	f.Add([]byte{0, 10, 5, 10, 3, 2, 40, 8}, uint32(0xfffffff0))
	f.Fuzz(func(t *testing.T, ops []byte, isn uint32) {
		h, out := collect(true)
		h.syn(isn)
		for i := 0; i+1 < len(ops); i += 2 {
			off, n := int(ops[i]), int(ops[i+1])
			h.segment(isn+1+uint32(off), n, bytes.Repeat([]byte("x"), n), i%5 == 4)
		}
		h.flush()
		if int64(out.Len()) != h.sent() {
			t.Fatalf("delivered %d bytes, sent() says %d", out.Len(), h.sent())
		}
		if h.sent() > 512 {
			t.Fatalf("sent %d bytes from offsets and lengths below 256", h.sent())
		}
	})
}
