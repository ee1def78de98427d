package sim

import (
	"strings"
)

// labPlan is the address plan lab.sh's templates are filled with: the
// kernel lab's names and addresses mapped onto a family's virtual ones.
type labPlan struct {
	rc, rs         string // the router's client-side and server-side interfaces
	rcIP, sIP      string // the router's client-side address, the server's
	cliNet, srvNet string // the client's and the server's networks
}

func planFor(family string) labPlan {
	if family == "dnat" {
		return labPlan{rc: "wan", rs: "lan", rcIP: "203.0.113.1", sIP: "10.0.0.20", cliNet: "203.0.113.0/24", srvNet: "10.0.0.0/24"}
	}
	return labPlan{rc: "lan", rs: "wan", rcIP: "192.168.1.1", sIP: "198.51.100.20", cliNet: "192.168.1.0/24", srvNet: "198.51.100.0/24"}
}

const labHelperObj = `ct helper ftp-std { type "ftp" protocol tcp; l3proto inet; }`

// labRuleset is the ruleset lab.sh's gen_cli_fw, gen_rtr and gen_srv_fw
// write for a catalogue row's host ("" when the host does not filter),
// with the family's virtual names and addresses.
func labRuleset(sp spec, host string) string {
	var s string
	switch host {
	case HostClient:
		s = labClient(string(sp.cliFW))
	case HostServer:
		s = labServer(string(sp.srvFW))
	case HostRouter:
		s = labRouter(string(sp.rtr), planFor(string(sp.family)))
	}
	// lab.sh leaves an empty line where an optional part is absent.
	return strings.ReplaceAll(s, "\n\n", "\n")
}

func labClient(kind string) string {
	switch kind {
	case "stateless":
		return `table inet ftpo_fw {
  chain output {
    type filter hook output priority filter; policy accept;
    oif "lo" accept
    tcp sport 1024-65535 tcp dport 21 counter accept comment "cli_out_ctrl_to21"
    tcp sport 1024-65535 tcp dport 20 counter accept comment "cli_out_active_acks_to20"
    tcp sport 1024-65535 tcp dport 1024-65535 counter accept comment "cli_out_passive_data_high_to_high"
    counter drop comment "cli_out_DROP"
  }
  chain input {
    type filter hook input priority filter; policy accept;
    iif "lo" accept
    tcp sport 21 tcp dport 1024-65535 counter accept comment "cli_in_ctrl_from21"
    tcp sport 20 tcp dport 1024-65535 counter accept comment "cli_in_active_data_from20"
    tcp sport 1024-65535 tcp dport 1024-65535 counter accept comment "cli_in_passive_replies_high_to_high"
    counter drop comment "cli_in_DROP"
  }
}
`
	case "stateful", "stateful_helper":
		h1, h2 := "", ""
		if kind == "stateful_helper" {
			h1 = "  " + labHelperObj
			h2 = `    tcp dport 21 ct helper set "ftp-std" counter comment "cli_out_assign_helper_ftp"`
		}
		return `table inet ftpo_fw {
` + h1 + `
  chain output {
    type filter hook output priority filter; policy accept;
` + h2 + `
    counter accept comment "cli_out_all"
  }
  chain input {
    type filter hook input priority filter; policy accept;
    iif "lo" accept
    ct state established counter accept comment "cli_in_established"
    ct state related counter accept comment "cli_in_related"
    ct state invalid counter drop comment "cli_in_invalid_DROP"
    counter drop comment "cli_in_new_DROP"
  }
}
`
	}
	return ""
}

