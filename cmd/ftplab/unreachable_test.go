package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// unreachableScript runs in a network namespace of its own, where only
// loopback is up and 10.0.0.0/8 is an unreachable route: the kernel
// answers a connect there with EHOSTUNREACH, and anywhere else off
// loopback with ENETUNREACH. Nothing leaves the namespace. ftplab serve
// announces 10.0.0.1 in its 227, so the data connection is unreachable
// while the control connection works.
const unreachableScript = `
bin=$1
ip link set lo up
ip route add unreachable 10.0.0.0/8
"$bin" serve --addr 127.0.0.1:2121 --pasv-address 10.0.0.1 >/dev/null 2>&1 &
pid=$!
for i in $(seq 250); do
	{ exec 3<>/dev/tcp/127.0.0.1/2121; } 2>/dev/null && break
	sleep 0.02
done
exec 3<&- 3>&-
echo "== control, no route to host"
"$bin" ls --timeout 5s ftp://10.1.1.1:21/
echo "== control, network unreachable"
"$bin" ls --timeout 5s ftp://192.168.77.1:21/
echo "== data"
"$bin" ls --timeout 5s --no-epsv --use-pasv-address ftp://127.0.0.1:2121/
kill $pid
`

// EHOSTUNREACH and ENETUNREACH reach the user as "unreachable" with the
// OS error, for the control and the data connection (issue 13.6).
func TestUnreachableMessages(t *testing.T) {
	if _, err := exec.LookPath("unshare"); err != nil || os.Geteuid() != 0 {
		if os.Getenv("FTPLAB_REQUIRE_NETNS") == "1" {
			t.Fatal("needs root and unshare(1) for a network namespace")
		}
		t.Skip("needs root and unshare(1) for a network namespace (FTPLAB_REQUIRE_NETNS=1 makes this a failure)")
	}
	bin := binary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, _ := exec.CommandContext(ctx, "unshare", "-n", "bash", "-c", unreachableScript, "sh", bin).CombinedOutput()
	got := string(out)
	for _, want := range []string{
		"ftplab ls: ftp connect 10.1.1.1:21: unreachable: dial tcp 10.1.1.1:21: connect: no route to host",
		"ftplab ls: ftp connect 192.168.77.1:21: unreachable: dial tcp 192.168.77.1:21: connect: network is unreachable",
		"ftplab ls: data connection (PASV): connect -> 10.0.0.1:",
		": unreachable: dial tcp 10.0.0.1:",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "refused") {
		t.Errorf("an unreachable network reported as refused:\n%s", got)
	}
}
