package sim

import (
	"fmt"
	"net/netip"
)

// AcceptTimeout records that host, waiting on its listener addr for a
// data connection that will not come, gave up after the logical timeout
// (DataTimeout): the wait costs logical time, not real time, like a
// dropped SYN's. The lab calls it when the only dialer of a data listener
// failed to reach it; the server then answers 425, as a real one does
// after its data timeout.
func (n *Net) AcceptTimeout(host string, addr netip.AddrPort) {
	wait := n.DataTimeout(host)
	n.advance(wait - stepMs)
	n.emit(Event{Host: host, Kind: KindTimeout, Label: LabelTimeout, To: addr,
		Text: fmt.Sprintf("%s gives up waiting on %s after %d ms: no data connection came", host, addr, wait)})
}
