package sim

import "net/netip"

// Passive port range of every scenario's server.
const (
	PasvMin uint16 = 40000
	PasvMax uint16 = 40009
)

// fwKind names one firewall builder of the catalogue: a host firewall
// (gen_cli_fw/gen_srv_fw of the oracle's lab.sh) or the router's NAT and
// forward filter (gen_rtr).
type fwKind string

// Firewall kinds.
const (
	fwStateless      fwKind = "stateless"       // port rules, no conntrack
	fwStateful       fwKind = "stateful"        // est/rel accepted, new inbound dropped
	fwStatefulHelper fwKind = "stateful_helper" // stateful + the FTP helper on port 21
	fwStatefulRange  fwKind = "stateful_range"  // stateful + the passive range open (server)
	rtrSNAT          fwKind = "snat"            // masquerade of the client LAN
	rtrSNATHelper    fwKind = "snat_helper"     // snat + the FTP helper (nf_nat_ftp)
	rtrDNAT          fwKind = "dnat"            // port forward of 21 to the server
	rtrDNATHelper    fwKind = "dnat_helper"     // dnat + the FTP helper (nf_nat_ftp)
	rtrDNATRange     fwKind = "dnat_range"      // dnat + the passive range forwarded
)

// spec is one row of the catalogue. To add a setup (a lesson's, say),
// add a row: the firewall kinds name the builders below.
type spec struct {
	id, title, setup string
	family           Family
	cliFW, srvFW     fwKind // "" (none) or a host firewall kind
	rtr              fwKind // "" (none) or a router kind
	pasvAtRouter     bool   // pasv_address = the router's public address
	tls, promiscuous bool
	ephemeralActive  bool // connect_from_port_20=NO
	attacker         bool // a third host, mallory, on the server's network (routed only)
}

