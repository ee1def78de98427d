package sim

import (
	"fmt"
	"strings"
)

// Mode is how the client asks for a data connection.
type Mode string

// Modes of the oracle.
const (
	// ModePORT: PORT h1,h2,h3,h4,p1,p2; the server connects to the client.
	ModePORT Mode = "PORT"
	// ModeEPRT: EPRT |1|addr|port|; the server connects to the client.
	ModeEPRT Mode = "EPRT"
	// ModePASV: PASV; the client connects to the address in the 227 reply.
	ModePASV Mode = "PASV"
	// ModeEPSV: EPSV; the client connects to the control connection's
	// address, port from the 229 reply.
	ModeEPSV Mode = "EPSV"
	// ModePASVCtlIP: PASV, but the client ignores the 227 address and
	// connects to the control connection's (curl >= 7.74, python ftplib).
	ModePASVCtlIP Mode = "PASV_CTLIP"
)

// Modes lists the modes in the oracle's order.
func Modes() []Mode { return []Mode{ModePORT, ModeEPRT, ModePASV, ModeEPSV, ModePASVCtlIP} }

// Active reports whether the server opens the data connection.
func (m Mode) Active() bool { return m == ModePORT || m == ModeEPRT }

// ParseMode accepts a mode's name in any case, and the design's aliases
// active (PORT), active-ext (EPRT), passive (PASV), passive-ext (EPSV).
func ParseMode(s string) (Mode, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "port", "active":
		return ModePORT, nil
	case "eprt", "active-ext":
		return ModeEPRT, nil
	case "pasv", "passive":
		return ModePASV, nil
	case "epsv", "passive-ext":
		return ModeEPSV, nil
	case "pasv_ctlip", "pasv-ctlip", "passive-ctlip":
		return ModePASVCtlIP, nil
	}
	return "", fmt.Errorf("sim: unknown mode %q (want PORT, EPRT, PASV, EPSV or PASV_CTLIP)", s)
}
