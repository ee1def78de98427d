package labrun

import (
	"context"
	"fmt"
	"os"
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

// TestKernelAgreesWithTheLab keeps the catalogue honest: for every shipped
// scenario it builds the scenario's network out of namespaces (its own
// addresses and interface names), loads each host's ruleset from the
// scenario file with the real nft -f, runs ftplab serve and ftplab get in
// all five modes through the kernel, and checks that every outcome is the
// lab's. FTPLAB_KERNEL_SCENARIOS=DIR checks the scenario files of DIR
// instead (a scratch copy with a rule changed, say).
func TestKernelAgreesWithTheLab(t *testing.T) {
	netnstest.Require(t)
	if testing.Short() {
		t.Skip("network namespaces: not in -short")
	}
	cat := shipped
	if dir := os.Getenv("FTPLAB_KERNEL_SCENARIOS"); dir != "" {
		c, err := sim.NewCatalogue(os.DirFS(dir))
		if err != nil {
			t.Fatal(err)
		}
		cat = c
	}
	bin := filepath.Join(t.TempDir(), "ftplab")
	if out, err := exec.Command("go", "build", "-o", bin, "ftplab/cmd/ftplab").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, sc := range cat.All() {
		t.Run(sc.ID, func(t *testing.T) {
			t.Parallel()
			kernel := kernelOutcomes(t, bin, sc)
			for _, m := range sim.Modes() {
				res, _, err := Exec(context.Background(), Options{Scenario: sc, Mode: m, Seed: 1})
				if err != nil {
					t.Fatal(err)
				}
				if k := kernel[m]; k.outcome != res.Outcome {
					t.Errorf("%s/%s: the kernel says %s, the lab %s (blocked at %s)\nclient: %s", sc.ID, m, k.outcome, res.Outcome, res.BlockedAt, k.stderr)
				}
			}
		})
	}
}

// kernelRun is what ftplab get said in one mode.
type kernelRun struct{ outcome, stderr string }

// kernelOutcomes builds sc's network, loads its rulesets, starts ftplab
// serve with its settings and runs ftplab get in every mode at once.
func kernelOutcomes(t *testing.T, bin string, sc sim.Scenario) map[sim.Mode]kernelRun {
	l := netnstest.NewPlan(t, planOf(t, sc))
	for _, fw := range sc.Firewalls {
		l.LoadRuleset(t, map[string]netnstest.Host{sim.HostClient: netnstest.Client, sim.HostRouter: netnstest.Router, sim.HostServer: netnstest.Server}[fw.Host], fw.Text)
	}
	root := netnstest.PublicDir(t, map[string][]byte{FileName: fileContent(1)[:20000]})
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

	out := map[sim.Mode]kernelRun{}
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
			args = append(args, "ftp://"+sc.ServerTarget.String()+"/"+FileName)
			_, errOut, err := l.Run(netnstest.Client, 30*time.Second, args...)
			mu.Lock()
			out[m] = kernelRun{outcomeOf(err, errOut), strings.TrimSpace(errOut)}
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
