package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// overrideDoc is one setting a run may change on top of its scenario:
// its key (a scenario file's own name for it), what it takes, and
// whether it edits the rulesets' text (EditsRulesets).
type overrideDoc struct {
	key, doc string
	rulesets bool
}

// overrideDocs are every setting Override takes, in the order --help
// lists them. The first eight are the scenario file's server: and
// client: settings; the last two edit the rulesets' text
// (override_ruleset.go).
var overrideDocs = []overrideDoc{
	{"pasv_address", "address announced in 227 (empty: the server's own)", false},
	{"pasv_min_port", "first port of the passive range (1-65535)", false},
	{"pasv_max_port", "last port of the passive range", false},
	{"connect_from_port_20", "YES: active data from port 20; NO: from any port", false},
	{"port_promiscuous", "YES: the server does not check PORT/EPRT addresses", false},
	{"tls", "YES: explicit FTPS (AUTH TLS, PROT P)", false},
	{"data_timeout", "seconds the server waits for a data connection (3s)", false},
	{"client_data_timeout", "seconds the client waits for a data connection (3s)", false},
	{"router_policy", "drop or reject: how the router's forward chain refuses what it does not accept", true},
	{"helper", "on or off: the FTP helper (ct helper object and ct helper set) on every filtering host", true},
}

// EditsRulesets reports whether the setting key (as Override takes it:
// helper, server.helper) changes the rulesets' text, which the run then
// parses again, rather than a server or client setting. A view that
// shows a run's rulesets shows them with these applied; an unknown key
// edits nothing.
func EditsRulesets(key string) bool {
	k, err := canonicalKey(key)
	if err != nil {
		return false
	}
	i := slices.IndexFunc(overrideDocs, func(d overrideDoc) bool { return d.key == k })
	return overrideDocs[i].rulesets
}

// OverrideKeys are the settings a run (--set, a lesson's overrides:) may
// change on top of its scenario: every server and client setting of a
// scenario file, the router's refusal (router_policy) and the FTP helper
// (helper). A scenario file's section names are accepted too
// (server.pasv_min_port, client.data_timeout).
var OverrideKeys = func() []string {
	var k []string
	for _, d := range overrideDocs {
		k = append(k, d.key)
	}
	return k
}()

// OverrideHelp is one line per key, "key: what it takes", for --help.
func OverrideHelp() string {
	var b strings.Builder
	for _, d := range overrideDocs {
		fmt.Fprintf(&b, "  %-21s %s\n", d.key, d.doc)
	}
	return b.String()
}

// topologyKeys are front matter keys that are the scenario itself, not
// settings: a different topology is a different scenario file.
var topologyKeys = []string{"id", "title", "family", "hosts", "addresses"}

// canonicalKey maps a scenario file's section name (server.tls,
// client.data_timeout) to the override key, and names a key that is not
// one in an error listing the valid keys.
func canonicalKey(key string) (string, error) {
	k := strings.TrimSpace(key)
	switch {
	case k == "client.data_timeout":
		k = "client_data_timeout"
	case strings.HasPrefix(k, "server."):
		k = strings.TrimPrefix(k, "server.")
	}
	if slices.Contains(OverrideKeys, k) {
		return k, nil
	}
	top, _, _ := strings.Cut(k, ".")
	if slices.Contains(topologyKeys, top) {
		return "", fmt.Errorf("override %q: %s is the scenario's topology, not a setting: write a scenario file (assets/scenarios/README.md) (settings: %s)",
			key, top, strings.Join(OverrideKeys, " "))
	}
	return "", fmt.Errorf("unknown override %q (want one of %s)", key, strings.Join(OverrideKeys, " "))
}

// CheckOverride checks a key and its value without a scenario (a
// lesson's overrides: before its run): the error names both and, for an
// unknown key, lists the valid ones. Whether the scenario can take it
// (a router_policy needs a router ruleset) is Override's to say.
func CheckOverride(key, value string) error {
	_, err := (&Scenario{}).set(key, value, false)
	return err
}

// Override returns the scenario with one setting changed (OverrideKeys):
//
//	pasv_address: 203.0.113.1    the address announced in 227 ("" = the server's own)
//	pasv_min_port: 50000         the passive range (pasv_max_port its end)
//	connect_from_port_20: NO     active data from port 20 (YES) or any port (NO)
//	tls: YES                     explicit FTPS (AUTH TLS, PROT P)
//	router_policy: reject        the router rejects what it would drop
//	helper: off                  no FTP helper on any host
func (s Scenario) Override(key, value string) (Scenario, error) {
	return s.Overridden(map[string]string{key: value})
}

// Overridden applies every override, in key order so that the result does
// not depend on map order, then checks the passive range.
func (s Scenario) Overridden(o map[string]string) (Scenario, error) {
	keys := make([]string, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	c := s.clone()
	for _, k := range keys {
		if _, err := c.set(k, o[k], true); err != nil {
			return s, err
		}
	}
	if c.PasvMin > c.PasvMax {
		return s, fmt.Errorf("override: pasv_min_port %d is above pasv_max_port %d", c.PasvMin, c.PasvMax)
	}
	return c, nil
}

// set applies one setting to s (apply false: only checks the value) and
// returns the canonical key.
func (s *Scenario) set(key, value string, apply bool) (string, error) {
	k, err := canonicalKey(key)
	if err != nil {
		return "", err
	}
	if err := s.setValue(k, value, apply); err != nil {
		return "", fmt.Errorf("override %s: %w", k, err)
	}
	return k, nil
}

// setValue applies the setting of canonical key k to s (apply false:
// only checks the value). A scenario file's sections and the overrides
// both come here, so the two accept the same values.
func (s *Scenario) setValue(k, value string, apply bool) error {
	var err error
	v := strings.TrimSpace(value)
	c := *s
	switch k {
	case "pasv_address":
		c.PasvAddress = netip.Addr{}
		if v != "" {
			a, perr := netip.ParseAddr(v)
			if perr != nil || !a.Is4() {
				err = fmt.Errorf("%q is not an IPv4 address", value)
			}
			c.PasvAddress = a
		}
	case "pasv_min_port":
		c.PasvMin, err = parsePort(v)
	case "pasv_max_port":
		c.PasvMax, err = parsePort(v)
	case "connect_from_port_20":
		c.ActiveFromPort20, err = yesNo(v)
	case "port_promiscuous":
		c.PortPromiscuous, err = yesNo(v)
	case "tls":
		c.TLS, err = yesNo(v)
	case "data_timeout", "client_data_timeout":
		var n int
		n, err = parseSeconds(v)
		if k == "data_timeout" {
			c.ServerDataTimeoutMs = int64(n) * 1000
		} else {
			c.ClientDataTimeoutMs = int64(n) * 1000
		}
	case "router_policy", "helper": // EditsRulesets
		if err = c.editRulesets(k, v, apply); err != nil {
			err = fmt.Errorf("%q: %w", value, err)
		}
	}
	if err == nil && apply {
		*s = c
	}
	return err
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
