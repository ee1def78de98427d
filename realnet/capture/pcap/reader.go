package pcap

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"time"
)

// Link types (tcpdump.org/linktypes.html) the decoder understands.
const (
	LinkNull     = 0   // BSD loopback: 4-byte address family, host order
	LinkEthernet = 1   // Ethernet II, with 802.1Q tags
	LinkRaw      = 101 // raw IPv4 or IPv6
	LinkLoop     = 108 // OpenBSD loopback: family in network order
	LinkSLL      = 113 // Linux cooked capture v1
	LinkIPv4     = 228
	LinkIPv6     = 229
	LinkSLL2     = 276 // Linux cooked capture v2
)

// maxPacket bounds one packet's captured length: larger means the file is
// corrupt (libpcap's own limit is 256 KiB).
const maxPacket = 1 << 20

// Packet is one captured packet. Data is valid until the next call to
// Next.
type Packet struct {
	Time    time.Time
	Offset  int64 // where its record starts in the file
	Link    uint32
	Data    []byte // the captured bytes (maybe cut by a snap length)
	OrigLen int    // the packet's length on the wire
}

// Reader reads packets from a classic pcap or pcapng stream.
type Reader struct {
	name string
	r    *bufio.Reader
	off  int64
	buf  []byte
	next func() (Packet, error)

	// classic pcap
	order binary.ByteOrder
	nanos bool
	link  uint32
	// pcapng
	ifaces []iface
}

// NewReader reads the file header and returns a reader of its packets;
// name is only used in error messages.
func NewReader(name string, r io.Reader) (*Reader, error) {
	rd := &Reader{name: name, r: bufio.NewReaderSize(r, 1<<16)}
	magic, err := rd.r.Peek(4)
	if err != nil {
		return nil, rd.errf(0, "not a capture file: %d bytes, too short for a header", len(magic))
	}
	switch {
	case binary.BigEndian.Uint32(magic) == blockSHB:
		err = rd.startNG()
	case isClassicMagic(magic):
		err = rd.startClassic()
	default:
		return nil, rd.errf(0, "not a capture file (magic % x is neither pcap nor pcapng)", magic)
	}
	if err != nil {
		return nil, err
	}
	return rd, nil
}

// Next returns the next packet, or io.EOF after the last one.
func (r *Reader) Next() (Packet, error) { return r.next() }

func (r *Reader) errf(off int64, format string, args ...any) error {
	return &FormatError{File: r.name, Offset: off, Msg: sprintf(format, args...)}
}

// read fills n bytes from the stream into the reader's buffer.
func (r *Reader) read(n int) ([]byte, error) {
	if cap(r.buf) < n {
		r.buf = make([]byte, n)
	}
	b := r.buf[:n]
	got, err := io.ReadFull(r.r, b)
	r.off += int64(got)
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return b[:got], io.ErrUnexpectedEOF
		}
		return b[:got], err
	}
	return b, nil
}
