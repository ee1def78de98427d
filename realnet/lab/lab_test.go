package lab

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"syscall"
	"testing"
	"time"

	"ftplab/sim"
)

func newTestLab(t *testing.T, scenario string) (*Lab, sim.Scenario) {
	t.Helper()
	sc, err := shipped.Lookup(scenario)
	if err != nil {
		t.Fatal(err)
	}
	l := New(sim.New(sc, 1), NewStepper(FullSpeed))
	t.Cleanup(func() { l.Close() })
	return l, sc
}

// TestLabControlLine carries a control dialogue over the lab and checks
// that each end sees virtual addresses and that lines arrive whole.
func TestLabControlLine(t *testing.T) {
	l, sc := newTestLab(t, "a")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv := l.Host(sc.ServerHost)
	ln, err := srv.Listen(ctx, "tcp", netip.AddrPortFrom(sc.ServerAddr, 21).String())
	if err != nil {
		t.Fatal(err)
	}
	type seen struct {
		local, remote string
		line          string
		err           error
	}
	got := make(chan seen, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- seen{err: err}
			return
		}
		defer c.Close()
		c.Write([]byte("220 hello\r\n"))
		line, err := bufio.NewReader(c).ReadString('\n')
		got <- seen{c.LocalAddr().String(), c.RemoteAddr().String(), line, err}
	}()
	c, err := l.Host(sc.ClientHost).Dial(ctx, "tcp", "", sc.ServerTarget.String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	greet, err := bufio.NewReader(c).ReadString('\n')
	if err != nil || greet != "220 hello\r\n" {
		t.Fatalf("greeting %q, %v", greet, err)
	}
	// A command written in two pieces arrives as one line.
	c.Write([]byte("US"))
	c.Write([]byte("ER anonymous\r\n"))
	s := <-got
	if s.err != nil {
		t.Fatal(s.err)
	}
	if s.line != "USER anonymous\r\n" {
		t.Errorf("server read %q", s.line)
	}
	if s.local != sc.ServerTarget.String() {
		t.Errorf("server's local address %s, want %s", s.local, sc.ServerTarget)
	}
	if !strings.HasPrefix(s.remote, sc.ClientAddr.String()+":") {
		t.Errorf("server sees the client as %s, want %s:port", s.remote, sc.ClientAddr)
	}
	if c.LocalAddr().String() != s.remote {
		t.Errorf("client's local %s != server's view %s (no NAT in scenario a)", c.LocalAddr(), s.remote)
	}
	labels := strings.Join(l.Timeline().Labels(), " ")
	for _, want := range []string{"control.listen", "control.connect", "control.accept", "reply.220", "cmd.USER"} {
		if !strings.Contains(labels, want) {
			t.Errorf("timeline lacks %s: %s", want, labels)
		}
	}
}

// TestLabVerdicts checks that a dropped SYN times out and a refused one
// is refused at once, without waiting in real time.
func TestLabVerdicts(t *testing.T) {
	tests := []struct {
		scenario string
		dial     func(sc sim.Scenario) (host string, to netip.AddrPort)
		timeout  bool
	}{
		// c: the client's stateful firewall drops a new inbound connection.
		{"c", func(sc sim.Scenario) (string, netip.AddrPort) {
			return sc.ServerHost, netip.AddrPortFrom(sc.ClientAddr, 50000)
		}, true},
		// i3: nothing is forwarded to the passive port: the router answers RST.
		{"i3", func(sc sim.Scenario) (string, netip.AddrPort) {
			return sc.ClientHost, netip.AddrPortFrom(sc.ServerTarget.Addr(), 40001)
		}, false},
	}
	for _, tt := range tests {
		l, sc := newTestLab(t, tt.scenario)
		host, to := tt.dial(sc)
		if tt.timeout {
			ln, err := l.Host(sc.ClientHost).Listen(context.Background(), "tcp", to.String())
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
		}
		start := time.Now()
		_, err := l.Host(host).Dial(context.Background(), "tcp", "", to.String())
		if took := time.Since(start); took > time.Second {
			t.Errorf("%s: dial took %v in real time", tt.scenario, took)
		}
		var ne net.Error
		switch {
		case err == nil:
			t.Errorf("%s: dial to %s succeeded", tt.scenario, to)
		case tt.timeout && !(errors.As(err, &ne) && ne.Timeout()):
			t.Errorf("%s: got %v, want a timeout", tt.scenario, err)
		case !tt.timeout && !errors.Is(err, syscall.ECONNREFUSED):
			t.Errorf("%s: got %v, want connection refused", tt.scenario, err)
		}
	}
}
