// Command rawtcp is the raw loopback TCP reference of bench/throughput.sh:
// it moves the bytes of a file over one TCP connection with no protocol
// around them, the way an ideal FTP data connection would.
//
//	rawtcp listen -addr 127.0.0.1:0 -send FILE   serve FILE to one client
//	rawtcp listen -addr 127.0.0.1:0 -recv OUT    store one client's bytes in OUT
//	rawtcp dial -addr HOST:PORT -recv OUT        fetch the listener's bytes
//	rawtcp dial -addr HOST:PORT -send FILE       send FILE to the listener
//
// "listen" prints the address it listens on as its first line of output,
// serves one connection and exits. "dial" exits once the transfer is
// complete end to end (an upload waits until the listener has written the
// last byte and closed), and prints "bytes=N seconds=S".
//
// Sending is io.Copy from an *os.File to a *net.TCPConn: sendfile(2).
// Receiving into a regular file is io.Copy to an *os.File, which Go does
// with splice(2) through a pipe, or with -buf N a read(2)/write(2) loop
// through an N-byte buffer: on this project's 2-CPU machines the loop
// with a 1 MiB buffer is the faster of the two (about 0.6 s per GiB
// against 1.1 to 3.2 s for splice), so throughput.sh uses it as the
// ceiling for STOR. Receiving into /dev/null is a loop
// of read(2) into a 100 KiB buffer that is thrown away, as curl (whose
// download buffer is 100 KiB) and iperf3 do: splice into /dev/null would
// skip the copy to user space that every real client makes.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

var bufSize int

func main() {
	if len(os.Args) < 2 || (os.Args[1] != "listen" && os.Args[1] != "dial") {
		fmt.Fprintln(os.Stderr, "usage: rawtcp listen|dial -addr ADDR (-send FILE | -recv OUT) [-timeout D]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet("rawtcp "+os.Args[1], flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on or dial")
	send := fs.String("send", "", "file to send")
	recv := fs.String("recv", "", "file to write what is received into (/dev/null: read and discard)")
	timeout := fs.Duration("timeout", 5*time.Minute, "bound on the whole run")
	fs.IntVar(&bufSize, "buf", 0, "receive into a file with read(2)/write(2) through a buffer of this many bytes instead of splice(2)")
	fs.Parse(os.Args[2:])
	if (*send == "") == (*recv == "") {
		fmt.Fprintln(os.Stderr, "rawtcp: exactly one of -send and -recv")
		os.Exit(2)
	}
	deadline := time.Now().Add(*timeout)
	// A hung peer must not hang the benchmark.
	time.AfterFunc(*timeout+5*time.Second, func() {
		fmt.Fprintln(os.Stderr, "rawtcp: timed out")
		os.Exit(1)
	})

	var conn *net.TCPConn
	start := time.Now()
	if os.Args[1] == "listen" {
		l, err := net.Listen("tcp", *addr)
		check(err)
		fmt.Println(l.Addr().String())
		l.(*net.TCPListener).SetDeadline(deadline)
		c, err := l.Accept()
		check(err)
		l.Close()
		conn = c.(*net.TCPConn)
	} else {
		c, err := net.DialTimeout("tcp", *addr, 10*time.Second)
		check(err)
		conn = c.(*net.TCPConn)
	}
	conn.SetDeadline(deadline)

	var n int64
	var err error
	if *send != "" {
		n, err = sendFile(conn, *send)
	} else {
		n, err = recvTo(conn, *recv)
	}
	check(err)
	conn.Close()
	if os.Args[1] == "dial" {
		fmt.Printf("bytes=%d seconds=%.6f\n", n, time.Since(start).Seconds())
	}
}

// sendFile sends path over conn with sendfile, then half-closes and waits
// for the peer to close: the peer has stored everything.
func sendFile(conn *net.TCPConn, path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n, err := io.Copy(conn, f) // *TCPConn.ReadFrom(*os.File): sendfile
	if err != nil {
		return n, err
	}
	if err := conn.CloseWrite(); err != nil {
		return n, err
	}
	_, err = io.Copy(io.Discard, conn)
	return n, err
}

// recvTo reads conn until EOF into path.
func recvTo(conn *net.TCPConn, path string) (int64, error) {
	if path == os.DevNull {
		buf := make([]byte, 100<<10)
		var n int64
		for {
			m, err := conn.Read(buf)
			n += int64(m)
			if errors.Is(err, io.EOF) {
				return n, nil
			}
			if err != nil {
				return n, err
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	var n int64
	if bufSize > 0 {
		// Hide ReadFrom and WriteTo: a plain read/write loop.
		n, err = io.CopyBuffer(struct{ io.Writer }{f}, struct{ io.Reader }{conn}, make([]byte, bufSize))
	} else {
		n, err = io.Copy(f, conn) // *os.File.ReadFrom(*TCPConn): splice
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "rawtcp:", err)
		os.Exit(1)
	}
}