func labServer(kind string) string {
	switch kind {
	case "stateless":
		return `table inet ftpo_fw {
  chain input {
    type filter hook input priority filter; policy accept;
    iif "lo" accept
    tcp sport 1024-65535 tcp dport 21 counter accept comment "srv_in_ctrl_to21"
    tcp sport 1024-65535 tcp dport 20 counter accept comment "srv_in_active_acks_to20"
    tcp sport 1024-65535 tcp dport 40000-40009 counter accept comment "srv_in_passive_range"
    counter drop comment "srv_in_DROP"
  }
  chain output {
    type filter hook output priority filter; policy accept;
    oif "lo" accept
    tcp sport 21 tcp dport 1024-65535 counter accept comment "srv_out_ctrl_from21"
    tcp sport 20 tcp dport 1024-65535 counter accept comment "srv_out_active_data_from20"
    tcp sport 40000-40009 tcp dport 1024-65535 counter accept comment "srv_out_passive_replies"
    counter drop comment "srv_out_DROP"
  }
}
`
	case "stateful", "stateful_helper", "stateful_range":
		h1, r := "", ""
		if kind == "stateful_helper" {
			h1 = "  " + labHelperObj + `
  chain prerouting {
    type filter hook prerouting priority filter; policy accept;
    tcp dport 21 ct helper set "ftp-std" counter comment "srv_pre_assign_helper_ftp"
  }`
		}
		if kind == "stateful_range" {
			r = `    tcp dport 40000-40009 ct state new counter accept comment "srv_in_new_passive_range"`
		}
		return `table inet ftpo_fw {
` + h1 + `
  chain input {
    type filter hook input priority filter; policy accept;
    iif "lo" accept
    ct state established counter accept comment "srv_in_established"
    ct state related counter accept comment "srv_in_related"
    ct state invalid counter drop comment "srv_in_invalid_DROP"
    tcp dport 21 ct state new counter accept comment "srv_in_new_ctrl21"
` + r + `
    counter drop comment "srv_in_new_DROP"
  }
  chain output {
    type filter hook output priority filter; policy accept;
    counter accept comment "srv_out_all"
  }
}
`
	}
	return ""
}

func labRouter(kind string, pl labPlan) string {
	var nat, fwdNew, helper string
	switch kind {
	case "":
		return ""
	case "snat", "snat_helper":
		nat = `table ip ftpo_nat {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "` + pl.rs + `" ip saddr ` + pl.cliNet + ` counter masquerade comment "rtr_snat_client_lan"
  }
}`
		fwdNew = `    iifname "` + pl.rc + `" ct state new counter accept comment "rtr_fwd_new_from_client_lan"`
	case "dnat", "dnat_helper", "dnat_range":
		rng := ""
		if kind == "dnat_range" {
			rng = `    iifname "` + pl.rc + `" ip daddr ` + pl.rcIP + ` tcp dport 40000-40009 counter dnat to ` + pl.sIP + ` comment "rtr_dnat_passive_range"`
		}
		nat = `table ip ftpo_nat {
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    iifname "` + pl.rc + `" ip daddr ` + pl.rcIP + ` tcp dport 21 counter dnat to ` + pl.sIP + ` comment "rtr_dnat_ctrl21"
` + rng + `
  }
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "` + pl.rc + `" ip saddr ` + pl.srvNet + ` counter masquerade comment "rtr_snat_server_lan"
  }
}`
		fwdNew = `    iifname "` + pl.rs + `" ct state new counter accept comment "rtr_fwd_new_from_server_lan"
    ct status dnat ct state new counter accept comment "rtr_fwd_new_port_forwarded"`
	}
	if strings.HasSuffix(kind, "_helper") {
		helper = "  " + labHelperObj + `
  chain prerouting {
    type filter hook prerouting priority filter; policy accept;
    tcp dport 21 ct helper set "ftp-std" counter comment "rtr_pre_assign_helper_ftp"
  }`
	}
	return nat + `
table inet ftpo_fw {
` + helper + `
  chain forward {
    type filter hook forward priority filter; policy accept;
    ct state established counter accept comment "rtr_fwd_established"
    ct state related counter accept comment "rtr_fwd_related"
` + fwdNew + `
    counter drop comment "rtr_fwd_unsolicited_DROP"
  }
  chain input {
    type filter hook input priority filter; policy accept;
    tcp flags & (syn|ack) == syn counter accept comment "rtr_in_syn_to_router_itself"
  }
}
`
}
