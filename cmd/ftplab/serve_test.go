package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"testing"
	"time"

	"ftplab/assets"
	"ftplab/realnet/ftpd"
	"ftplab/realnet/wire"
)

// TestServeSample starts "ftplab serve" on a free port with no other
// flag, fetches the sample README over EPSV, and stops it as Ctrl-C does.
func TestServeSample(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, []string{"--addr", "127.0.0.1:0"}, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no welcome line: %v", err)
	}
	go io.Copy(io.Discard, pr)
	i := strings.Index(line, "curl ftp://")
	if i < 0 {
		t.Fatalf("welcome line does not say how to connect: %q", line)
	}
	addr := strings.TrimSuffix(strings.TrimSpace(line[i+len("curl ftp://"):]), "/")

	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(20 * time.Second))
	tp := textproto.NewConn(c)
	step := func(want int, line string) string {
		t.Helper()
		if line != "" {
			tp.PrintfLine("%s", line)
		}
		_, msg, err := tp.ReadResponse(want)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		return msg
	}
	step(220, "")
	step(331, "USER anonymous")
	step(230, "PASS test@")
	port, err := wire.Parse229(step(229, "EPSV"))
	if err != nil {
		t.Fatal(err)
	}
	host, _, _ := net.SplitHostPort(addr)
	data, err := net.DialTimeout("tcp", net.JoinHostPort(host, strconv.Itoa(int(port))), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	step(150, "RETR README.txt")
	got, _ := io.ReadAll(data)
	step(226, "")
	want, _ := fs.ReadFile(assets.Sample, "sample/README.txt")
	if string(got) != string(want) {
		t.Errorf("README.txt: got %d bytes, want %d", len(got), len(want))
	}
	step(550, "DELE README.txt") // read-only by default

	cancel() // Ctrl-C
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("runServe after Ctrl-C: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("runServe did not return after Ctrl-C")
	}
}

func TestServeFlagErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--bogus"},
		{"--user", "nopassword"},
		{"--anonymous=false"},
		{"--pasv-ports", "100-50"},
		{"--pasv-ports", "x"},
		{"--pasv-address", "::1"},
		{"--tls-cert", "a.pem"},
		{"--require-tls"},
		{"--addr", "nonsense"},
		{"--data-timeout", "0s"},
		{"extra"},
	} {
		err := runServe(context.Background(), args, io.Discard, io.Discard)
		if !errors.As(err, new(usageError)) {
			t.Errorf("serve %v: got %v, want a usage error", args, err)
		}
	}
}

func TestServeAnonymousDefault(t *testing.T) {
	for _, tc := range []struct {
		args []string
		anon bool
	}{
		{nil, true},
		{[]string{"--user", "bob:pw"}, false},
		{[]string{"--user", "bob:pw", "--anonymous"}, true},
	} {
		o, err := parseServeFlags(tc.args, io.Discard)
		if err != nil || o.anonymous != tc.anon {
			t.Errorf("%v: anonymous %v, err %v; want %v", tc.args, o.anonymous, err, tc.anon)
		}
	}
}

// TestServeConfig checks that the flags reach the server's configuration,
// and that the unsafe switches are off by default.
func TestServeConfig(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		check func(ftpd.Config) bool
	}{
		{nil, func(c ftpd.Config) bool {
			return c.DataTimeout == ftpd.DefaultDataTimeout && !c.PortPromiscuous && !c.TLSNoSessionReuse
		}},
		{[]string{"--data-timeout", "3s"}, func(c ftpd.Config) bool { return c.DataTimeout == 3*time.Second }},
		{[]string{"--port-promiscuous"}, func(c ftpd.Config) bool { return c.PortPromiscuous }},
		{[]string{"--tls-self-signed", "--tls-no-session-reuse"}, func(c ftpd.Config) bool { return c.TLS != nil && c.TLSNoSessionReuse }},
	} {
		o, err := parseServeFlags(tc.args, io.Discard)
		if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		cfg, err := serveConfig(o, nil)
		if err != nil || !tc.check(cfg) {
			t.Errorf("%v: config %+v, err %v", tc.args, cfg, err)
		}
	}
}

// TestServeHint checks that the welcome line's curl command dials
// something: a server on all addresses is reached on loopback.
func TestServeHint(t *testing.T) {
	for _, tc := range []struct{ listen, want string }{
		{"127.0.0.1:2121", "127.0.0.1:2121"},
		{"[::]:21", "127.0.0.1:21"}, // --addr 0.0.0.0:21 listens dual-stack
		{"0.0.0.0:21", "127.0.0.1:21"},
		{":2121", "127.0.0.1:2121"},
		{"[::1]:2121", "[::1]:2121"},
		{"192.0.2.7:21", "192.0.2.7:21"},
	} {
		if got := dialAddr(tc.listen); got != tc.want {
			t.Errorf("dialAddr(%q) = %q, want %q", tc.listen, got, tc.want)
		}
	}
	var b strings.Builder
	printWelcome(&b, "[::]:21", "x", serveOptions{anonymous: true})
	if !strings.Contains(b.String(), "curl ftp://127.0.0.1:21/") || strings.Contains(b.String(), "ftp://[::]") {
		t.Errorf("welcome for a server on all addresses: %q", b.String())
	}
}
