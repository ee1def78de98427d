package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// ScenarioFile is a scenario read from a file (ParseScenario): the
// Scenario the lab runs, the nftables ruleset of each host that filters,
// and the settings Scenario does not hold yet. Its Scenario's Firewalls
// are those rulesets, client first.
type ScenarioFile struct {
	Scenario Scenario
	Rulesets map[string]*Ruleset // by host: client, router, server
	// ServerDataTimeout and ClientDataTimeout are how long, in seconds,
	// each end waits for a data connection to open; 0: the lab's default.
	ServerDataTimeout int
	ClientDataTimeout int
}

// scenarioKeys are the front matter's keys and, for sections, theirs.
var scenarioKeys = map[string][]string{
	"id": nil, "title": nil, "family": nil, "hosts": nil,
	"addresses": {"client", "router_lan", "router_wan", "server", "attacker"},
	"server":    {"pasv_min_port", "pasv_max_port", "pasv_address", "connect_from_port_20", "port_promiscuous", "data_timeout", "tls"},
	"client":    {"data_timeout"},
}

// ParseScenario reads a scenario file: Markdown with a front matter
// (topology family and addresses, hosts, server and client settings), the
// setup text, and one fenced "nft HOST" block per filtering host holding
// the ruleset `nft -f` would load there. Every problem is reported at
// file:line (file:line:col inside a ruleset); the error is a LineErrors.
// The format is documented in assets/scenarios/README.md.
func ParseScenario(file string, src []byte) (*ScenarioFile, error) {
	lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	sp := &scenarioParser{file: file, sf: &ScenarioFile{Rulesets: map[string]*Ruleset{}}}
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		sp.bad(1, 0, "a scenario file starts with a front matter between --- lines")
		return nil, sp.errs
	}
	end := slices.IndexFunc(lines[1:], func(l string) bool { return strings.TrimSpace(l) == "---" })
	if end < 0 {
		sp.bad(1, 0, "front matter not closed: want a --- line")
		return nil, sp.errs
	}
	entries, errs := parseFrontMatter(file, 2, lines[1:end+1])
	sp.errs = append(sp.errs, errs...)
	sp.settings(entries)
	sp.body(end+3, lines[end+2:])
	sp.build()
	sp.checkIfaces()
	if len(sp.errs) > 0 {
		slices.SortStableFunc(sp.errs, func(a, b *LineError) int { return a.Line - b.Line })
		return nil, sp.errs
	}
	return sp.sf, nil
}

// scenarioParser is the state of one ParseScenario.
type scenarioParser struct {
	file     string
	sf       *ScenarioFile
	errs     LineErrors
	family   string
	hosts    []string
	hostLine int
	addrs    map[string]netip.Prefix
	addrLine map[string]int
	setup    []string
}

func (sp *scenarioParser) bad(line, col int, format string, a ...any) {
	sp.errs = append(sp.errs, &LineError{File: sp.file, Line: line, Col: col, Msg: fmt.Sprintf(format, a...)})
}

// settings applies the front matter's entries.
func (sp *scenarioParser) settings(entries []fmEntry) {
	sc := &sp.sf.Scenario
	sc.PasvMin, sc.PasvMax, sc.ActiveFromPort20 = PasvMin, PasvMax, true
	sp.hosts = []string{"client", "router", "server"}
	seen := map[string]bool{}
	for _, e := range entries {
		sub, known := scenarioKeys[e.key]
		switch {
		case !known:
			sp.bad(e.line, 0, "unknown key %q (want one of id title family hosts addresses server client)", e.key)
			continue
		case seen[e.key]:
			sp.bad(e.line, 0, "%s given twice", e.key)
			continue
		case sub != nil && (e.value != "" || e.isList):
			sp.bad(e.line, 0, "%s is a section: put its settings on the lines below, indented", e.key)
			continue
		}
		seen[e.key] = true
		sp.top(e)
		for _, s := range e.sub {
			if !slices.Contains(sub, s.key) {
				sp.bad(s.line, 0, "unknown %s setting %q (want one of %s)", e.key, s.key, strings.Join(sub, " "))
				continue
			}
			sp.setting(e.key, s)
		}
	}
	for _, k := range []string{"id", "title", "family"} {
		if !seen[k] {
			sp.bad(1, 0, "front matter: %s is missing", k)
		}
	}
}

// top applies one top-level entry.
func (sp *scenarioParser) top(e fmEntry) {
	sc := &sp.sf.Scenario
	switch e.key {
	case "id":
		sc.ID = e.value
		if e.value == "" || strings.ContainsAny(e.value, " /\\") {
			sp.bad(e.line, 0, "id %q: want a short name without spaces or slashes", e.value)
		}
	case "title":
		sc.Title = e.value
	case "family":
		switch e.value {
		case "routed":
			sc.Family = FamilyRouted
		case "snat":
			sc.Family = FamilySNAT
		case "dnat":
			sc.Family = FamilyDNAT
		default:
			sp.bad(e.line, 0, "family %q: want routed, snat or dnat", e.value)
		}
		sp.family = e.value
	case "hosts":
		sp.hosts, sp.hostLine = e.list, e.line
		if !e.isList {
			sp.bad(e.line, 0, "hosts: want a list such as [client, router, server]")
		}
	}
}

