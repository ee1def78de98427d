package proxy

import (
	"errors"
	"io"
	"net"
	"os"
	"time"
)

// Waking the relay once per batch. Relayed with a plain io.Copy, a RETR
// from vsftpd to curl on one machine woke the proxy for nearly every
// 64 KiB segment vsftpd sent (about 1300 wake-ups per 256 MiB), and the
// scheduler ran each wake-up on the core curl was reading on, preempting
// curl about 1100 times (perf sched, bench/README.md): curl, the
// bottleneck of the transfer, lost its core. With SO_RCVLOWAT the kernel
// wakes a reader only once relayLowat bytes wait, at the end of the
// stream, or when the receive window is about to close; the same RETR
// then woke the proxy about 240 times and it preempted curl about 70.
//
// The low-water mark would hold back the tail of a stream whose sender
// then waits for an answer (a TLS close_notify, a slow server's last
// bytes), so it is set only while data flows in bulk: after relayChunk
// bytes have been relayed in one direction, and only for as long as each
// further relayChunk arrives without the reader waiting relayWait for
// it. A wait that long drops the mark at once; the next relayChunk
// relayed re-arms it.
const (
	relayLowat = 1 << 20
	relayChunk = 4 << 20
	relayWait  = 50 * time.Millisecond
)

// relayCopy copies src to dst until src ends, as io.Copy does (between
// two TCP connections the kernel splices), in chunks of relayChunk bytes
// with the low-water mark raised on src during bulk transfer.
func relayCopy(dst, src net.Conn) (int64, error) {
	var n int64
	bulk := false
	for {
		if bulk {
			src.SetReadDeadline(time.Now().Add(relayWait))
		}
		m, err := io.Copy(dst, &io.LimitedReader{R: src, N: relayChunk})
		n += m
		switch {
		case bulk && errors.Is(err, os.ErrDeadlineExceeded):
			// The sender paused: nothing is lost (the deadline
			// stops only a wait for data), so relay what waits.
			bulk = false
			src.SetReadDeadline(time.Time{})
			setRcvLowat(src, 1)
		case err != nil, m < relayChunk:
			return n, err
		case !bulk:
			bulk = setRcvLowat(src, relayLowat)
		}
	}
}
