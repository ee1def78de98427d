package sim

import (
	"net/netip"
	"testing"
)

func ap(s string) netip.AddrPort { return netip.MustParseAddrPort(s) }

// TestFilterDecisions checks single firewall decisions, rule by rule.
func TestFilterDecisions(t *testing.T) {
	cli := clientFirewall(fwStatefulHelper)
	cliStateless := clientFirewall(fwStateless)
	srvStateless := serverFirewall(fwStateless)
	srvRange := serverFirewall(fwStatefulRange)
	srv := serverFirewall(fwStateful)
	router := routerFirewall(rtrDNAT)
	// The classic recipe with the "established" (ACK) test on the
	// from-port-20 rule: it can no longer let the server's SYN in.
	ackOnly := clientFirewall(fwStateless)
	ackOnly.Chains[1].Rules[1].Match.ACK = true
	rejecting := clientFirewall(fwStateful)
	rejecting.Chains[1].Rules[3].Action = Reject

	syn := FlagSYN
	synack := FlagSYN | FlagACK
	tests := []struct {
		name     string
		fw       Firewall
		hook     Hook
		p        packet
		x        pktCtx
		action   Action
		rule     string
		withHelp string
	}{
		{"stateless: control reply from 21", cliStateless, Input, packet{ap("198.51.100.20:21"), ap("192.168.1.10:40000"), synack}, pktCtx{ct: CTUntracked}, Accept, "cli_in_ctrl_from21", ""},
		{"stateless: active data SYN from 20", cliStateless, Input, packet{ap("198.51.100.20:20"), ap("192.168.1.10:40000"), syn}, pktCtx{ct: CTUntracked}, Accept, "cli_in_active_data_from20", ""},
		{"stateless: the hole: any SYN from port 20 to any high port", cliStateless, Input, packet{ap("203.0.113.66:20"), ap("192.168.1.10:6000"), syn}, pktCtx{ct: CTUntracked}, Accept, "cli_in_active_data_from20", ""},
		{"stateless: SYN to a low port", cliStateless, Input, packet{ap("198.51.100.20:20"), ap("192.168.1.10:22"), syn}, pktCtx{ct: CTUntracked}, Drop, "cli_in_DROP", ""},
		{"stateless ACK test: active SYN from 20 falls through", ackOnly, Input, packet{ap("198.51.100.20:20"), ap("192.168.1.10:40000"), syn}, pktCtx{ct: CTUntracked}, Drop, "cli_in_DROP", ""},
		{"stateless ACK test: SYN-ACK from 20 passes", ackOnly, Input, packet{ap("198.51.100.20:20"), ap("192.168.1.10:40000"), synack}, pktCtx{ct: CTUntracked}, Accept, "cli_in_active_data_from20", ""},
		{"stateless: client SYN-ACK to port 20", cliStateless, Output, packet{ap("192.168.1.10:40000"), ap("198.51.100.20:20"), synack}, pktCtx{ct: CTUntracked}, Accept, "cli_out_active_acks_to20", ""},
		{"stateless server: passive range", srvStateless, Input, packet{ap("192.168.1.10:40000"), ap("198.51.100.20:40005"), syn}, pktCtx{ct: CTUntracked}, Accept, "srv_in_passive_range", ""},
		{"stateless server: outside the range", srvStateless, Input, packet{ap("192.168.1.10:40000"), ap("198.51.100.20:50000"), syn}, pktCtx{ct: CTUntracked}, Drop, "srv_in_DROP", ""},
		{"stateless server: reply from a privileged port", srvStateless, Output, packet{ap("198.51.100.20:22"), ap("192.168.1.10:40000"), synack}, pktCtx{ct: CTUntracked}, Drop, "srv_out_DROP", ""},
		{"stateful: established", cli, Input, packet{ap("198.51.100.20:21"), ap("192.168.1.10:40000"), synack}, pktCtx{ct: CTEstablished}, Accept, "cli_in_established", ""},
		{"stateful: related", cli, Input, packet{ap("198.51.100.20:20"), ap("192.168.1.10:40000"), syn}, pktCtx{ct: CTRelated}, Accept, "cli_in_related", ""},
		{"stateful: new inbound dropped", cli, Input, packet{ap("198.51.100.20:20"), ap("192.168.1.10:40000"), syn}, pktCtx{ct: CTNew}, Drop, "cli_in_new_DROP", ""},
		{"stateful: new inbound rejected", rejecting, Input, packet{ap("198.51.100.20:20"), ap("192.168.1.10:40000"), syn}, pktCtx{ct: CTNew}, Reject, "cli_in_new_DROP", ""},
		{"stateful: helper assigned to port 21", cli, Output, packet{ap("192.168.1.10:40000"), ap("198.51.100.20:21"), syn}, pktCtx{ct: CTNew}, Accept, "cli_out_all", "ftp-std"},
		{"stateful: no helper for another port", cli, Output, packet{ap("192.168.1.10:40000"), ap("198.51.100.20:2121"), syn}, pktCtx{ct: CTNew}, Accept, "cli_out_all", ""},
		{"server: new to 21", srv, Input, packet{ap("192.168.1.10:40000"), ap("198.51.100.20:21"), syn}, pktCtx{ct: CTNew}, Accept, "srv_in_new_ctrl21", ""},
		{"server: new to the passive range", srv, Input, packet{ap("192.168.1.10:40000"), ap("198.51.100.20:40001"), syn}, pktCtx{ct: CTNew}, Drop, "srv_in_new_DROP", ""},
		{"server g: passive range opened", srvRange, Input, packet{ap("192.168.1.10:40000"), ap("198.51.100.20:40001"), syn}, pktCtx{ct: CTNew}, Accept, "srv_in_new_passive_range", ""},
		{"router: port-forwarded", router, Forward, packet{ap("203.0.113.10:40000"), ap("10.0.0.20:21"), syn}, pktCtx{iif: "wan", oif: "lan", ct: CTNew, dnat: true}, Accept, "rtr_fwd_new_port_forwarded", ""},
		{"router: new from the server LAN", router, Forward, packet{ap("10.0.0.20:20"), ap("203.0.113.10:40000"), syn}, pktCtx{iif: "lan", oif: "wan", ct: CTNew}, Accept, "rtr_fwd_new_from_server_lan", ""},
		{"router: unsolicited to the private LAN", router, Forward, packet{ap("203.0.113.10:40000"), ap("10.0.0.20:40001"), syn}, pktCtx{iif: "wan", oif: "lan", ct: CTNew}, Drop, "rtr_fwd_unsolicited_DROP", ""},
		{"router: SYN to itself", router, Input, packet{ap("203.0.113.10:40000"), ap("203.0.113.1:40001"), syn}, pktCtx{iif: "wan", ct: CTNew}, Accept, "rtr_in_syn_to_router_itself", ""},
		{"router: no chain for output", router, Output, packet{ap("203.0.113.1:1"), ap("203.0.113.10:2"), syn}, pktCtx{ct: CTNew}, Accept, "", ""},
	}
	for i, tc := range tests {
		d := tc.fw.filter(tc.hook, tc.p, tc.x)
		if d.action != tc.action || d.rule != tc.rule || d.helper != tc.withHelp {
			t.Errorf("#%d %s: got %s by %q (helper %q), want %s by %q (helper %q)", i, tc.name, d.action, d.rule, d.helper, tc.action, tc.rule, tc.withHelp)
		}
	}
}

