package diagnose

import (
	"fmt"
	"net"
)

// ipv4Only reports the modes whose command or reply carries an IPv4
// address (RFC 959's h1,h2,h3,h4,p1,p2): over an IPv6 control
// connection only EPSV and EPRT (RFC 2428) can name a data address.
func (m Mode) ipv4Only() bool { return m == PASV || m == PASVCtlIP || m == PORT }

// controlIPv6 reports whether the control connection runs over IPv6:
// the address the probe reached, or, when it reached none, the target's
// own literal address ("[::1]:21").
func controlIPv6(probed Session, target string) bool {
	a := addr(probed.ServerAddr)
	if !a.IsValid() {
		host, _, err := net.SplitHostPort(target)
		if err != nil {
			return false
		}
		a = addr(host)
	}
	return a.IsValid() && a.Is6()
}

// notApplicable is the attempt of an IPv4-only mode over IPv6: not made,
// and not a failure.
func notApplicable(m Mode, tls bool, o Options) Attempt {
	return Attempt{Mode: m, TLS: tls, Command: o.command(), Ending: NotApplicable,
		Detail: fmt.Sprintf("the control connection is IPv6 and %s carries only an IPv4 address (RFC 959); over IPv6 EPSV and EPRT (RFC 2428) take its place", m.command())}
}

// ipv6Twin is the RFC 2428 command that takes an IPv4-only mode's place.
func (m Mode) ipv6Twin() string {
	if m.Passive() {
		return "EPSV"
	}
	return "EPRT"
}
