package sim

import (
	"math/rand/v2"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// needKernel skips a test that loads rulesets into the kernel unless it
// runs as root with nft, ip and unshare; under FTPLAB_REQUIRE_NETNS=1 it
// fails instead.
func needKernel(t *testing.T) {
	t.Helper()
	why := ""
	if os.Geteuid() != 0 {
		why = "not root"
	}
	for _, tool := range []string{"nft", "ip", "unshare"} {
		if _, err := exec.LookPath(tool); err != nil {
			why = tool + " not found"
		}
	}
	if why == "" {
		return
	}
	if os.Getenv("FTPLAB_REQUIRE_NETNS") == "1" {
		t.Fatalf("kernel test needs root, nft, ip and unshare: %s", why)
	}
	t.Skipf("kernel test skipped (%s); FTPLAB_REQUIRE_NETNS=1 makes this a failure", why)
}

// kernelList loads a ruleset with the real nft -f into a network
// namespace of its own (unshare -n, gone when the command ends; veths
// lan/wan and eth0/eth1 exist for iif and oif) and returns what nft list
// ruleset prints there.
func kernelList(t *testing.T, text string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "ruleset.nft")
	if err := os.WriteFile(f, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("unshare", "-n", "sh", "-c",
		`ip link add lan type veth peer name wan && ip link add eth0 type veth peer name eth1 && nft -f "$1" && nft list ruleset`, "sh", f)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("nft -f refused a ruleset the lab accepts: %v\n%s\n%s", err, out, text)
	}
	return string(out)
}

// ruleKey names an outcome's deciding rule by chain and position, which
// survive nft's reprinting (texts and lines do not).
func ruleKey(rs *Ruleset, ref *RuleRef) string {
	if ref == nil {
		return "-"
	}
	for _, tb := range rs.Tables {
		for _, c := range tb.Chains {
			for i, r := range c.Rules {
				if tb.Family+" "+tb.Name == ref.Table && c.Name == ref.Chain && r.Line == ref.Line {
					return ref.Table + " " + c.Name + " #" + strconv.Itoa(i)
				}
			}
		}
	}
	return "?"
}

// outcomeKey is an outcome in terms that survive nft's reprinting.
func outcomeKey(rs *Ruleset, o NftVerdict) string {
	k := string(o.Verdict) + " " + ruleKey(rs, o.Rule)
	if o.Policy {
		k += " policy"
	}
	if o.Ruled {
		k += " ruled"
	}
	if o.Helper != nil {
		k += " helper " + o.Helper.Name + "/" + o.Helper.Type
	}
	if o.NAT != nil {
		k += " " + string(o.NAT.Kind) + " " + o.NAT.To.String() + " " + ruleKey(rs, &o.NAT.Rule)
	}
	return k
}

// sameAfterKernel loads text into the kernel, parses what the kernel
// prints back, and checks both rulesets judge random packets alike.
func sameAfterKernel(t *testing.T, name, text string, r *rand.Rand, m packetMatrix, n int) {
	t.Helper()
	orig, err := ParseRuleset(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	listed := kernelList(t, text)
	back, err := ParseRuleset(name+" (nft list ruleset)", []byte(listed))
	if err != nil {
		t.Fatalf("%s: the lab cannot read what nft list ruleset prints:\n%v\n%s", name, err, listed)
	}
	if orig.Tracks() != back.Tracks() {
		t.Fatalf("%s: tracks %v, after the kernel %v", name, orig.Tracks(), back.Tracks())
	}
	for range n {
		p := randomPacket(r, m)
		if a, b := outcomeKey(orig, orig.Eval(p)), outcomeKey(back, back.Eval(p)); a != b {
			t.Fatalf("%s, %+v: %s, but %s after the kernel's reprinting\n%s", name, p, a, b, listed)
		}
	}
}

// TestKernelAcceptsTheSubset loads one rule of each construct the lab
// accepts with the real nft: the kernel takes each, and the lab reads
// back what nft list ruleset prints, to the same verdicts.
func TestKernelAcceptsTheSubset(t *testing.T) {
	needKernel(t)
	r := rand.New(rand.NewPCG(7, 8))
	m := packetMatrix{
		ifaces: []string{"lan", "wan", "lo", ""},
		addrs:  []netip.Addr{mustAddr("10.0.0.20"), mustAddr("10.0.1.5"), mustAddr("192.168.1.10"), mustAddr("203.0.113.1")},
		ports:  []uint16{20, 21, 22, 1024, 40000, 40009, 40010},
		flags:  []TCPFlags{FlagSYN, FlagSYN | FlagACK, FlagACK},
		cts:    []CTState{CTNew, CTEstablished, CTRelated, CTInvalid, CTUntracked},
	}
	for _, rule := range subsetRules {
		sameAfterKernel(t, "subset rule "+strings.Fields(rule)[0], chainOf(rule), r, m, 300)
	}
}

// TestKernelReprintsShippedRulesets loads every shipped scenario's
// rulesets with the real nft, and checks that what nft list ruleset
// prints reads back to the same verdicts: the files are kernel rulesets,
// and the lab reads the kernel's own listing.
func TestKernelReprintsShippedRulesets(t *testing.T) {
	needKernel(t)
	r := rand.New(rand.NewPCG(9, 10))
	for _, sc := range shipped.All() {
		name := filepath.Join(scenarioDir, sc.ID+".md")
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, fw := range sc.Firewalls {
			sameAfterKernel(t, name+" "+fw.Host, fencedBlock(t, string(src), "nft "+fw.Host), r, matrixFor(sc, fw, true), 500)
		}
	}
}

// fencedBlock returns the text of the fenced block with info string info.
func fencedBlock(t *testing.T, src, info string) string {
	t.Helper()
	_, rest, ok := strings.Cut(src, "```"+info+"\n")
	block, _, ok2 := strings.Cut(rest, "```\n")
	if !ok || !ok2 {
		t.Fatalf("no ```%s block", info)
	}
	return block
}
