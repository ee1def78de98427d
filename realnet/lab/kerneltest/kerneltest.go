//go:build linux

package kerneltest

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"ftplab/realnet/netnstest"
	"ftplab/sim"
)

// fileName is the file the server serves and the client gets.
const fileName = "data.bin"

// BuildFTPLab builds the ftplab binary for the namespaces.
func BuildFTPLab(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ftplab")
	if out, err := exec.Command("go", "build", "-o", bin, "ftplab/cmd/ftplab").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// Run is what ftplab get said in one mode: its outcome in the oracle's
// words and what it wrote on stderr.
type Run struct{ Outcome, Stderr string }

// Outcomes builds sc's network out of namespaces (its own addresses and
// interface names), loads each firewall's text with nft -f, starts the
// ftplab binary bin as the server with sc's settings, and runs ftplab get
// in every mode at once from the client.
func Outcomes(t *testing.T, bin string, sc sim.Scenario) map[sim.Mode]Run {
	l := netnstest.NewPlan(t, planOf(t, sc))
	for _, fw := range sc.Firewalls {
		l.LoadRuleset(t, map[string]netnstest.Host{sim.HostClient: netnstest.Client, sim.HostRouter: netnstest.Router, sim.HostServer: netnstest.Server}[fw.Host], fw.Text)
	}
	root := netnstest.PublicDir(t, map[string][]byte{fileName: bytes.Repeat([]byte("ftplab "), 3000)})
	argv := []string{bin, "serve", "--addr", "0.0.0.0:21", "--root", root, "--data-timeout", "2s",
		"--pasv-ports", fmt.Sprintf("%d-%d", sc.PasvMin, sc.PasvMax)}
	if sc.ActiveFromPort20 {
		argv = append(argv, "--active-from-20")
	}
	if sc.PortPromiscuous {
		argv = append(argv, "--port-promiscuous")
	}
	if sc.PasvAddress.IsValid() {
		argv = append(argv, "--pasv-address", sc.PasvAddress.String())
	}
	if sc.TLS {
		argv = append(argv, "--tls-self-signed")
	}
	p := l.Start(t, netnstest.Server, argv...)
	l.WaitListening(t, netnstest.Server, 21, p, 5*time.Second)

	out := map[sim.Mode]Run{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, m := range sim.Modes() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			args := []string{bin, "get", "--mode", string(m), "--timeout", "6s", "-o", "-"}
			if sc.TLS {
				args = append(args, "--tls", "--insecure")
			}
			args = append(args, "ftp://"+sc.ServerTarget.String()+"/"+fileName)
			_, errOut, err := l.Run(netnstest.Client, 30*time.Second, args...)
			mu.Lock()
			out[m] = Run{outcomeOf(err, errOut), strings.TrimSpace(errOut)}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

// replyCode finds the FTP reply that failed a command ("RETR data.bin:
// 425 Failed to establish connection.").
var replyCode = regexp.MustCompile(`: ([45]\d\d) `)

// outcomeOf reads ftplab get's failure in the oracle's words, as classify
// reads the client's error in the lab.
func outcomeOf(err error, stderr string) string {
	switch {
	case err == nil:
		return "ok"
	case strings.Contains(stderr, "data connection ("):
		for _, w := range []string{"timeout", "refused", "unreachable"} {
			if strings.Contains(stderr, ": "+w) {
				return w
			}
		}
	}
	if m := replyCode.FindAllStringSubmatch(stderr, -1); m != nil {
		return m[len(m)-1][1]
	}
	return "error"
}

// planOf is sc's topology as namespaces: the client's and the server's
// interface, and the router's on each side, with their addresses.
func planOf(t *testing.T, sc sim.Scenario) netnstest.Plan {
	t.Helper()
	var p netnstest.Plan
	var cliLink, srvLink string
	for _, h := range sc.Topology.Hosts {
		switch h.Name {
		case sc.ClientHost:
			p.ClientIf, p.Client, cliLink = h.Interfaces[0].Name, h.Interfaces[0].Addr, h.Interfaces[0].Link
		case sc.ServerHost:
			p.ServerIf, p.Server, srvLink = h.Interfaces[0].Name, h.Interfaces[0].Addr, h.Interfaces[0].Link
		}
	}
	for _, h := range sc.Topology.Hosts {
		if h.Name != sc.RouterHost {
			continue
		}
		for _, i := range h.Interfaces {
			switch i.Link {
			case cliLink:
				p.RouterClientIf, p.RouterClient = i.Name, i.Addr
			case srvLink:
				p.RouterServerIf, p.RouterServer = i.Name, i.Addr
			}
		}
	}
	if p.ClientIf == "" || p.ServerIf == "" || p.RouterClientIf == "" || p.RouterServerIf == "" {
		t.Fatalf("scenario %s: not a client-router-server topology: %+v", sc.ID, p)
	}
	return p
}