// oracleSpecs is the oracle matrix's scenarios (../shared/oracle).
func oracleSpecs() []spec {
	return []spec{
		{id: "a", family: FamilyRouted, title: "no firewall anywhere, plain routing",
			setup: "Client 192.168.1.10 and server 198.51.100.20 on two networks joined by a router that only routes. Nothing filters, nothing translates: every mode works."},
		{id: "b", family: FamilyRouted, cliFW: fwStateless, srvFW: fwStateless,
			title: "stateless port rules (classic recipe) on client host and server host",
			setup: "Both hosts filter by ports only, without connection tracking: the server lets in 21, 20 and its passive range 40000-40009 from high ports; the client lets in replies from 21 and 20 and anything high-to-high. Every mode works, because the rules open far more than FTP needs (any packet from port 20 reaches any high port of the client)."},
		{id: "c", family: FamilyRouted, cliFW: fwStateful,
			title: "stateful client-host firewall (est/rel accepted, new inbound dropped), no helper",
			setup: "The client's firewall accepts established and related traffic and drops every new inbound connection. Passive mode works; in active mode the server's data connection is new inbound traffic and is dropped (cli_in_new_DROP): the server answers 425."},
		{id: "d", family: FamilyRouted, cliFW: fwStatefulHelper,
			title: "stateful client-host firewall + ct helper ftp on port 21",
			setup: "Scenario c plus `ct helper set \"ftp-std\"` for tcp dport 21 in the client's output chain. The helper reads the client's PORT/EPRT and records an expectation, so the server's data connection is RELATED (cli_in_related): every mode works."},
		{id: "e", family: FamilyRouted, srvFW: fwStateful,
			title: "stateful server-host firewall (only new to 21), no helper",
			setup: "The server's firewall accepts established/related traffic and new connections to port 21 only. Active mode works (the server dials out); a passive data connection is new inbound traffic to 4000x and is dropped (srv_in_new_DROP): the client times out."},
		{id: "f", family: FamilyRouted, srvFW: fwStatefulHelper,
			title: "stateful server-host firewall (only new to 21) + ct helper ftp",
			setup: "Scenario e plus the FTP helper assigned in the server's prerouting chain: it reads the server's 227/229 replies and expects the client's data connection, which arrives RELATED (srv_in_related). Every mode works."},
		{id: "g", family: FamilyRouted, srvFW: fwStatefulRange,
			title: "stateful server-host firewall, no helper, passive range 40000-40009 opened",
			setup: "Scenario e with the passive range 40000-40009 open to new connections instead of a helper. Every mode works."},
		{id: "h1", family: FamilySNAT, rtr: rtrSNAT,
			title: "client behind SNAT (masquerade on router), no helper",
			setup: "The client's LAN 192.168.1.0/24 is masqueraded behind the router's 198.51.100.1; the router forwards established/related traffic and new connections from the LAN, and drops the rest. The server sees the control connection from 198.51.100.1 but PORT/EPRT name 192.168.1.10, so it refuses them (500, port_promiscuous=NO). Passive modes work."},
		{id: "h2", family: FamilySNAT, rtr: rtrSNATHelper,
			title: "client behind SNAT (masquerade on router) + ct helper ftp on router (nf_nat_ftp)",
			setup: "Scenario h1 plus the FTP helper on the router. nf_nat_ftp rewrites the address in PORT/EPRT to 198.51.100.1, and the router expects the server's data connection, forwarding it RELATED to the client. Every mode works."},
		{id: "h3", family: FamilySNAT, rtr: rtrSNAT, promiscuous: true,
			title: "client behind SNAT, no helper, vsftpd port_promiscuous=YES (PORT address check off)",
			setup: "Scenario h1 with the server's PORT address check off. The kernel oracle saw vsftpd fail with 500 OOPS (it cannot bind port 20 in that mode); in the simulation the server's data connection to 192.168.1.10 is dropped by the router (rtr_fwd_unsolicited_DROP), as in h4."},
		{id: "h4", family: FamilySNAT, rtr: rtrSNAT, promiscuous: true, ephemeralActive: true,
			title: "client behind SNAT, no helper, vsftpd port_promiscuous=YES + connect_from_port_20=NO",
			setup: "Scenario h3 with the server's active connections from an ephemeral port. The server accepts PORT 192.168.1.10 and dials it; the router drops the unsolicited connection to its private LAN (rtr_fwd_unsolicited_DROP): 425."},
		{id: "i1", family: FamilyDNAT, rtr: rtrDNAT,
			title: "server behind DNAT (router 203.0.113.1:21 -> 10.0.0.20:21), no helper, 227 carries private addr",
			setup: "The server 10.0.0.20 sits on a private LAN; the router forwards 203.0.113.1:21 to it and masquerades the LAN outbound. Its forward chain accepts established/related, new from the server LAN and port-forwarded connections, and drops the rest. Active modes work; PASV dials the private 10.0.0.20 and is dropped (timeout); EPSV and PASV_CTLIP dial 203.0.113.1, where nothing listens (refused)."},
		{id: "i2", family: FamilyDNAT, rtr: rtrDNATHelper,
			title: "server behind DNAT + ct helper ftp on router (nf_nat_ftp)",
			setup: "Scenario i1 plus the FTP helper on the router: nf_nat_ftp rewrites 227's 10.0.0.20 to 203.0.113.1 and the router expects the client's data connection, translating it to the server. Every mode works."},
		{id: "i3", family: FamilyDNAT, rtr: rtrDNAT, pasvAtRouter: true,
			title: "server behind DNAT, no helper, vsftpd pasv_address=203.0.113.1, passive range NOT forwarded",
			setup: "Scenario i1 with the server announcing the router's public address 203.0.113.1 in 227, but the passive range is not forwarded: every passive data connection reaches the router itself, where nothing listens (refused)."},
		{id: "i4", family: FamilyDNAT, rtr: rtrDNATRange, pasvAtRouter: true,
			title: "server behind DNAT, no helper, vsftpd pasv_address=203.0.113.1, passive range forwarded",
			setup: "Scenario i3 with 203.0.113.1:40000-40009 forwarded to the server too (rtr_dnat_passive_range). Every mode works."},
		{id: "i5", family: FamilyDNAT, rtr: rtrDNATHelper, pasvAtRouter: true,
			title: "server behind DNAT + ct helper ftp, vsftpd pasv_address=203.0.113.1, range NOT forwarded",
			setup: "Scenario i2 with the server announcing 203.0.113.1. The helper sees a 227 address that is not the server's own (the control connection's peer at the router) and records nothing: PASV and PASV_CTLIP are refused by the router. EPSV carries no address, so the helper expects it: EPSV works."},
		{id: "j1", family: FamilyRouted, srvFW: fwStatefulHelper, tls: true,
			title: "FTPS explicit (AUTH TLS) + stateful server-host firewall with ct helper ftp",
			setup: "Scenario f with explicit FTPS: after AUTH TLS the helper sees only ciphertext, so it expects nothing and the passive data connection is dropped (timeout). Active mode works (the server dials out)."},
		{id: "j2", family: FamilyRouted, srvFW: fwStatefulRange, tls: true,
			title: "FTPS explicit + stateful server-host firewall, passive range opened (no helper)",
			setup: "Scenario g with explicit FTPS: the open passive range does not depend on reading the control connection, so every mode works."},
		{id: "j3", family: FamilyRouted, cliFW: fwStatefulHelper, tls: true,
			title: "FTPS explicit + stateful client-host firewall with ct helper ftp",
			setup: "Scenario d with explicit FTPS: the client's helper cannot read PORT/EPRT inside TLS, so the server's active data connection is dropped (425). Passive modes work."},
	}
}

