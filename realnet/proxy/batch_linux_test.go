package proxy

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRelayLowat: the relay raises SO_RCVLOWAT on the leg it reads once a
// transfer is in bulk, in both directions; a tail shorter than the mark,
// whose sender then waits, still arrives (the mark drops after relayWait);
// and every byte arrives in order, the sender's close ending the stream.
func TestRelayLowat(t *testing.T) {
	for _, tc := range []struct {
		name string
		down bool // server to client, as in RETR
	}{{"RETR", true}, {"STOR", false}} {
		t.Run(tc.name, func(t *testing.T) {
			client, c := tcpPair(t)
			server, u := tcpPair(t)
			s := &session{p: &Proxy{}, ctx: context.Background()}
			done := make(chan struct{})
			go func() {
				defer close(done)
				s.relay(c, u, netip.AddrPort{}, netip.AddrPort{}, true)
			}()
			from, to, leg := client, server, c
			if tc.down {
				from, to, leg = server, client, u
			}
			body := make([]byte, relayChunk+300<<10)
			rand.Read(body)
			tail := []byte("the last line, and the sender waits\n")
			// The mark is up from the first relayChunk on until the
			// relay waits relayWait for more; a loaded machine may take
			// that long to read the body, so it is watched while the
			// body flows, not after.
			highest := watchLowat(leg)
			go from.Write(body)
			got := readN(t, to, len(body))
			seen := highest()
			if v, err := lowatOf(leg); err == nil { // the last of the bulk, if the watcher missed it
				seen = max(seen, v)
			} else {
				t.Errorf("reading SO_RCVLOWAT: %v", err)
			}
			if want := wantLowat(t); seen != want {
				t.Errorf("SO_RCVLOWAT of the read leg in bulk = %d, want %d", seen, want)
			}
			// All the body has been relayed: the tail waits under
			// the raised mark until relayWait has passed.
			from.Write(tail)
			got = append(got, readN(t, to, len(tail))...)
			from.(*net.TCPConn).CloseWrite()
			to.SetReadDeadline(time.Now().Add(5 * time.Second))
			if rest, err := io.ReadAll(to); err != nil || len(rest) > 0 {
				t.Errorf("after the sender's close: %d more bytes, %v; want EOF", len(rest), err)
			}
			if want := append(body, tail...); !bytes.Equal(got, want) {
				t.Errorf("relayed %d bytes unlike the %d sent", len(got), len(want))
			}
			to.Close()
			from.Close()
			<-done
		})
	}
}

// watchLowat samples c's SO_RCVLOWAT every millisecond until the
// returned function is called, which returns the highest value seen
// (0 if none could be read).
func watchLowat(c net.Conn) func() int {
	stop, done := make(chan struct{}), make(chan int)
	go func() {
		high := 0
		for {
			if v, err := lowatOf(c); err == nil {
				high = max(high, v)
			}
			select {
			case <-stop:
				done <- high
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return func() int { close(stop); return <-done }
}

// readN reads n bytes from c within 5 s: a tail held back by the
// low-water mark would hang here.
func readN(t *testing.T, c net.Conn, n int) []byte {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	b := make([]byte, n)
	if m, err := io.ReadFull(c, b); err != nil {
		t.Fatalf("read %d of %d bytes: %v", m, n, err)
	}
	return b
}

// tcpPair returns both ends of a loopback TCP connection.
func tcpPair(t *testing.T) (net.Conn, net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	a, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	b, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}

// lowatOf reads c's SO_RCVLOWAT.
func lowatOf(c net.Conn) (int, error) {
	rc, err := c.(syscall.Conn).SyscallConn()
	if err != nil {
		return 0, err
	}
	var v int
	var gerr error
	if err := rc.Control(func(fd uintptr) { v, gerr = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVLOWAT) }); err != nil {
		return 0, err
	}
	if gerr != nil {
		return 0, fmt.Errorf("getsockopt SO_RCVLOWAT: %w", gerr)
	}
	return v, nil
}

// wantLowat is relayLowat, or the cap Linux puts on it: half the largest
// receive buffer (net.ipv4.tcp_rmem's last field).
func wantLowat(t *testing.T) int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/tcp_rmem")
	if err != nil {
		return relayLowat
	}
	f := strings.Fields(string(b))
	max, err := strconv.Atoi(f[len(f)-1])
	if err != nil || max/2 >= relayLowat {
		return relayLowat
	}
	return max / 2
}
