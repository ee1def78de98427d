package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// OverrideKeys are the server settings a lesson may change on top of its
// scenario (vsftpd's names): what the FTP server announces and does, not
// the network, whose setups are the scenarios themselves.
var OverrideKeys = []string{"pasv_address", "connect_from_port_20", "tls"}

// Override returns the scenario with one server setting changed:
//
//	pasv_address: 203.0.113.1    the address announced in 227 ("" = the server's own)
//	connect_from_port_20: NO     active data from port 20 (YES) or any port (NO)
//	tls: YES                     explicit FTPS (AUTH TLS, PROT P)
func (s Scenario) Override(key, value string) (Scenario, error) {
	c := s.clone()
	v := strings.TrimSpace(value)
	switch key {
	case "pasv_address":
		if v == "" {
			c.PasvAddress = netip.Addr{}
			return c, nil
		}
		a, err := netip.ParseAddr(v)
		if err != nil || !a.Is4() {
			return s, fmt.Errorf("override pasv_address: %q is not an IPv4 address", value)
		}
		c.PasvAddress = a
	case "connect_from_port_20", "tls":
		b, err := yesNo(v)
		if err != nil {
			return s, fmt.Errorf("override %s: %w", key, err)
		}
		if key == "tls" {
			c.TLS = b
		} else {
			c.ActiveFromPort20 = b
		}
	default:
		return s, fmt.Errorf("unknown override %q (want one of %s)", key, strings.Join(OverrideKeys, ", "))
	}
	return c, nil
}

// Overridden applies every override, in key order so that the result does
// not depend on map order.
func (s Scenario) Overridden(o map[string]string) (Scenario, error) {
	keys := make([]string, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var err error
	for _, k := range keys {
		if s, err = s.Override(k, o[k]); err != nil {
			return s, err
		}
	}
	return s, nil
}

func yesNo(v string) (bool, error) {
	switch strings.ToUpper(v) {
	case "YES", "TRUE", "ON", "1":
		return true, nil
	case "NO", "FALSE", "OFF", "0":
		return false, nil
	}
	return false, fmt.Errorf("%q: want YES or NO", v)
}