// lessonSpecs is the scenarios of the lessons that the oracle has no row
// for. They come after the oracle's in the catalogue.
func lessonSpecs() []spec {
	return []spec{
		{id: "steal", family: FamilyRouted, attacker: true,
			title: "port stealing: scenario a plus an attacker, mallory, on the server's network",
			setup: "Scenario a plus a third host, mallory 198.51.100.66, on the server's network: it reaches the server without the router. In the lab, mallory connects to the first passive port the server announces before the client does (it guessed the port). The server accepts data only from the control connection's peer: it closes mallory's connection and waits for the client's, which gets the file. Active modes are unaffected."},
	}
}

// specs is the whole catalogue: the oracle's scenarios, then the lessons'.
func specs() []spec { return append(oracleSpecs(), lessonSpecs()...) }

func (sp spec) build() Scenario {
	sc := Scenario{
		ID: sp.id, Title: sp.title, Setup: sp.setup, Family: sp.family,
		Topology:   topology(sp.family),
		ClientHost: HostClient, ServerHost: HostServer, RouterHost: HostRouter,
		PasvMin: PasvMin, PasvMax: PasvMax,
		ActiveFromPort20: !sp.ephemeralActive,
		PortPromiscuous:  sp.promiscuous,
		TLS:              sp.tls,
	}
	if sp.family == FamilyDNAT {
		sc.ClientAddr = mustAddr("203.0.113.10")
		sc.ServerAddr = mustAddr("10.0.0.20")
		sc.ServerTarget = netip.AddrPortFrom(mustAddr("203.0.113.1"), ControlPort)
	} else {
		sc.ClientAddr = mustAddr("192.168.1.10")
		sc.ServerAddr = mustAddr("198.51.100.20")
		sc.ServerTarget = netip.AddrPortFrom(sc.ServerAddr, ControlPort)
	}
	if sp.pasvAtRouter {
		sc.PasvAddress = sc.ServerTarget.Addr()
	}
	if sp.attacker {
		if sp.family != FamilyRouted {
			panic("sim: scenario " + sp.id + ": an attacker needs the routed family")
		}
		sc.Topology.Hosts = append(sc.Topology.Hosts, attackerHost())
		sc.AttackerHost = HostAttacker
	}
	if sp.cliFW != "" {
		sc.Firewalls = append(sc.Firewalls, clientFirewall(sp.cliFW))
	}
	if sp.rtr != "" {
		sc.Firewalls = append(sc.Firewalls, routerFirewall(sp.rtr))
	}
	if sp.srvFW != "" {
		sc.Firewalls = append(sc.Firewalls, serverFirewall(sp.srvFW))
	}
	return sc
}

// highPorts is 1024-65535, the unprivileged ports of the classic recipe.
func highPorts() PortRange { return Ports(1024, 65535) }

func pasvRange() PortRange { return Ports(PasvMin, PasvMax) }

func cts(s ...CTState) []CTState { return s }

