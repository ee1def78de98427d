package labrun

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"

	"ftplab/realnet"
	"ftplab/sim"
)

// Port stealing (RFC 2577 §8). In a scenario with an attacker host
// (sim.Scenario.AttackerHost, mallory in scenario steal), the attacker
// connects to the client's first passive data port, after the server's
// 227 or 229 reply and just before the client connects: it has guessed
// the port. The script directive "!steal" arms it again for the next
// passive data connection, typed PASV/EPSV included.
//
// The order of the timeline does not depend on the scheduler. The
// attacker's connection is made (data.connect, data.accept in the model)
// before the client's, so it is first in the real listener's queue. The
// lab's server takes a passive connection only when the transfer command
// arrives; it then accepts the attacker's, sees an address that is not the
// control connection's peer, closes it (data.close by the server) and
// accepts the client's. The attacker's goroutine only reads until that
// close and records nothing itself; a connection the server never took is
// closed when the run closes.

// directiveSteal is the script line that arms the attacker.
const directiveSteal = "!steal"

// directive runs a script line that starts with "!": an instruction to
// the lab, not a line the client sends.
func (r *Run) directive(line string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(line)) {
	case directiveSteal:
		host := r.opts.Scenario.AttackerHost
		if host == "" {
			return "", fmt.Errorf("%s: scenario %s has no attacker host (scenario steal has one)", directiveSteal, r.opts.Scenario.ID)
		}
		r.armSteal(true)
		return fmt.Sprintf("%s will connect to the next passive data port before the client", host), nil
	}
	return "", fmt.Errorf("unknown lab directive %q (known: %s)", strings.TrimSpace(line), directiveSteal)
}

func (r *Run) armSteal(on bool) {
	r.stealMu.Lock()
	r.stealArmed = on
	r.stealMu.Unlock()
}

// takeSteal disarms the attacker and reports whether it was armed.
func (r *Run) takeSteal() bool {
	r.stealMu.Lock()
	defer r.stealMu.Unlock()
	armed := r.stealArmed
	r.stealArmed = false
	return armed
}

// clientNet is the client's network in a run: the lab as the client host
// sees it, with the attacker's connection slipped in before a data
// connection when a steal is armed.
type clientNet struct {
	realnet.Network
	r *Run
}

func (n clientNet) Dial(ctx context.Context, network, laddr, raddr string) (net.Conn, error) {
	if !isControl(raddr) && n.r.opts.Scenario.AttackerHost != "" && n.r.takeSteal() {
		n.r.steal(ctx, network, raddr)
	}
	return n.Network.Dial(ctx, network, laddr, raddr)
}

func isControl(raddr string) bool {
	_, port, err := net.SplitHostPort(raddr)
	return err == nil && port == fmt.Sprint(sim.ControlPort)
}

// steal makes the attacker connect to raddr, the address the client is
// about to dial. The lab records what the network and the server do with
// the connection; a failure is in the timeline too and changes nothing for
// the client.
func (r *Run) steal(ctx context.Context, network, raddr string) {
	c, err := r.Lab.Host(r.opts.Scenario.AttackerHost).Dial(ctx, network, "", raddr)
	if err != nil {
		return
	}
	r.stealMu.Lock()
	if r.stealClosed {
		r.stealMu.Unlock()
		c.Close()
		return
	}
	r.thieves = append(r.thieves, c)
	r.thiefWG.Add(1)
	r.stealMu.Unlock()
	go func() {
		defer r.thiefWG.Done()
		// Whatever the server sends is the stolen data; the lab's server
		// sends none and closes the connection.
		_, _ = io.Copy(io.Discard, c)
		c.Close()
	}()
}

// closeThieves closes the attacker's connections that are still open
// and waits for their readers.
func (r *Run) closeThieves() {
	r.stealMu.Lock()
	r.stealClosed = true
	cs := r.thieves
	r.thieves = nil
	r.stealMu.Unlock()
	for _, c := range cs {
		c.Close() // ends the reader's io.Copy; a second close is harmless
	}
	r.thiefWG.Wait()
}
