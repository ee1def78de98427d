package diagnose

import (
	"slices"
	"strings"
)

// Culprit names an element that breaks FTP data connections, in stable
// words that JSON consumers and tests bind to.
type Culprit string

const (
	ServerNATAddress   Culprit = "server-nat-private-address"
	PassiveRangeClosed Culprit = "passive-range-not-forwarded"
	PassiveRangeDrop   Culprit = "passive-range-dropped"
	ServerFirewall     Culprit = "server-firewall-without-helper"
	ClientFirewall     Culprit = "client-firewall-without-helper"
	ClientNATActive    Culprit = "client-nat-breaks-active"
	ServerRefusesPORT  Culprit = "server-refuses-port-from-nat"
	ActiveDisabled     Culprit = "server-refuses-active-mode"
	HelperBlindedByTLS Culprit = "helper-blinded-by-tls"
	HelperPasvAddress  Culprit = "helper-vs-pasv-address"
	ExtendedUnknown    Culprit = "server-lacks-epsv-eprt"
	DataFromOtherAddr  Culprit = "data-from-another-address"
	PathRefused        Culprit = "path-refused"
	Unexplained        Culprit = "unexplained"
)

// Fixes says what each party can do.
type Fixes struct {
	Server   []string `json:"server,omitempty"`
	Firewall []string `json:"firewall,omitempty"`
	Client   []string `json:"client,omitempty"`
}

// culpritInfo is what never depends on the evidence: where the element
// sits, the lab run that shows it, the lesson that explains it, the fixes.
type culpritInfo struct {
	title    string
	where    string
	scenario string // lab scenario id
	mode     Mode   // the mode to run it in
	lesson   string // under assets/lessons
	fixes    Fixes
}

