package sim

import (
	"fmt"
	"net/netip"
)

// Tuple is one direction of a tracked connection.
type Tuple struct {
	Src netip.AddrPort `json:"src"`
	Dst netip.AddrPort `json:"dst"`
}

// Reverse is the tuple of the other direction.
func (t Tuple) Reverse() Tuple { return Tuple{t.Dst, t.Src} }

func (t Tuple) String() string { return fmt.Sprintf("%s -> %s", t.Src, t.Dst) }

// Conntrack entry states (the TCP tracker's, simplified).
const (
	CTSynSent        = "SYN_SENT"
	CTEstablishedTCP = "ESTABLISHED"
	CTClose          = "CLOSE"
)

// CTEntry is one conntrack entry on one host: the original tuple as the
// first packet arrived, and the reply tuple the answers must carry (after
// NAT). Related entries name their master (the control connection).
type CTEntry struct {
	Host    string `json:"host"`
	Conn    ConnID `json:"conn"`
	Orig    Tuple  `json:"orig"`
	Reply   Tuple  `json:"reply"`
	State   string `json:"state"`
	Related bool   `json:"related,omitempty"`
	Master  ConnID `json:"master,omitempty"`
	Helper  string `json:"helper,omitempty"`
	SNAT    bool   `json:"snat,omitempty"`
	DNAT    bool   `json:"dnat,omitempty"`
}

// Expectation directions: the direction (of the master) the expected
// connection's first packet travels in, as nf_nat_ftp records it.
const (
	DirOriginal = "original"
	DirReply    = "reply"
)

// ExpectTimeoutMs is how long an FTP expectation lives: 5 minutes.
const ExpectTimeoutMs = 300_000

// Expectation is a hole the FTP helper opened: a connection from Src (any
// source port) to Dst will be RELATED to Master. With NAT the expected
// connection is translated like its master (nf_nat_follow_master): to
// SavedPort on the master's address in direction Dir.
type Expectation struct {
	Host      string         `json:"host"`
	Master    ConnID         `json:"master"`
	Helper    string         `json:"helper"`
	Src       netip.Addr     `json:"src"`
	Dst       netip.AddrPort `json:"dst"`
	Created   int64          `json:"created_ms"`
	Expires   int64          `json:"expires_ms"`
	NAT       bool           `json:"nat,omitempty"`
	Dir       string         `json:"dir,omitempty"`
	SavedPort uint16         `json:"saved_port,omitempty"`
}

func (e Expectation) String() string {
	return fmt.Sprintf("%s -> %s", e.Src, e.Dst)
}

// ctIndex finds the entry of connection id on host.
func (s *State) ctIndex(host string, id ConnID) int {
	for i, e := range s.Conntrack {
		if e.Host == host && e.Conn == id {
			return i
		}
	}
	return -1
}

// takeExpectation finds and consumes the live expectation on host that a
// new connection p matches.
func (n *Net) takeExpectation(host string, p packet) (Expectation, bool) {
	for i, e := range n.st.Expectations {
		if e.Host == host && e.Expires > n.now && e.Src == p.src.Addr() && e.Dst == p.dst {
			n.st.Expectations = append(n.st.Expectations[:i], n.st.Expectations[i+1:]...)
			return e, true
		}
	}
	return Expectation{}, false
}

// expect records e, replacing the master's earlier expectation on the same
// host: the FTP helper allows one at a time (max_expected = 1).
func (n *Net) expect(e Expectation) {
	out := n.st.Expectations[:0]
	for _, old := range n.st.Expectations {
		if old.Host == e.Host && old.Master == e.Master {
			continue
		}
		out = append(out, old)
	}
	n.st.Expectations = append(out, e)
}

// pruneExpectations drops expectations whose time has passed.
func (n *Net) pruneExpectations() {
	out := n.st.Expectations[:0]
	for _, e := range n.st.Expectations {
		if e.Expires > n.now {
			out = append(out, e)
		}
	}
	n.st.Expectations = out
}
