package tui

import (
	"fmt"
	"slices"

	"ftplab/sim"
)

// The setups f, n and t cycle through, by scenario id. h3 and h4 (server
// quirks rather than network setups) are reached from the menu (s).
var (
	firewallSetups = []string{"a", "b", "c", "d", "e", "f", "g"}
	natSetups      = []string{"h1", "h2", "i1", "i2", "i3", "i4", "i5"}
	// tlsPairs maps a plain setup to its FTPS variant and back.
	tlsPairs = map[string]string{"f": "j1", "g": "j2", "d": "j3", "j1": "f", "j2": "g", "j3": "d"}
)

// nextOf returns the id after cur in ids, or the first when cur is not
// among them.
func nextOf(ids []string, cur string) string {
	i := slices.Index(ids, cur)
	return ids[(i+1)%len(ids)]
}

// tlsToggle returns the FTPS variant of id (or the plain setup of an FTPS
// scenario).
func tlsToggle(id string) (string, error) {
	if o, ok := tlsPairs[id]; ok {
		return o, nil
	}
	return "", fmt.Errorf("scenario %s has no FTPS variant (t works on d, f, g and j1-j3)", id)
}

// nextMode cycles PORT → EPRT → PASV → EPSV → PASV_CTLIP.
func nextMode(m sim.Mode) sim.Mode {
	ms := sim.Modes()
	return ms[(slices.Index(ms, m)+1)%len(ms)]
}