// clientFirewall is gen_cli_fw of the oracle's lab.sh.
func clientFirewall(kind fwKind) Firewall {
	f := Firewall{Name: "client-fw", Host: HostClient}
	switch kind {
	case fwStateless:
		f.Chains = []Chain{
			{Hook: Output, Type: FilterChain, Policy: Accept, Rules: []Rule{
				{Name: "cli_out_ctrl_to21", Match: Match{SPort: highPorts(), DPort: Port(21)}, Action: Accept},
				{Name: "cli_out_active_acks_to20", Match: Match{SPort: highPorts(), DPort: Port(20)}, Action: Accept},
				{Name: "cli_out_passive_data_high_to_high", Match: Match{SPort: highPorts(), DPort: highPorts()}, Action: Accept},
				{Name: "cli_out_DROP", Action: Drop},
			}},
			{Hook: Input, Type: FilterChain, Policy: Accept, Rules: []Rule{
				{Name: "cli_in_ctrl_from21", Match: Match{SPort: Port(21), DPort: highPorts()}, Action: Accept},
				{Name: "cli_in_active_data_from20", Match: Match{SPort: Port(20), DPort: highPorts()}, Action: Accept},
				{Name: "cli_in_passive_replies_high_to_high", Match: Match{SPort: highPorts(), DPort: highPorts()}, Action: Accept},
				{Name: "cli_in_DROP", Action: Drop},
			}},
		}
	case fwStateful, fwStatefulHelper:
		var out []Rule
		if kind == fwStatefulHelper {
			out = append(out, Rule{Name: "cli_out_assign_helper_ftp", Match: Match{DPort: Port(21)}, Action: SetHelper, Helper: "ftp-std"})
		}
		out = append(out, Rule{Name: "cli_out_all", Action: Accept})
		f.Chains = []Chain{
			{Hook: Output, Type: FilterChain, Policy: Accept, Rules: out},
			{Hook: Input, Type: FilterChain, Policy: Accept, Rules: []Rule{
				{Name: "cli_in_established", Match: Match{CTState: cts(CTEstablished)}, Action: Accept},
				{Name: "cli_in_related", Match: Match{CTState: cts(CTRelated)}, Action: Accept},
				{Name: "cli_in_invalid_DROP", Match: Match{CTState: cts(CTInvalid)}, Action: Drop},
				{Name: "cli_in_new_DROP", Action: Drop},
			}},
		}
	}
	return f
}

// serverFirewall is gen_srv_fw of the oracle's lab.sh.
func serverFirewall(kind fwKind) Firewall {
	f := Firewall{Name: "server-fw", Host: HostServer}
	switch kind {
	case fwStateless:
		f.Chains = []Chain{
			{Hook: Input, Type: FilterChain, Policy: Accept, Rules: []Rule{
				{Name: "srv_in_ctrl_to21", Match: Match{SPort: highPorts(), DPort: Port(21)}, Action: Accept},
				{Name: "srv_in_active_acks_to20", Match: Match{SPort: highPorts(), DPort: Port(20)}, Action: Accept},
				{Name: "srv_in_passive_range", Match: Match{SPort: highPorts(), DPort: pasvRange()}, Action: Accept},
				{Name: "srv_in_DROP", Action: Drop},
			}},
			{Hook: Output, Type: FilterChain, Policy: Accept, Rules: []Rule{
				{Name: "srv_out_ctrl_from21", Match: Match{SPort: Port(21), DPort: highPorts()}, Action: Accept},
				{Name: "srv_out_active_data_from20", Match: Match{SPort: Port(20), DPort: highPorts()}, Action: Accept},
				{Name: "srv_out_passive_replies", Match: Match{SPort: pasvRange(), DPort: highPorts()}, Action: Accept},
				{Name: "srv_out_DROP", Action: Drop},
			}},
		}
	case fwStateful, fwStatefulHelper, fwStatefulRange:
		if kind == fwStatefulHelper {
			f.Chains = append(f.Chains, Chain{Hook: Prerouting, Type: FilterChain, Policy: Accept, Rules: []Rule{
				{Name: "srv_pre_assign_helper_ftp", Match: Match{DPort: Port(21)}, Action: SetHelper, Helper: "ftp-std"},
			}})
		}
		in := []Rule{
			{Name: "srv_in_established", Match: Match{CTState: cts(CTEstablished)}, Action: Accept},
			{Name: "srv_in_related", Match: Match{CTState: cts(CTRelated)}, Action: Accept},
			{Name: "srv_in_invalid_DROP", Match: Match{CTState: cts(CTInvalid)}, Action: Drop},
			{Name: "srv_in_new_ctrl21", Match: Match{DPort: Port(21), CTState: cts(CTNew)}, Action: Accept},
		}
		if kind == fwStatefulRange {
			in = append(in, Rule{Name: "srv_in_new_passive_range", Match: Match{DPort: pasvRange(), CTState: cts(CTNew)}, Action: Accept})
		}
		in = append(in, Rule{Name: "srv_in_new_DROP", Action: Drop})
		f.Chains = append(f.Chains,
			Chain{Hook: Input, Type: FilterChain, Policy: Accept, Rules: in},
			Chain{Hook: Output, Type: FilterChain, Policy: Accept, Rules: []Rule{{Name: "srv_out_all", Action: Accept}}},
		)
	}
	return f
}

