package sim

import (
	"net/netip"
	"slices"
	"testing"
)

// FuzzHelperScan reads any line with the FTP helper: it must not panic, a
// match must lie inside the line with a pattern of the line's direction,
// and nf_nat_ftp's rewrite of a match must read back as the address and
// port written, at the same offset.
func FuzzHelperScan(f *testing.F) {
	for _, s := range []string{
		"PORT 192,168,1,10,195,80", "port 1,2,3,4,5,6", "PORTAL 1,2,3,4,5,6", "PORT ,,,,,",
		"EPRT |1|192.168.1.10|50000|", "EPRT !1!1.2.3.4!7!x", "EPRT |2|::1|5|",
		"227 Entering Passive Mode (198,51,100,20,156,64).", "227 (1,2,3,4,5,6", "227 x 1,2,3,4,5,6",
		"229 Entering Extended Passive Mode (|||40000|)", "229 (|||65616|", "PORT 1,2,3,4,5,6\rX", "",
	} {
		f.Add(s, true, byte(203), byte(0), byte(113), byte(1), uint16(40001))
		f.Add(s, false, byte(10), byte(0), byte(0), byte(20), uint16(1))
	}
	f.Fuzz(func(t *testing.T, line string, fromClient bool, a, b, c, d byte, port uint16) {
		m := HelperScan(line, fromClient)
		if m.Result != HelperFound {
			if m.Result != HelperNone && m.Result != HelperPartial {
				t.Fatalf("%q: result %d", line, m.Result)
			}
			return
		}
		patterns := []string{"227", "229"}
		if fromClient {
			patterns = []string{"PORT", "EPRT"}
		}
		if !slices.Contains(patterns, m.Pattern) {
			t.Fatalf("%q (from client %v): pattern %q", line, fromClient, m.Pattern)
		}
		if m.Off < 1 || m.Len < 1 || m.Off+m.Len > len(line) {
			t.Fatalf("%q: match at %d+%d outside the line (%d bytes)", line, m.Off, m.Len, len(line))
		}
		if m.Pattern == "229" && m.Addr.IsValid() {
			t.Fatalf("%q: 229 with address %s", line, m.Addr)
		}
		to := netip.AddrPortFrom(netip.AddrFrom4([4]byte{a, b, c, d}), max(port, 1))
		text := mangle(m.Pattern, to)
		out := line[:m.Off] + text + line[m.Off+m.Len:]
		back := HelperScan(out, fromClient)
		want := HelperMatch{Result: HelperFound, Pattern: m.Pattern, Addr: to.Addr(), Port: to.Port(), Off: m.Off, Len: len(text)}
		if m.Pattern == "229" {
			want.Addr = netip.Addr{}
		}
		if back != want {
			t.Fatalf("%q rewritten to %q reads %+v, want %+v", line, out, back, want)
		}
	})
}