// TestStatelessAckNuance plays active mode through the classic recipe and
// through its "ACK-only from port 20" variant (the "established" test of
// old stateless filters): the latter drops the server's opening SYN at the
// client, since a SYN has no ACK bit, and active mode fails with 425.
func TestStatelessAckNuance(t *testing.T) {
	for _, tc := range []struct {
		name    string
		ackOnly bool
		want    string
	}{
		{"classic recipe", false, "ok"},
		{"ack bit required from port 20", true, "425"},
	} {
		sc, _ := Lookup("b")
		if tc.ackOnly {
			for i := range sc.Firewalls {
				if sc.Firewalls[i].Host == HostClient {
					in := &sc.Firewalls[i].Chains[1]
					in.Rules[1].Match.ACK = true
				}
			}
		}
		s := playSession(t, sc, ModePORT, 1)
		if s.outcome != tc.want {
			t.Errorf("%s: outcome %s, want %s\n%s", tc.name, s.outcome, tc.want, RenderText(s.net.Timeline()))
		}
		if tc.ackOnly && s.drop.Rule != "cli_in_DROP" {
			t.Errorf("%s: dropped by %q, want cli_in_DROP", tc.name, s.drop.Rule)
		}
	}
}

// TestConnectVerdicts checks whole-path verdicts: drop, reject, refusal by
// a host with no listener.
func TestConnectVerdicts(t *testing.T) {
	tests := []struct {
		scen       string
		from       string
		to         string
		listen     string // server listener, "" for none
		verdict    Verdict
		by, rule   string
		acceptedAt string
	}{
		{"a", HostClient, "198.51.100.20:40001", "198.51.100.20:40001", Delivered, "", "", HostServer},
		{"a", HostClient, "198.51.100.20:40001", "", Rejected, HostServer, "", ""},
		{"c", HostServer, "192.168.1.10:40001", "", Dropped, "client-fw", "cli_in_new_DROP", ""},
		{"e", HostClient, "198.51.100.20:40001", "198.51.100.20:40001", Dropped, "server-fw", "srv_in_new_DROP", ""},
		{"i1", HostClient, "203.0.113.1:40001", "10.0.0.20:40001", Rejected, HostRouter, "", ""},
		{"i1", HostClient, "10.0.0.20:40001", "10.0.0.20:40001", Dropped, "router-fw", "rtr_fwd_unsolicited_DROP", ""},
		{"i4", HostClient, "203.0.113.1:40001", "10.0.0.20:40001", Delivered, "", "", HostServer},
		{"h1", HostServer, "192.168.1.10:40001", "", Dropped, "router-fw", "rtr_fwd_unsolicited_DROP", ""},
	}
	for i, tc := range tests {
		sc, _ := Lookup(tc.scen)
		n := New(sc, 1)
		if tc.listen != "" {
			if _, err := n.Listen(HostServer, ap(tc.listen)); err != nil {
				t.Fatal(err)
			}
		}
		a, err := n.Connect(tc.from, netip.AddrPort{}, ap(tc.to))
		if err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		if a.Verdict != tc.verdict || a.By != tc.by || a.Rule != tc.rule || a.To != tc.acceptedAt {
			t.Errorf("#%d %s %s->%s: got %s by %q rule %q to %q, want %s by %q rule %q to %q\n%s", i, tc.scen, tc.from, tc.to,
				a.Verdict, a.By, a.Rule, a.To, tc.verdict, tc.by, tc.rule, tc.acceptedAt, RenderText(n.Timeline()))
		}
		last := n.Timeline().Events()[n.Timeline().Len()-1]
		want := map[Verdict]string{Delivered: LabelDataAccept, Dropped: LabelTimeout, Rejected: LabelRefused}[tc.verdict]
		if last.Label != want {
			t.Errorf("#%d: last event %s, want %s", i, last.Label, want)
		}
		if tc.verdict == Dropped && last.Time < DefaultTimeoutMs {
			t.Errorf("#%d: timeout at %d ms, want >= %d", i, last.Time, DefaultTimeoutMs)
		}
	}
}
