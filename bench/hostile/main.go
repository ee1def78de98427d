// Command hostile is an FTP server that misbehaves on purpose, for
// bench/hostile.sh to measure what it costs the client:
//
//	hostile -addr 127.0.0.1:2121 -mode reply     # a greeting that never ends ("220-..." forever)
//	hostile -addr 127.0.0.1:2121 -mode listing   # LIST sends -limit bytes of listing, then 226
//
// It logs anyone in and answers EPSV; whatever else is asked gets 200.
// Each connection stops after -limit bytes, so that a client without
// bounds cannot take the machine. It prints one line per connection on
// stderr: the bytes it sent and why it stopped.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"strings"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:2121", "listen address")
	mode := flag.String("mode", "reply", "reply: an endless greeting; listing: an endless LIST")
	limit := flag.Int64("limit", 1<<30, "bytes sent per connection at most")
	flag.Parse()
	if *mode != "reply" && *mode != "listing" {
		log.Fatalf("-mode %q: want reply or listing", *mode)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go serve(c, *mode, *limit)
	}
}

// lineOf is repeated to fill a buffer of about 64 KiB.
func endless(w io.Writer, line string, limit int64) (int64, error) {
	buf := []byte(strings.Repeat(line, 64<<10/len(line)))
	var n int64
	for n < limit {
		m, err := w.Write(buf[:min(int64(len(buf)), limit-n)])
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func serve(c net.Conn, mode string, limit int64) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Minute))
	if mode == "reply" {
		n, err := endless(c, "220-Welcome, and welcome again, and again.\r\n", limit)
		fmt.Fprintf(os.Stderr, "reply: sent %d bytes: %v\n", n, err)
		return
	}
	r := bufio.NewReader(c)
	reply := func(s string) { io.WriteString(c, s+"\r\n") }
	reply("220 hostile")
	var data net.Listener
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		verb, _, _ := strings.Cut(strings.TrimRight(line, "\r\n"), " ")
		switch strings.ToUpper(verb) {
		case "USER":
			reply("331 password")
		case "PASS":
			reply("230 logged in")
		case "EPSV":
			if data, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
				reply("425 " + err.Error())
				continue
			}
			reply(fmt.Sprintf("229 Entering Extended Passive Mode (|||%d|)", data.Addr().(*net.TCPAddr).Port))
		case "LIST", "NLST", "MLSD":
			listing(data, limit, reply)
			data = nil
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("200 ok")
		}
	}
}

// listing sends limit bytes of ls -l lines on the data connection.
func listing(data net.Listener, limit int64, reply func(string)) {
	if data == nil {
		reply("425 Use EPSV first.")
		return
	}
	reply("150 Here comes the directory listing.")
	d, err := data.Accept()
	data.Close()
	if err != nil {
		reply("425 " + err.Error())
		return
	}
	n, err := endless(d, "-rw-r--r--    1 ftp      ftp          4096 Jan 01 00:00 another-file-in-an-endless-directory\r\n", limit)
	d.Close()
	fmt.Fprintf(os.Stderr, "listing: sent %d bytes: %v\n", n, err)
	reply("226 Directory send OK.")
}
