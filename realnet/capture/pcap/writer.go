package pcap

import (
	"encoding/binary"
	"io"
	"time"
)

// Writer writes a pcapng file with one Ethernet interface and
// nanosecond timestamps.
type Writer struct {
	w   io.Writer
	buf []byte
}

// NewWriter writes the section header and the interface description;
// name is the interface's name (if_name), e.g. the capture point.
func NewWriter(w io.Writer, name string) (*Writer, error) {
	wr := &Writer{w: w}
	shb := le(nil, byteOrderMark)
	shb = binary.LittleEndian.AppendUint16(shb, 1)
	shb = binary.LittleEndian.AppendUint16(shb, 0)
	shb = binary.LittleEndian.AppendUint64(shb, ^uint64(0)) // section length unknown
	shb = appendOption(shb, 0, nil)
	if err := wr.block(blockSHB, shb); err != nil {
		return nil, err
	}
	idb := binary.LittleEndian.AppendUint16(nil, LinkEthernet)
	idb = binary.LittleEndian.AppendUint16(idb, 0)
	idb = le(idb, 0) // no snap length
	idb = appendOption(idb, 2, []byte(name))
	idb = appendOption(idb, 9, []byte{9}) // if_tsresol: nanoseconds
	idb = appendOption(idb, 0, nil)
	if err := wr.block(blockIDB, idb); err != nil {
		return nil, err
	}
	return wr, nil
}

// WritePacket writes one Ethernet frame captured at t, whole.
func (w *Writer) WritePacket(t time.Time, frame []byte) error {
	ns := uint64(t.UnixNano())
	b := le(w.buf[:0], 0)
	b = le(b, uint32(ns>>32))
	b = le(b, uint32(ns))
	b = le(b, uint32(len(frame)))
	b = le(b, uint32(len(frame)))
	b = append(b, frame...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	w.buf = b
	return w.block(blockEnhanced, b)
}

func (w *Writer) block(typ uint32, body []byte) error {
	n := uint32(len(body) + 12)
	h := le(le(nil, typ), n)
	if _, err := w.w.Write(h); err != nil {
		return err
	}
	if _, err := w.w.Write(body); err != nil {
		return err
	}
	_, err := w.w.Write(le(nil, n))
	return err
}

func le(b []byte, v uint32) []byte { return binary.LittleEndian.AppendUint32(b, v) }

func appendOption(b []byte, code uint16, v []byte) []byte {
	b = binary.LittleEndian.AppendUint16(b, code)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(v)))
	b = append(b, v...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}
