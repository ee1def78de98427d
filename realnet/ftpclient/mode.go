package ftpclient

import (
	"fmt"
	"strings"
)

// Mode says how data connections are opened.
type Mode int

const (
	// Passive, the default, sends EPSV and, if the server refuses it
	// with a 5xx reply, PASV for the rest of the session. After PASV it
	// connects to the control connection's peer with the 227 reply's
	// port and ignores the 227 address, as curl does since 7.74 (a
	// server behind NAT often announces a private address), unless
	// WithPasvAddress is given.
	Passive Mode = iota
	// Active sends EPRT and, if refused with 5xx, PORT.
	Active
	// PORT: the client listens and sends PORT (RFC 959 §4.1.2).
	PORT
	// EPRT: the client listens and sends EPRT (RFC 2428 §2).
	EPRT
	// PASV: the client sends PASV and connects to the address in the 227
	// reply, whatever it is.
	PASV
	// EPSV: the client sends EPSV and connects to the control
	// connection's peer with the 229 reply's port (RFC 2428 §3).
	EPSV
	// PASVCtlIP: the client sends PASV and connects to the control
	// connection's peer with the 227 reply's port, ignoring its address.
	PASVCtlIP
)

var modeNames = [...]string{
	Passive:   "passive",
	Active:    "active",
	PORT:      "PORT",
	EPRT:      "EPRT",
	PASV:      "PASV",
	EPSV:      "EPSV",
	PASVCtlIP: "PASV_CTLIP",
}

// String returns the mode's name as ParseMode reads it: "passive",
// "active", or the lab's mode names "PORT", "EPRT", "PASV", "EPSV",
// "PASV_CTLIP".
func (m Mode) String() string {
	if m >= 0 && int(m) < len(modeNames) {
		return modeNames[m]
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ParseMode reads a mode name, case-insensitively.
func ParseMode(s string) (Mode, error) {
	for m, n := range modeNames {
		if strings.EqualFold(s, n) {
			return Mode(m), nil
		}
	}
	return 0, fmt.Errorf("unknown data connection mode %q (want passive, active, PORT, EPRT, PASV, EPSV or PASV_CTLIP)", s)
}

// IsPassive reports whether the client connects to the server for data.
func (m Mode) IsPassive() bool {
	return m == Passive || m == PASV || m == EPSV || m == PASVCtlIP
}