// The fixes name vsftpd's settings (the most common server) and ftplab
// serve's flags, and nftables rules in the catalogue's own words
// (../shared/oracle/lab.sh), so the lab run shows the fix working.
var culprits = map[Culprit]culpritInfo{
	ServerNATAddress: {
		title:    "server behind NAT announces its private address in 227",
		where:    "server side: the server's passive-mode setting, behind a port forward (DNAT)",
		scenario: "i1", mode: PASV, lesson: "10-server-nat.md",
		fixes: Fixes{
			Server:   []string{"announce the public address: vsftpd pasv_address=PUBLIC_IP (ftplab serve --pasv-address PUBLIC_IP), with a fixed passive range (pasv_min_port/pasv_max_port)"},
			Firewall: []string{"forward the passive range as well as port 21 on the NAT router (lab scenario i4), or let the router's FTP helper rewrite the 227 reply: ct helper set \"ftp\" for tcp dport 21 (scenario i2)"},
			Client:   []string{"use EPSV, or a client that ignores the 227 address (curl >= 7.74, python ftplib; FileZilla replaces it)"},
		},
	},
	PassiveRangeClosed: {
		title:    "passive port range not forwarded: connections to it are refused",
		where:    "between client and server: the NAT router (port forward) or firewall in front of the server",
		scenario: "i3", mode: PASV, lesson: "10-server-nat.md",
		fixes: Fixes{
			Server:   []string{"use a fixed, narrow passive range (vsftpd pasv_min_port/pasv_max_port, ftplab serve --pasv-ports) so that it can be forwarded"},
			Firewall: []string{"forward (DNAT) the passive range to the server like port 21: iifname \"wan\" tcp dport 40000-40009 dnat to SERVER (lab scenario i4)"},
			Client:   []string{"active mode (PORT/EPRT) works meanwhile, if your side accepts the server's connection"},
		},
	},
	PassiveRangeDrop: {
		title:    "passive port range silently dropped behind the server's NAT",
		where:    "between client and server: the NAT router or firewall in front of the server drops new connections to the passive ports",
		scenario: "i3", mode: PASV, lesson: "13-debugging.md",
		fixes: Fixes{
			Server:   []string{"use a fixed, narrow passive range so that it can be forwarded and opened"},
			Firewall: []string{"forward and accept the passive range on the router (lab scenario i4), or assign the FTP helper on it: ct helper set \"ftp\" for tcp dport 21 (scenario i2)"},
			Client:   []string{"active mode (PORT/EPRT) works meanwhile, if your side accepts the server's connection"},
		},
	},
	ServerFirewall: {
		title:    "stateful firewall on the server side without the FTP helper",
		where:    "server side: a stateful firewall on the server host or in front of it accepts new connections to port 21 only",
		scenario: "e", mode: PASV, lesson: "07-server-firewall.md",
		fixes: Fixes{
			Server:   []string{"use a fixed, narrow passive range (vsftpd pasv_min_port/pasv_max_port) so that the firewall can open it"},
			Firewall: []string{"assign the FTP helper and accept related connections: ct helper ftp-std { type \"ftp\" protocol tcp; } and tcp dport 21 ct helper set \"ftp-std\" in prerouting (lab scenario f)", "or open the passive range: tcp dport 40000-40009 ct state new accept (scenario g; the only way under FTPS)"},
			Client:   []string{"active mode (PORT/EPRT) works meanwhile, if your side accepts the server's connection"},
		},
	},
	ClientFirewall: {
		title:    "stateful firewall on the client side drops the server's data connection",
		where:    "client side: your host's firewall or your network's, without the FTP helper",
		scenario: "c", mode: PORT, lesson: "06-client-firewall.md",
		fixes: Fixes{
			Server:   []string{"nothing: the server did connect"},
			Firewall: []string{"assign the FTP helper on the client's firewall: tcp dport 21 ct helper set \"ftp-std\" in output, and accept ct state related (lab scenario d)"},
			Client:   []string{"use passive mode (EPSV or PASV), as RFC 1579 advises"},
		},
	},
	ClientNATActive: {
		title:    "client behind NAT without the FTP helper: the server cannot reach the address in PORT",
		where:    "client side, most often: the NAT router in front of you (a NAT in front of the server that masquerades incoming connections does the same)",
		scenario: "h4", mode: PORT, lesson: "09-client-nat.md",
		fixes: Fixes{
			Server:   []string{"nothing safe: accepting PORT for foreign addresses (vsftpd port_promiscuous=YES) does not help and opens bounce attacks"},
			Firewall: []string{"assign the FTP helper on the NAT router, so nf_nat_ftp rewrites PORT/EPRT and opens the way back: tcp dport 21 ct helper set \"ftp-std\" (lab scenario h2)"},
			Client:   []string{"use passive mode (EPSV or PASV)"},
		},
	},
	ServerRefusesPORT: {
		title:    "server refuses PORT from a client behind NAT",
		where:    "client side, most often: the NAT in front of you rewrites your address but not the PORT command (a NAT in front of the server that masquerades incoming connections does the same); the server's check is right",
		scenario: "h1", mode: PORT, lesson: "09-client-nat.md",
		fixes: Fixes{
			Server:   []string{"keep the check (vsftpd port_promiscuous=NO): it stops bounce attacks"},
			Firewall: []string{"assign the FTP helper on the NAT router, so nf_nat_ftp rewrites PORT/EPRT: tcp dport 21 ct helper set \"ftp-std\" (lab scenario h2)"},
			Client:   []string{"use passive mode (EPSV or PASV)"},
		},
	},
	ActiveDisabled: {
		title:    "server refuses active mode",
		where:    "server side: its configuration (vsftpd port_enable=NO) or a policy",
		scenario: "h1", mode: PORT, lesson: "03-active-mode.md",
		fixes: Fixes{
			Server: []string{"enable active mode if it is wanted (vsftpd port_enable=YES)"},
			Client: []string{"use passive mode (EPSV or PASV)"},
		},
	},
	HelperBlindedByTLS: {
		title:    "FTP helper blinded by TLS: the firewall relies on reading the control connection",
		where:    "the stateful firewall that relies on the FTP helper",
		scenario: "j1", mode: PASV, lesson: "11-ftps.md",
		fixes: Fixes{
			Server:   []string{"use a fixed, narrow passive range so that it can be opened explicitly"},
			Firewall: []string{"open the passive range explicitly on the server side: tcp dport 40000-40009 ct state new accept (lab scenario j2); a helper cannot read a TLS control connection"},
			Client:   []string{"passive mode under FTPS when the client side filters (lab scenario j3); giving up TLS (or CCC) is not a fix"},
		},
	},
	HelperPasvAddress: {
		title:    "router's FTP helper and the server's pasv_address disagree",
		where:    "between client and server: the NAT router's FTP helper, with the server's pasv_address set",
		scenario: "i5", mode: PASV, lesson: "10-server-nat.md",
		fixes: Fixes{
			Server:   []string{"remove pasv_address and let the helper rewrite the 227 reply (lab scenario i2)"},
			Firewall: []string{"or keep pasv_address, drop the helper and forward the passive range (scenario i4)"},
			Client:   []string{"EPSV works meanwhile (the helper reads 229 replies, which carry no address)"},
		},
	},
	ExtendedUnknown: {
		title:    "server does not support EPSV or EPRT (RFC 2428)",
		where:    "server side: an old or minimal FTP server",
		scenario: "a", mode: PASV, lesson: "05-eprt-epsv.md",
		fixes: Fixes{
			Server: []string{"upgrade to a server that speaks RFC 2428 (needed for IPv6)"},
			Client: []string{"use PASV or PORT with this server; clients fall back on their own"},
		},
	},
	DataFromOtherAddr: {
		title:    "server refuses our passive data connection: it does not come from the control connection's address",
		where:    "client side: a NAT (often carrier-grade) that gives each connection its own public address; the server's check is right",
		scenario: "steal", mode: PASV, lesson: "12-security.md",
		fixes: Fixes{
			Server:   []string{"keep the check (vsftpd pasv_promiscuous=NO): it stops port stealing"},
			Firewall: []string{"make the NAT keep one public address per client (\"paired\" pooling, RFC 4787 REQ-2)"},
			Client:   []string{"active mode, if your side accepts the server's connection"},
		},
	},
	PathRefused: {
		title:    "the server refused the transfer itself: path or permission, not the network",
		where:    "server side: the path or its permissions",
		scenario: "a", mode: PASV, lesson: "02-control-dialogue.md",
		fixes: Fixes{
			Server: []string{"check that the path exists and that the login may read it"},
			Client: []string{"check the path in the URL (it is relative to the login directory; %2F for an absolute one)"},
		},
	},
	Unexplained: {
		title:  "failures ftplab cannot attribute",
		where:  "unknown",
		lesson: "13-debugging.md", scenario: "e", mode: PASV,
		fixes: Fixes{Client: []string{"send the JSON report (--format json) with its transcripts to the server's admin"}},
	},
}

// Catalogue returns one finding per culprit the rules know, without
// evidence: what each names, where it points (lab run, lesson) and its
// fixes. Tests check it against the lab's scenarios and the lessons.
func Catalogue() []Finding {
	var out []Finding
	for c := range culprits {
		out = append(out, newFinding(c, Likely, nil, "", nil))
	}
	slices.SortFunc(out, func(a, b Finding) int { return strings.Compare(string(a.Culprit), string(b.Culprit)) })
	return out
}
