package proxy

import (
	"net/netip"
	"strconv"
	"strings"
	"testing"
)

func TestParseDataCommand(t *testing.T) {
	for i, tc := range []struct {
		line   string
		isData bool
		want   string // target, or "error"
	}{
		{"PORT 127,0,0,1,195,80", true, "127.0.0.1:50000"},
		{"port 127,0,0,1,195,80", true, "127.0.0.1:50000"},
		{"EPRT |1|127.0.0.1|50000|", true, "127.0.0.1:50000"},
		{"EPRT |2|::1|50000|", true, "[::1]:50000"},
		{"PORT 127,0,0,1,195", true, "error"},
		{"EPRT |1|127.0.0.1|", true, "error"},
		{"PASV", false, ""},
		{"RETR PORT 1,2,3,4,5,6", false, ""},
		{"", false, ""},
	} {
		dc, ok, err := parseDataCommand(tc.line)
		if ok != tc.isData {
			t.Errorf("#%d %q: data command %v, want %v", i, tc.line, ok, tc.isData)
			continue
		}
		switch {
		case tc.want == "error" && err == nil:
			t.Errorf("#%d %q: no error", i, tc.line)
		case tc.want != "error" && ok && (err != nil || dc.target.String() != tc.want):
			t.Errorf("#%d %q: %v, %v; want %s", i, tc.line, dc.target, err, tc.want)
		}
	}
}

func TestCheckTarget(t *testing.T) {
	client := netip.MustParseAddr("127.0.0.1")
	for i, tc := range []struct {
		target string
		ok     bool
	}{
		{"127.0.0.1:50000", true},
		{"127.0.0.2:50000", false}, // a third host: the bounce attack
		{"127.0.0.1:25", false},    // a well-known port
		{"127.0.0.1:1024", true},
	} {
		err := checkTarget(netip.MustParseAddrPort(tc.target), client)
		if (err == nil) != tc.ok {
			t.Errorf("#%d %s: %v, want ok=%v", i, tc.target, err, tc.ok)
		}
	}
}

func TestFormatDataCommand(t *testing.T) {
	for i, tc := range []struct {
		verb, local, want string
	}{
		{"PORT", "127.0.0.1:50000", "PORT 127,0,0,1,195,80"},
		{"EPRT", "127.0.0.1:50000", "EPRT |1|127.0.0.1|50000|"},
		{"PORT", "[::1]:50000", "EPRT |2|::1|50000|"}, // PORT cannot carry IPv6
	} {
		if got := formatDataCommand(tc.verb, netip.MustParseAddrPort(tc.local)); got != tc.want {
			t.Errorf("#%d: %q, want %q", i, got, tc.want)
		}
	}
}

func TestPassiveReplies(t *testing.T) {
	for i, tc := range []struct {
		line      string
		isPassive bool
		announced string
		rewritten string // with the proxy listening on 127.0.0.1:40000
	}{
		{"227 Entering Passive Mode (10,0,0,5,156,64).", true, "10.0.0.5:40000", "227 Entering Passive Mode (127,0,0,1,156,64)."},
		{"227 =10,0,0,5,156,64", true, "10.0.0.5:40000", "227 Entering Passive Mode (127,0,0,1,156,64)."}, // RFC 1123: no parentheses
		{"229 Entering Extended Passive Mode (|||50000|)", true, ":50000", "229 Entering Extended Passive Mode (|||40000|)"},
		{"227-first line of a multi-line reply", false, "", ""},
		{"226 Transfer complete.", false, "", ""},
	} {
		pr, ok, err := parsePassiveReply(tc.line)
		if ok != tc.isPassive || err != nil {
			t.Errorf("#%d %q: passive %v, %v", i, tc.line, ok, err)
			continue
		}
		if !ok {
			continue
		}
		got := pr.announced.String()
		if !pr.announced.Addr().IsValid() {
			got = ":" + strconv.Itoa(int(pr.announced.Port())) // 229 carries the port alone
		}
		if got != tc.announced {
			t.Errorf("#%d: announced %s, want %s", i, got, tc.announced)
		}
		rewritten, err := formatPassiveReply(pr.code, netip.MustParseAddrPort("127.0.0.1:40000"))
		if err != nil || rewritten != tc.rewritten {
			t.Errorf("#%d: rewritten %q, %v; want %q", i, rewritten, err, tc.rewritten)
		}
	}
	if _, ok, err := parsePassiveReply("227 Entering Passive Mode (no numbers)."); !ok || err == nil {
		t.Errorf("a malformed 227: ok=%v err=%v, want a 227 and an error", ok, err)
	}
}

func TestPassiveTarget(t *testing.T) {
	s := &session{p: &Proxy{}, serverAddr: netip.MustParseAddrPort("127.0.0.1:21")}
	nat := passiveReply{code: 227, announced: netip.MustParseAddrPort("10.0.0.5:40000")}
	got, note := s.passiveTarget(nat)
	if got.String() != "127.0.0.1:40000" || !strings.Contains(note, "10.0.0.5") || !strings.Contains(note, "lesson 10") {
		t.Errorf("default: dial %s, note %q; want the control peer and a NAT finding", got, note)
	}
	s.p.cfg.UsePASVAddress = true
	if got, _ := s.passiveTarget(nat); got.String() != "10.0.0.5:40000" {
		t.Errorf("UsePASVAddress: dial %s, want the 227 address", got)
	}
	same := passiveReply{code: 227, announced: netip.MustParseAddrPort("127.0.0.1:40001")}
	if got, note := s.passiveTarget(same); got.String() != "127.0.0.1:40001" || note != "" {
		t.Errorf("honest 227: dial %s, note %q", got, note)
	}
}
