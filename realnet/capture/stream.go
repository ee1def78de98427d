package capture

// Limits of one direction's reassembly buffer: past them the earliest
// missing bytes are declared a gap and reassembly moves on, so memory
// stays bounded whatever the capture holds.
const (
	maxPendingPieces = 256
	maxPendingBytes  = 256 << 10
)

// piece is a segment that arrived ahead of the bytes before it.
type piece struct {
	start, end int64
	data       []byte // nil when the stream only counts
}

// half is one direction of a TCP connection, put back in order. Offsets
// are relative to the first byte after the SYN (or to the first segment
// seen when the SYN is not in the capture).
type half struct {
	keep    bool // keep bytes (control connection) or only count them
	started bool
	base    uint32
	next    int64
	pending []piece
	pendLen int

	inOrder int64 // bytes delivered in order, from TCP lengths
	gap     int64 // bytes never seen: holes in the sequence space
	retrans int   // segments that brought nothing new
	finAt   int64 // offset of the FIN, -1 until seen

	// onData gets the captured bytes of each in-order stretch; missing is
	// how many bytes after them were sent but not captured (snap length)
	// or never seen at all (a gap).
	onData func(b []byte, missing int64)
}

func newHalf(keep bool) *half { return &half{keep: keep, finAt: -1} }

// rel turns a sequence number into an offset near next (wrap-around safe).
func (h *half) rel(seq uint32) int64 {
	return h.next + int64(int32(seq-(h.base+uint32(h.next))))
}

// syn records the initial sequence number.
func (h *half) syn(seq uint32) {
	if !h.started {
		h.started, h.base = true, seq+1
	}
}

// segment takes one segment: its sequence number, payload length on the
// wire, the captured part of the payload, and whether it carries FIN.
func (h *half) segment(seq uint32, length int, data []byte, fin bool) {
	if !h.started {
		h.started, h.base = true, seq
	}
	s := h.rel(seq)
	e := s + int64(length)
	if fin && h.finAt < 0 {
		h.finAt = e
	}
	if length == 0 {
		return
	}
	if e <= h.next {
		h.retrans++
		return
	}
	if s > h.next {
		h.hold(s, e, data)
		return
	}
	h.deliver(s, e, data)
	h.drain()
}

// deliver passes on [s, e) with s <= next < e.
func (h *half) deliver(s, e int64, data []byte) {
	cut := h.next - s
	if cut < int64(len(data)) {
		data = data[cut:]
	} else {
		data = nil
	}
	n := e - h.next
	h.next = e
	h.inOrder += n
	if h.onData != nil {
		if !h.keep {
			data = nil
		}
		h.onData(data, n-int64(len(data)))
	}
}

// hold keeps a segment that came early.
func (h *half) hold(s, e int64, data []byte) {
	p := piece{start: s, end: e}
	if h.keep {
		p.data = append([]byte(nil), data...)
		h.pendLen += len(data)
	}
	i := len(h.pending)
	for i > 0 && h.pending[i-1].start > s {
		i--
	}
	h.pending = append(h.pending, piece{})
	copy(h.pending[i+1:], h.pending[i:])
	h.pending[i] = p
	if len(h.pending) > maxPendingPieces || h.pendLen > maxPendingBytes {
		h.skip()
	}
}

// drain delivers the held segments that now follow in order.
func (h *half) drain() {
	for len(h.pending) > 0 && h.pending[0].start <= h.next {
		p := h.pending[0]
		h.pending = h.pending[1:]
		h.pendLen -= len(p.data)
		if p.end <= h.next {
			h.retrans++
			continue
		}
		h.deliver(p.start, p.end, p.data)
	}
}

// skip declares the bytes before the first held segment a gap.
func (h *half) skip() {
	if len(h.pending) == 0 {
		return
	}
	n := h.pending[0].start - h.next
	h.gap += n
	h.next = h.pending[0].start
	if h.onData != nil {
		h.onData(nil, n)
	}
	h.drain()
}

// flush ends the stream: whatever is still held is delivered after the
// gaps before it.
func (h *half) flush() {
	for len(h.pending) > 0 {
		h.skip()
	}
	if h.finAt > h.next { // the FIN says more was sent than was seen
		n := h.finAt - h.next
		h.gap += n
		h.next = h.finAt
		if h.onData != nil {
			h.onData(nil, n)
		}
	}
}

// sent is how many bytes this direction carried: in order plus gaps.
func (h *half) sent() int64 { return h.inOrder + h.gap }