// setting applies one setting of a section: the server's and client's
// through Scenario.setValue (as an override would), the addresses here.
func (sp *scenarioParser) setting(section string, s fmEntry) {
	sc := &sp.sf.Scenario
	var err error
	switch section {
	case "server", "client":
		k, _ := canonicalKey(section + "." + s.key) // s.key is one of scenarioKeys
		err = sc.setValue(k, s.value, true)
		sp.sf.ServerDataTimeout = int(sc.ServerDataTimeoutMs / 1000)
		sp.sf.ClientDataTimeout = int(sc.ClientDataTimeoutMs / 1000)
	default: // addresses
		var pf netip.Prefix
		pf, err = netip.ParsePrefix(s.value)
		if err == nil && !pf.Addr().Is4() {
			err = fmt.Errorf("the lab's topologies are IPv4")
		}
		if err == nil {
			if sp.addrs == nil {
				sp.addrs, sp.addrLine = map[string]netip.Prefix{}, map[string]int{}
			}
			sp.addrs[s.key], sp.addrLine[s.key] = pf, s.line
		}
	}
	if err != nil {
		sp.bad(s.line, 0, "%s %s: %v", section, s.key, err)
	}
}

func parsePort(v string) (uint16, error) {
	n, err := strconv.ParseUint(v, 10, 16)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("%q is not a port (1-65535)", v)
	}
	return uint16(n), nil
}

// parseSeconds parses "3" or "3s": 1 to 3600 (0 would silently mean
// the default, as an unset timeout does).
func parseSeconds(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSuffix(v, "s"))
	if err != nil || n < 1 || n > 3600 {
		return 0, fmt.Errorf("%q: want seconds from 1s to 3600s, such as 3s", v)
	}
	return n, nil
}

// body reads the text after the front matter: the setup (the paragraphs
// before the first fenced block) and the "nft HOST" blocks. first is the
// file line of lines[0].
func (sp *scenarioParser) body(first int, lines []string) {
	inFence, fenced := false, false
	var info string
	var start int
	var block []string
	for i, l := range lines {
		n := first + i
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") {
			if !inFence {
				inFence, fenced, info, start, block = true, true, strings.TrimSpace(t[3:]), n, nil
				continue
			}
			if t == "```" {
				inFence = false
				sp.block(info, start, block)
				continue
			}
		}
		switch {
		case inFence:
			block = append(block, l)
		case !fenced && !strings.HasPrefix(t, "#"):
			sp.setup = append(sp.setup, t)
		}
	}
	if inFence {
		sp.bad(start, 0, "fenced block not closed: want a ``` line")
	}
}

// block takes one fenced block: "nft HOST" is that host's ruleset; other
// blocks (a diagram, say) are for the reader.
func (sp *scenarioParser) block(info string, start int, lines []string) {
	f := strings.Fields(info)
	if len(f) == 0 || f[0] != "nft" {
		return
	}
	if len(f) != 2 || !slices.Contains([]string{HostClient, HostRouter, HostServer}, f[1]) {
		sp.bad(start, 0, "a ruleset block is ```nft HOST with HOST client, router or server, found %q", info)
		return
	}
	host := f[1]
	if _, dup := sp.sf.Rulesets[host]; dup {
		sp.bad(start, 0, "a second ruleset for %s", host)
		return
	}
	// Pad with the lines before the block so that rules carry file lines.
	text := strings.Repeat("\n", start) + strings.Join(lines, "\n") + "\n"
	rs, err := ParseRuleset(sp.file, []byte(text))
	if err != nil {
		if pe, ok := err.(LineErrors); ok {
			sp.errs = append(sp.errs, pe...)
			return
		}
		sp.bad(start, 0, "%v", err)
		return
	}
	if len(rs.Tables) > 0 {
		sp.sf.Rulesets[host] = rs
		fw := Firewall{Name: firewallName(host), Host: host, Text: strings.Join(lines, "\n") + "\n",
			File: sp.file, Line: start + 1, Ruleset: rs}
		sc := &sp.sf.Scenario
		sc.Firewalls = append(sc.Firewalls, fw)
		slices.SortStableFunc(sc.Firewalls, func(a, b Firewall) int { return hostOrder(a.Host) - hostOrder(b.Host) })
	}
}

// checkIfaces reports iif/oif names a host does not have ("lo" aside):
// nft -f would refuse them (iifname and oifname take any name).
func (sp *scenarioParser) checkIfaces() {
	for _, h := range sp.sf.Scenario.Topology.Hosts {
		for _, ref := range sp.sf.Rulesets[h.Name].IfaceRefs() {
			if ref.ByIndex && ref.Name != "lo" && !slices.ContainsFunc(h.Interfaces, func(i Interface) bool { return i.Name == ref.Name }) {
				sp.bad(ref.Line, ref.Col, "nft: %s has no interface %q: nft -f refuses it in iif/oif (iifname/oifname take any name)", h.Name, ref.Name)
			}
		}
	}
}

// hostOrder places client before router before server.
func hostOrder(h string) int {
	return slices.Index([]string{HostClient, HostRouter, HostServer}, h)
}
