//go:build linux

package netnstest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Host is one of the lab's three hosts.
type Host int

const (
	Client Host = iota
	Router
	Server
)

func (h Host) String() string { return [...]string{"client", "router", "server"}[h] }

// The addresses of the topology, as in the oracle's lab.sh.
const (
	ClientIP       = "10.200.1.2" // c0, the client's only interface
	RouterClientIP = "10.200.1.1" // rc, the router on the client's LAN
	RouterServerIP = "10.200.2.1" // rs, the router on the server's LAN
	ServerIP       = "10.200.2.2" // s0, the server's only interface
)

// Lab is one test's three namespaces.
type Lab struct {
	ns [3]string
}

// Require skips the test unless it can build namespaces: root, ip and
// nft. Under FTPLAB_REQUIRE_NETNS=1 it fails the test instead.
func Require(t testing.TB) {
	t.Helper()
	var missing []string
	if os.Geteuid() != 0 {
		missing = append(missing, "root")
	}
	for _, p := range []string{"ip", "nft", "ss"} {
		if _, err := exec.LookPath(p); err != nil {
			missing = append(missing, p+" (apt-get install iproute2 nftables)")
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := "network namespace tests need " + strings.Join(missing, ", ")
	if os.Getenv("FTPLAB_REQUIRE_NETNS") == "1" {
		t.Fatal(msg + "; FTPLAB_REQUIRE_NETNS=1 makes this a failure")
	}
	t.Skip(msg)
}

// Plan is a three-host topology: the name and address of each interface
// (the router has one towards the client, one towards the server).
type Plan struct {
	ClientIf, RouterClientIf, RouterServerIf, ServerIf string
	Client, RouterClient, RouterServer, Server         netip.Prefix
}

// OraclePlan is lab.sh's topology: c0, rc, rs, s0 on 10.200.1.0/24 and
// 10.200.2.0/24.
func OraclePlan() Plan {
	return Plan{ClientIf: "c0", RouterClientIf: "rc", RouterServerIf: "rs", ServerIf: "s0",
		Client: netip.MustParsePrefix(ClientIP + "/24"), RouterClient: netip.MustParsePrefix(RouterClientIP + "/24"),
		RouterServer: netip.MustParsePrefix(RouterServerIP + "/24"), Server: netip.MustParsePrefix(ServerIP + "/24")}
}

// New builds the three namespaces of the oracle's plan, their links,
// addresses and routes, and deletes them when the test ends.
func New(t testing.TB) *Lab { return NewPlan(t, OraclePlan()) }

// NewPlan builds the three namespaces of plan p (a scenario's own
// addresses and interface names, say: they exist only inside them).
func NewPlan(t testing.TB, p Plan) *Lab {
	t.Helper()
	Require(t)
	var b [4]byte
	rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	l := &Lab{ns: [3]string{"ftpl-c-" + id, "ftpl-r-" + id, "ftpl-s-" + id}}
	for _, ns := range l.ns {
		ip(t, "netns", "add", ns)
		t.Cleanup(func() { l.remove(t, ns) })
		ip(t, "-n", ns, "link", "set", "lo", "up")
		l.sysctl(t, hostOf(l, ns), "net/ipv6/conf/all/disable_ipv6", "1")
	}
	c, r, s := l.ns[Client], l.ns[Router], l.ns[Server]
	ip(t, "-n", c, "link", "add", p.ClientIf, "type", "veth", "peer", "name", p.RouterClientIf, "netns", r)
	ip(t, "-n", r, "link", "add", p.RouterServerIf, "type", "veth", "peer", "name", p.ServerIf, "netns", s)
	for _, a := range []struct {
		ns, dev string
		addr    netip.Prefix
	}{
		{c, p.ClientIf, p.Client}, {r, p.RouterClientIf, p.RouterClient}, {r, p.RouterServerIf, p.RouterServer}, {s, p.ServerIf, p.Server},
	} {
		ip(t, "-n", a.ns, "addr", "add", a.addr.String(), "dev", a.dev)
		ip(t, "-n", a.ns, "link", "set", a.dev, "up")
	}
	ip(t, "-n", c, "route", "add", "default", "via", p.RouterClient.Addr().String())
	ip(t, "-n", s, "route", "add", "default", "via", p.RouterServer.Addr().String())
	l.sysctl(t, Router, "net/ipv4/ip_forward", "1")
	return l
}

func hostOf(l *Lab, ns string) Host {
	for h, n := range l.ns {
		if n == ns {
			return Host(h)
		}
	}
	panic("netnstest: unknown namespace " + ns)
}

// sysctl sets a network setting of the host's namespace: /proc/sys/net
// shows the settings of the namespace of the process that reads it (no
// dependency on procps' sysctl).
func (l *Lab) sysctl(t testing.TB, h Host, key, value string) {
	t.Helper()
	l.Exec(t, h, 5*time.Second, "sh", "-c", "echo "+value+" > /proc/sys/"+key)
}

// NS is the name of a host's namespace.
func (l *Lab) NS(h Host) string { return l.ns[h] }

// remove kills what is left in a namespace (it is the test's own: its
// name is unique) and deletes it.
func (l *Lab) remove(t testing.TB, ns string) {
	for range 3 {
		out, _ := exec.Command("ip", "netns", "pids", ns).Output()
		pids := strings.Fields(string(out))
		if len(pids) == 0 {
			break
		}
		exec.Command("kill", append([]string{"-KILL"}, pids...)...).Run()
		time.Sleep(50 * time.Millisecond)
	}
	if out, err := exec.Command("ip", "netns", "del", ns).CombinedOutput(); err != nil {
		t.Errorf("netnstest: deleting namespace %s: %v: %s", ns, err, out)
	}
}

// LoadRuleset replaces the host's nftables ruleset with text, as
// `nft -f` reads it. An empty text just flushes the ruleset.
func (l *Lab) LoadRuleset(t testing.TB, h Host, text string) {
	t.Helper()
	full := "flush ruleset\n" + text
	cmd := exec.Command("ip", "netns", "exec", l.ns[h], "nft", "-f", "-")
	cmd.Stdin = strings.NewReader(full)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("netnstest: nft -f on the %s: %v\n%s\nruleset:\n%s", h, err, out, text)
	}
}

// Exec runs argv inside the host's namespace and waits for it, at most
// timeout. It fails the test when the command fails.
func (l *Lab) Exec(t testing.TB, h Host, timeout time.Duration, argv ...string) string {
	t.Helper()
	out, errOut, err := l.Run(h, timeout, argv...)
	if err != nil {
		t.Fatalf("netnstest: %s on the %s: %v\n%s%s", strings.Join(argv, " "), h, err, out, errOut)
	}
	return out
}

func ip(t testing.TB, args ...string) {
	t.Helper()
	if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
		t.Fatalf("netnstest: ip %s: %v: %s", strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
}

// Rulesets splits a scenario file into each host's ruleset: the lines
// after "## client", "## router" and "## server" headings, up to the next
// heading. Lines before the first heading are the file's description.
func Rulesets(text string) (map[Host]string, error) {
	out := map[Host]string{}
	cur := Host(-1)
	for i, line := range strings.Split(text, "\n") {
		if name, ok := strings.CutPrefix(line, "## "); ok {
			switch strings.TrimSpace(name) {
			case "client":
				cur = Client
			case "router":
				cur = Router
			case "server":
				cur = Server
			default:
				return nil, fmt.Errorf("line %d: heading %q: want client, router or server", i+1, name)
			}
			continue
		}
		if cur >= 0 {
			out[cur] += line + "\n"
		}
	}
	return out, nil
}