// routerFirewall is gen_rtr of the oracle's lab.sh: NAT, the forward
// filter and, with _helper, the FTP helper for port 21. "lan" is always
// the router's private side: the client's in snat, the server's in dnat.
func routerFirewall(kind fwKind) Firewall {
	f := Firewall{Name: "router-fw", Host: HostRouter}
	var fwdNew []Rule
	switch kind {
	case rtrSNAT, rtrSNATHelper:
		f.Chains = append(f.Chains, Chain{Hook: Postrouting, Type: NATChain, Policy: Accept, Rules: []Rule{
			{Name: "rtr_snat_client_lan", Match: Match{OIf: "wan", Src: mustPrefix("192.168.1.0/24")}, Action: Masquerade},
		}})
		fwdNew = []Rule{{Name: "rtr_fwd_new_from_client_lan", Match: Match{IIf: "lan", CTState: cts(CTNew)}, Action: Accept}}
	case rtrDNAT, rtrDNATHelper, rtrDNATRange:
		public := netip.PrefixFrom(mustAddr("203.0.113.1"), 32)
		pre := []Rule{{Name: "rtr_dnat_ctrl21", Match: Match{IIf: "wan", Dst: public, DPort: Port(21)}, Action: DNAT, To: mustAddr("10.0.0.20")}}
		if kind == rtrDNATRange {
			pre = append(pre, Rule{Name: "rtr_dnat_passive_range", Match: Match{IIf: "wan", Dst: public, DPort: pasvRange()}, Action: DNAT, To: mustAddr("10.0.0.20")})
		}
		f.Chains = append(f.Chains,
			Chain{Hook: Prerouting, Type: NATChain, Policy: Accept, Rules: pre},
			Chain{Hook: Postrouting, Type: NATChain, Policy: Accept, Rules: []Rule{
				{Name: "rtr_snat_server_lan", Match: Match{OIf: "wan", Src: mustPrefix("10.0.0.0/24")}, Action: Masquerade},
			}})
		fwdNew = []Rule{
			{Name: "rtr_fwd_new_from_server_lan", Match: Match{IIf: "lan", CTState: cts(CTNew)}, Action: Accept},
			{Name: "rtr_fwd_new_port_forwarded", Match: Match{CTStatusDNAT: true, CTState: cts(CTNew)}, Action: Accept},
		}
	}
	if kind == rtrSNATHelper || kind == rtrDNATHelper {
		f.Chains = append(f.Chains, Chain{Hook: Prerouting, Type: FilterChain, Policy: Accept, Rules: []Rule{
			{Name: "rtr_pre_assign_helper_ftp", Match: Match{DPort: Port(21)}, Action: SetHelper, Helper: "ftp-std"},
		}})
	}
	fwd := []Rule{
		{Name: "rtr_fwd_established", Match: Match{CTState: cts(CTEstablished)}, Action: Accept},
		{Name: "rtr_fwd_related", Match: Match{CTState: cts(CTRelated)}, Action: Accept},
	}
	fwd = append(fwd, fwdNew...)
	fwd = append(fwd, Rule{Name: "rtr_fwd_unsolicited_DROP", Action: Drop})
	f.Chains = append(f.Chains,
		Chain{Hook: Forward, Type: FilterChain, Policy: Accept, Rules: fwd},
		Chain{Hook: Input, Type: FilterChain, Policy: Accept, Rules: []Rule{
			{Name: "rtr_in_syn_to_router_itself", Match: Match{SYNOnly: true}, Action: Accept},
		}},
	)
	return f
}
