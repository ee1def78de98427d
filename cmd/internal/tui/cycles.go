package tui

import (
	"fmt"
	"slices"

	"ftplab/sim"
)

// firewallSetups are the scenarios f cycles through: the routed network
// with each firewall setup (a..g), without FTPS or an attacker.
func firewallSetups(cat *sim.Catalogue) []string {
	return setups(cat, func(sc sim.Scenario) bool {
		return sc.Family == sim.FamilyRouted && !sc.TLS && sc.AttackerHost == ""
	})
}

// natSetups are the scenarios n cycles through: the client or the server
// behind NAT (h1, h2, i1..i5). h3 and h4 vary a server quirk, not the
// network; the menu (s) reaches them.
func natSetups(cat *sim.Catalogue) []string {
	return setups(cat, func(sc sim.Scenario) bool {
		return sc.Family != sim.FamilyRouted && !sc.PortPromiscuous
	})
}

func setups(cat *sim.Catalogue, keep func(sim.Scenario) bool) []string {
	var ids []string
	for _, sc := range cat.All() {
		if keep(sc) {
			ids = append(ids, sc.ID)
		}
	}
	return ids
}

// nextOf returns the id after cur in ids, or the first when cur is not
// among them.
func nextOf(ids []string, cur string) string {
	i := slices.Index(ids, cur)
	return ids[(i+1)%len(ids)]
}

// tlsToggle returns the FTPS variant of id (or the plain setup of an FTPS
// scenario).
func tlsToggle(cat *sim.Catalogue, id string) (string, error) {
	if o, ok := cat.TLSVariant(id); ok {
		return o, nil
	}
	return "", fmt.Errorf("scenario %s has no FTPS variant (t works on d, f, g and j1-j3)", id)
}

// nextMode cycles PORT → EPRT → PASV → EPSV → PASV_CTLIP.
func nextMode(m sim.Mode) sim.Mode {
	ms := sim.Modes()
	return ms[(slices.Index(ms, m)+1)%len(ms)]
}
